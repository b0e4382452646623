/** The webview's end of the conversation with the extension: typed posting, validated receiving, saved state. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Channel<Out, S> {
  post(message: Out): void;
  getState(): S | undefined;
  setState(state: S): void;
}

/**
 * Connects to the extension: every incoming message is checked with `parse` (others are ignored), then
 * `ready` is sent so the extension starts talking.
 */
export function connect<In, Out extends { type: string }, S>(parse: (raw: unknown) => In | undefined, onMessage: (message: In) => void, isState: (raw: unknown) => raw is S): Channel<Out, S> {
  const api = acquireVsCodeApi();
  window.addEventListener('message', (event: MessageEvent) => {
    const message = parse(event.data);
    if (message === undefined) {
      console.warn('Ignored a malformed message from the extension');
      return;
    }
    onMessage(message);
  });
  const channel: Channel<Out, S> = {
    post: (message) => api.postMessage(message),
    getState: () => {
      const raw = api.getState();
      return isState(raw) ? raw : undefined;
    },
    setState: (state) => api.setState(state),
  };
  return channel;
}
