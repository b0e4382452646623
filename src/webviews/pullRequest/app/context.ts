// What the page's modules share: posting to the extension, whether an action runs, and a re-render.
import { h } from '../../shared/app/dom';
import type { FromWebview } from '../messages';

export const page = {
  post: (_message: FromWebview): void => undefined,
  busy: undefined as string | undefined,
  render: (): void => undefined,
  /** Run after the next render: inputs moved in the page would otherwise show their old text again. */
  afterRender: [] as (() => void)[],
};

export function button(label: string, onClick: () => void, options: { secondary?: boolean; icon?: string; disabled?: boolean; id?: string; ariaLabel?: string } = {}): HTMLElement {
  return h('vscode-button', {
    secondary: options.secondary, icon: options.icon, disabled: options.disabled || page.busy !== undefined, id: options.id,
    'aria-label': options.ariaLabel, onclick: onClick,
  }, label);
}
