// The completion section's controls (merge type, delete the branch, complete the work items). They are made once and
// kept across renders, like the page's text inputs, and so is the choice they show: once the user changes one, the
// choice is theirs (kept in the webview state too) until another pull request is shown; until then it follows what
// the extension sends (the options last used for this pull request, or auto-complete's).
import { format, h } from '../../shared/app/dom';
import type { CompletionChoice, DetailsState } from '../messages';

type Select = HTMLElement & { value: string };
type Checkbox = HTMLElement & { checked: boolean; label: string };

export class CompletionControls {
  readonly strategy = h('vscode-single-select', { id: 'merge-strategy' }) as Select;
  readonly deleteBranch = h('vscode-checkbox', {}) as Checkbox;
  readonly transition = h('vscode-checkbox', {}) as Checkbox;
  private pullRequest?: number;
  private options = '';
  private current?: CompletionChoice;
  private chosen = false;

  /** `changed` is told every choice the user makes (to keep it in the webview state). */
  constructor(private readonly changed: (choice: CompletionChoice) => void) {
    const pick = (update: (choice: CompletionChoice) => void) => () => {
      if (!this.current) return;
      update(this.current);
      this.chosen = true;
      this.changed({ ...this.current });
    };
    this.strategy.addEventListener('change', pick((c) => { c.mergeStrategy = this.strategy.value as CompletionChoice['mergeStrategy']; }));
    this.deleteBranch.addEventListener('change', pick((c) => { c.deleteSourceBranch = this.deleteBranch.checked; }));
    this.transition.addEventListener('change', pick((c) => { c.transitionWorkItems = this.transition.checked; }));
  }

  /** The choice to send with "Complete" or "Set Auto-Complete". */
  get choice(): CompletionChoice | undefined {
    return this.current && { ...this.current };
  }

  /** The choice the user made, if they changed one (kept in the webview state). */
  get userChoice(): CompletionChoice | undefined {
    return this.chosen ? this.choice : undefined;
  }

  /**
   * Brings the controls up to `st` before a render. `saved` is the choice the webview state kept for this pull
   * request (a page made again after it was hidden). The user's choice stays; a new pull request starts afresh.
   */
  update(st: DetailsState, saved?: CompletionChoice): void {
    if (this.pullRequest !== st.id) {
      this.pullRequest = st.id;
      this.options = '';
      this.chosen = saved !== undefined;
      this.current = { ...(saved ?? st.completion) };
    } else if (!this.chosen) {
      this.current = { ...st.completion };
    }
    const choice = this.current!;
    const s = st.strings;
    const options = JSON.stringify(st.mergeStrategies);
    if (options !== this.options) {
      this.options = options;
      this.strategy.replaceChildren(...st.mergeStrategies.map((m) => h('vscode-option', { value: m.value, selected: m.value === choice.mergeStrategy }, m.label)));
    } else if (this.strategy.value !== choice.mergeStrategy) {
      this.strategy.value = choice.mergeStrategy;
    }
    this.strategy.setAttribute('aria-label', s.mergeStrategy);
    this.deleteBranch.checked = choice.deleteSourceBranch;
    this.deleteBranch.label = format(s.deleteSourceBranch, st.sourceBranch);
    this.transition.checked = choice.transitionWorkItems;
    this.transition.label = s.transitionWorkItems;
  }
}
