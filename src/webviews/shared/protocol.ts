/**
 * Small validators for messages between the extension and its webviews. Both sides import this file: the
 * extension checks every message a webview sends before it acts on it; a webview checks what it receives.
 */
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string no longer than `max` (messages never carry unbounded text). */
export function isText(value: unknown, max = 100_000): value is string {
  return typeof value === 'string' && value.length <= max;
}

export function isBool(value: unknown): value is boolean {
  return typeof value === 'boolean';
}

export function isInt(value: unknown, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function isOneOf<T extends string | number>(value: unknown, allowed: readonly T[]): value is T {
  return (allowed as readonly unknown[]).includes(value);
}

/** `value` has exactly the given keys (and `type`), each passing its check. */
export function hasShape(value: unknown, checks: Record<string, (v: unknown) => boolean>): value is Json {
  if (!isRecord(value)) return false;
  for (const key of Object.keys(value)) if (key !== 'type' && !(key in checks)) return false;
  return Object.entries(checks).every(([key, check]) => check(value[key]));
}

export function optional(check: (v: unknown) => boolean): (v: unknown) => boolean {
  return (v) => v === undefined || check(v);
}

export function arrayOf(check: (v: unknown) => boolean, max = 1000): (v: unknown) => boolean {
  return (v) => Array.isArray(v) && v.length <= max && v.every(check);
}

export const MERGE_STRATEGY_VALUES = ['noFastForward', 'squash', 'rebase', 'rebaseMerge'] as const;
export type MergeStrategyValue = typeof MERGE_STRATEGY_VALUES[number];
export const VOTE_VALUES = [10, 5, 0, -5, -10] as const;
export type VoteValue = typeof VOTE_VALUES[number];

/** A person or group found by the identity picker, as the webviews show it. */
export interface IdentityItem {
  id: string;
  displayName: string;
  uniqueName?: string;
  isGroup: boolean;
}

export function isIdentityItem(v: unknown): v is IdentityItem {
  return hasShape(v, { id: (x) => isText(x, 200) && x !== '', displayName: (x) => isText(x, 500), uniqueName: optional((x) => isText(x, 500)), isGroup: isBool });
}

/** How a pull request completes. */
export interface CompletionChoice {
  mergeStrategy: MergeStrategyValue;
  deleteSourceBranch: boolean;
  transitionWorkItems: boolean;
}

export function isCompletionChoice(v: unknown): v is CompletionChoice {
  return hasShape(v, { mergeStrategy: (x) => isOneOf(x, MERGE_STRATEGY_VALUES), deleteSourceBranch: isBool, transitionWorkItems: isBool });
}

/** Next steps a webview offers as buttons on a failure; the extension carries them out ("retry" loads again). */
export const WEBVIEW_STEPS = ['retry', 'enterToken', 'createToken', 'showLog', 'openSettings'] as const;
export type WebviewStep = typeof WEBVIEW_STEPS[number];

export interface StepButton {
  step: WebviewStep;
  label: string;
}

export function isWebviewStep(value: unknown): value is WebviewStep {
  return isOneOf(value, WEBVIEW_STEPS);
}

export function isStepButton(value: unknown): value is StepButton {
  return hasShape(value, { step: isWebviewStep, label: (v) => isText(v, 100) && v !== '' });
}

/** The optional `steps` of a failure message: at most five buttons. */
export const isStepButtons = optional(arrayOf(isStepButton, 5));
