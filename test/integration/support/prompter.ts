import type { InputOptions, PickItem, PickOptions, Prompter } from '../../../src/ui/prompter';

/** One scripted answer: what the "user" does at the next prompt of that kind. */
export type Step =
  | { input: string | undefined | ((options: InputOptions) => string | undefined) }
  | { pick: (items: PickItem<unknown>[]) => unknown }
  | { error: string | undefined }
  | { warning: string | undefined }
  | { info: string | undefined };

export interface Call {
  kind: 'input' | 'validation' | 'pick' | 'error' | 'warning' | 'info';
  text: string;
  options?: InputOptions;
  actions?: string[];
  answer?: unknown;
  /** The detail line of a modal warning. */
  detail?: string;
  /** The items of a pick (their values). */
  values?: unknown[];
}

/**
 * Stands in for the person at the keyboard: every prompt the extension shows is recorded, and answered from a
 * script. Like the real input box, a value that fails `validate` is not accepted: the refusal is recorded and the
 * next scripted input answers the same box. Notifications with no scripted step are recorded and dismissed.
 */
export class ScriptedPrompter implements Prompter {
  readonly calls: Call[] = [];
  private readonly steps: Step[];

  constructor(steps: Step[]) {
    this.steps = [...steps];
  }

  get remaining(): number {
    return this.steps.length;
  }

  private take<K extends string>(kind: K): Extract<Step, Record<K, unknown>> | undefined {
    const next = this.steps[0];
    if (next && kind in next) {
      this.steps.shift();
      return next as Extract<Step, Record<K, unknown>>;
    }
    return undefined;
  }

  async input(options: InputOptions): Promise<string | undefined> {
    this.calls.push({ kind: 'input', text: options.title ?? options.prompt ?? '', options });
    for (;;) {
      const step = this.take('input');
      if (!step) return undefined; // the user pressed Escape
      const answer = typeof step.input === 'function' ? step.input(options) : step.input;
      if (answer === undefined) return undefined;
      const problem = answer.trim() === '' ? 'A value is required.' : options.validate?.(answer);
      if (!problem) return answer;
      this.calls.push({ kind: 'validation', text: problem, answer });
    }
  }

  async pick<T>(items: PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    this.calls.push({ kind: 'pick', text: options.placeholder ?? options.title ?? '', actions: items.map((i) => i.label), values: items.map((i) => i.value) });
    const step = this.take('pick');
    return step ? (step.pick(items as PickItem<unknown>[]) as T | undefined) : undefined;
  }

  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('error', message, actions);
  }

  async warning(message: string, options: { modal?: boolean; detail?: string }, ...actions: string[]): Promise<string | undefined> {
    return this.notify('warning', message, actions, options.detail);
  }

  async info(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('info', message, actions);
  }

  private notify(kind: 'error' | 'warning' | 'info', text: string, actions: string[], detail?: string): string | undefined {
    const step = this.take(kind) as Record<string, string | undefined> | undefined;
    const answer = step ? step[kind] : undefined;
    this.calls.push({ kind, text, actions, answer, detail });
    return answer;
  }

  /** The recorded calls of one kind, e.g. every error message shown. */
  of(kind: Call['kind']): Call[] {
    return this.calls.filter((c) => c.kind === kind);
  }
}
