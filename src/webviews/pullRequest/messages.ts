/**
 * Messages between the extension and the pull request details webview, typed on both sides. The extension
 * validates everything the webview sends with `parseFromWebview` (unknown or malformed messages are dropped).
 */
import {
  hasShape, isCompletionChoice, isIdentityItem, isInt, isOneOf, isRecord, isStepButtons, isText, VOTE_VALUES, isWebviewStep,
  type CompletionChoice, type IdentityItem, type MergeStrategyValue, type StepButton, type VoteValue, type WebviewStep,
} from '../shared/protocol';

export type { CompletionChoice, IdentityItem, MergeStrategyValue, StepButton, VoteValue, WebviewStep };

export interface ReviewerItem {
  id: string;
  displayName: string;
  vote: VoteValue;
  voteLabel: string;
  isRequired: boolean;
  isGroup: boolean;
  isMe: boolean;
}

/** Sections of the page that can still be loading when the pull request itself is shown. */
export type PendingSection = 'policies' | 'workItems' | 'commits' | 'comments' | 'files';

export interface DetailsState {
  id: number;
  title: string;
  /** Rendered from markdown with HTML disabled. */
  descriptionHtml: string;
  status: 'active' | 'abandoned' | 'completed';
  statusLabel: string;
  isDraft: boolean;
  mergeStatus: string;
  /** Why the merge cannot happen (conflicts, failure), shown as a warning. */
  mergeProblem?: string;
  createdBy: string;
  creationDate: string;
  sourceBranch: string;
  targetBranch: string;
  repository: string;
  webUrl: string;
  labels: string[];
  reviewers: ReviewerItem[];
  myVote: VoteValue;
  autoComplete?: { setBy: string; options: CompletionChoice };
  completion: CompletionChoice;
  mergeStrategies: { value: MergeStrategyValue; label: string }[];
  policies: { name: string; status: string; statusLabel: string; ok: boolean }[];
  checks: { name: string; state: string; description?: string; ok: boolean }[];
  workItems: { id: number; title: string; type: string; state: string }[];
  commits: { id: string; message: string; author: string }[];
  files: { path: string; changeType: string; originalPath?: string }[];
  comments: { author: string; content: string; date?: string }[];
  /** Sections that could not be loaded, with the reason. */
  problems: string[];
  /** Sections still loading: the page shows them as such, and the extension posts the whole state when they come. */
  pending: PendingSection[];
  can: { vote: boolean; complete: boolean; autoComplete: boolean; publish: boolean; abandon: boolean; reactivate: boolean; editReviewers: boolean };
  /** The branch of this pull request is the current branch of a workspace repository. */
  checkedOut: boolean;
  strings: Record<string, string>;
}

export type ToWebview =
  | { type: 'state'; state: DetailsState }
  | { type: 'busy'; action?: string }
  | { type: 'error'; message: string; steps?: StepButton[] }
  | { type: 'notice'; message: string }
  | { type: 'reviewerResults'; query: string; results: IdentityItem[] };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'vote'; vote: VoteValue }
  | { type: 'searchReviewers'; query: string }
  | { type: 'addReviewer'; reviewer: IdentityItem; isRequired: boolean }
  | { type: 'removeReviewer'; id: string }
  | { type: 'complete'; options: CompletionChoice }
  | { type: 'setAutoComplete'; enabled: boolean; options: CompletionChoice }
  | { type: 'publish' }
  | { type: 'abandon' }
  | { type: 'reactivate' }
  | { type: 'checkout' }
  | { type: 'openInBrowser' }
  | { type: 'copyLink' }
  | { type: 'openFile'; path: string }
  | { type: 'openWorkItem'; id: number }
  | { type: 'openLink'; url: string }
  | { type: 'addComment'; text: string }
  | { type: 'step'; step: WebviewStep };

const bare = ['ready', 'refresh', 'publish', 'abandon', 'reactivate', 'checkout', 'openInBrowser', 'copyLink'] as const;

/** The message if it is one the extension understands, else undefined. */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  const m = raw;
  if (isOneOf(m.type, bare)) return hasShape(m, {}) ? { type: m.type } : undefined;
  switch (m.type) {
    case 'vote': return hasShape(m, { vote: (v) => isOneOf(v, VOTE_VALUES) }) ? { type: 'vote', vote: m.vote as VoteValue } : undefined;
    case 'searchReviewers': return hasShape(m, { query: (v) => isText(v, 200) }) ? { type: 'searchReviewers', query: m.query as string } : undefined;
    case 'addReviewer': return hasShape(m, { reviewer: isIdentityItem, isRequired: (v) => typeof v === 'boolean' })
      ? { type: 'addReviewer', reviewer: m.reviewer as IdentityItem, isRequired: m.isRequired as boolean } : undefined;
    case 'removeReviewer': return hasShape(m, { id: (v) => isText(v, 200) && v !== '' }) ? { type: 'removeReviewer', id: m.id as string } : undefined;
    case 'complete': return hasShape(m, { options: isCompletionChoice }) ? { type: 'complete', options: m.options as CompletionChoice } : undefined;
    case 'setAutoComplete': return hasShape(m, { enabled: (v) => typeof v === 'boolean', options: isCompletionChoice })
      ? { type: 'setAutoComplete', enabled: m.enabled as boolean, options: m.options as CompletionChoice } : undefined;
    case 'openFile': return hasShape(m, { path: (v) => isText(v, 4000) && v.startsWith('/') }) ? { type: 'openFile', path: m.path as string } : undefined;
    case 'openWorkItem': return hasShape(m, { id: (v) => isInt(v, 1) }) ? { type: 'openWorkItem', id: m.id as number } : undefined;
    case 'openLink': return hasShape(m, { url: (v) => isText(v, 4000) && /^https?:\/\//i.test(v) }) ? { type: 'openLink', url: m.url as string } : undefined;
    case 'addComment': return hasShape(m, { text: (v) => isText(v, 50_000) && v.trim() !== '' }) ? { type: 'addComment', text: m.text as string } : undefined;
    case 'step': return hasShape(m, { step: isWebviewStep }) ? { type: 'step', step: m.step as WebviewStep } : undefined;
    default: return undefined;
  }
}

/** What the webview accepts from the extension (checked there, too). */
export function parseToWebview(raw: unknown): ToWebview | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'state': return isRecord(raw.state) && isInt(raw.state.id, 1) ? raw as ToWebview : undefined;
    case 'busy': return raw.action === undefined || isText(raw.action, 100) ? raw as ToWebview : undefined;
    case 'error': return isText(raw.message, 5000) && isStepButtons(raw.steps)
      ? raw as ToWebview : undefined;
    case 'notice': return isText(raw.message, 5000) ? raw as ToWebview : undefined;
    case 'reviewerResults': return isText(raw.query, 200) && Array.isArray(raw.results) && raw.results.every(isIdentityItem) ? raw as ToWebview : undefined;
    default: return undefined;
  }
}
