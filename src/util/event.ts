/** A minimal event emitter with VS Code's Event shape, usable in code that must not import `vscode`. */
export interface Disposable { dispose(): unknown }
export type Event<T> = (listener: (value: T) => unknown) => Disposable;

export class Emitter<T> {
  private listeners = new Set<(value: T) => unknown>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // A failing listener must not stop the others.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
