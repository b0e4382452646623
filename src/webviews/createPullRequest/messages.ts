/**
 * Messages between the extension and the "Create Pull Request" webview, typed on both sides. The extension
 * validates every message the webview sends with `parseFromWebview`; the webview checks what it receives.
 */
import {
  arrayOf, hasShape, isBool, isIdentityItem, isInt, isOneOf, isRecord, isText, MERGE_STRATEGY_VALUES, optional,
  type IdentityItem, type MergeStrategyValue, isStepButtons, isWebviewStep, type StepButton, type WebviewStep,
} from '../shared/protocol';

export type { IdentityItem, MergeStrategyValue, StepButton, WebviewStep };

export interface ReviewerChoice extends IdentityItem {
  isRequired: boolean;
}

export interface WorkItemChoice {
  id: number;
  title: string;
  type: string;
  state: string;
}

/** Everything the user fills in; kept as typed until the pull request is created. */
export interface CreateForm {
  sourceRepositoryId: string;
  sourceBranch: string;
  targetRepositoryId: string;
  targetBranch: string;
  title: string;
  description: string;
  isDraft: boolean;
  reviewers: ReviewerChoice[];
  workItems: WorkItemChoice[];
  labels: string[];
  autoComplete: boolean;
  mergeStrategy: MergeStrategyValue;
  deleteSourceBranch: boolean;
  transitionWorkItems: boolean;
}

export interface RepositoryOption {
  id: string;
  label: string;
  branches: string[];
  defaultBranch?: string;
}

/** What the form offers and knows besides the form itself. */
export interface CreateContext {
  sourceRepository: RepositoryOption;
  /** The source repository and, for a fork, its parent. */
  targetRepositories: RepositoryOption[];
  /** The source branch needs a push first (no upstream, or local commits not pushed): why. */
  pushNeeded?: string;
  /** The draft was restored from an earlier visit. */
  restored: boolean;
  /** The template the description came from (path), if any. */
  template?: string;
  mergeStrategies: { value: MergeStrategyValue; label: string }[];
  strings: Record<string, string>;
}

export type ToWebview =
  | { type: 'init'; form: CreateForm; context: CreateContext }
  | { type: 'context'; context: CreateContext }
  | { type: 'prefill'; title: string; description: string }
  | { type: 'busy'; action?: string }
  | { type: 'identities'; query: string; results: IdentityItem[] }
  | { type: 'workItems'; query: string; results: WorkItemChoice[] }
  | { type: 'failed'; message: string; existing?: { id: number; title: string }; canPush?: boolean; steps?: StepButton[] }
  | { type: 'created'; id: number; title: string; webUrl: string; notice?: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'formChanged'; form: CreateForm }
  | { type: 'searchReviewers'; query: string }
  | { type: 'searchWorkItems'; query: string }
  | { type: 'push' }
  | { type: 'startOver' }
  | { type: 'submit'; form: CreateForm }
  | { type: 'openPullRequest'; id: number }
  | { type: 'openLink'; url: string }
  | { type: 'step'; step: WebviewStep };

function isReviewerChoice(v: unknown): v is ReviewerChoice {
  if (!isRecord(v) || !isBool(v.isRequired)) return false;
  const { isRequired: _ignored, ...identity } = v;
  return isIdentityItem(identity);
}

export function isWorkItemChoice(v: unknown): v is WorkItemChoice {
  return hasShape(v, { id: (x) => isInt(x, 1), title: (x) => isText(x, 1000), type: (x) => isText(x, 200), state: (x) => isText(x, 200) });
}

const branchName = (v: unknown): boolean => isText(v, 500);
const id = (v: unknown): boolean => isText(v, 200);

export function isCreateForm(v: unknown): v is CreateForm {
  return hasShape(v, {
    sourceRepositoryId: id, sourceBranch: branchName, targetRepositoryId: id, targetBranch: branchName,
    title: (x) => isText(x, 4000), description: (x) => isText(x, 400_000), isDraft: isBool,
    reviewers: arrayOf(isReviewerChoice, 200), workItems: arrayOf(isWorkItemChoice, 200), labels: arrayOf((x) => isText(x, 200), 50),
    autoComplete: isBool, mergeStrategy: (x) => isOneOf(x, MERGE_STRATEGY_VALUES), deleteSourceBranch: isBool, transitionWorkItems: isBool,
  });
}

export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  const m = raw;
  switch (m.type) {
    case 'ready':
    case 'push':
    case 'startOver': return hasShape(m, {}) ? { type: m.type } : undefined;
    case 'formChanged':
    case 'submit': return hasShape(m, { form: isCreateForm }) ? { type: m.type, form: m.form as CreateForm } : undefined;
    case 'step': return hasShape(m, { step: isWebviewStep }) ? { type: 'step', step: m.step as WebviewStep } : undefined;
    case 'searchReviewers':
    case 'searchWorkItems': return hasShape(m, { query: (x) => isText(x, 200) }) ? { type: m.type, query: m.query as string } : undefined;
    case 'openPullRequest': return hasShape(m, { id: (x) => isInt(x, 1) }) ? { type: 'openPullRequest', id: m.id as number } : undefined;
    case 'openLink': return hasShape(m, { url: (x) => isText(x, 4000) && /^https?:\/\//i.test(x) }) ? { type: 'openLink', url: m.url as string } : undefined;
    default: return undefined;
  }
}

export function parseToWebview(raw: unknown): ToWebview | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'init': return isCreateForm(raw.form) && isRecord(raw.context) ? raw as ToWebview : undefined;
    case 'context': return isRecord(raw.context) ? raw as ToWebview : undefined;
    case 'prefill': return isText(raw.title) && isText(raw.description, 400_000) ? raw as ToWebview : undefined;
    case 'busy': return optional((x) => isText(x, 100))(raw.action) ? raw as ToWebview : undefined;
    case 'identities': return isText(raw.query, 200) && arrayOf(isIdentityItem)(raw.results) ? raw as ToWebview : undefined;
    case 'workItems': return isText(raw.query, 200) && arrayOf(isWorkItemChoice)(raw.results) ? raw as ToWebview : undefined;
    case 'failed': return isText(raw.message, 5000) && isStepButtons(raw.steps)
      ? raw as ToWebview : undefined;
    case 'created': return isInt(raw.id, 1) && isText(raw.title) && isText(raw.webUrl) ? raw as ToWebview : undefined;
    default: return undefined;
  }
}
