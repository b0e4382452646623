/** The REST layer's own model of pull requests and what surrounds them (independent of node-api's shapes). */

export type PullRequestStatus = 'active' | 'abandoned' | 'completed';
export type MergeStatus = 'notSet' | 'queued' | 'conflicts' | 'succeeded' | 'rejectedByPolicy' | 'failure';
export type MergeStrategy = 'noFastForward' | 'squash' | 'rebase' | 'rebaseMerge';

/** 10 approved, 5 approved with suggestions, 0 no vote, -5 waiting for the author, -10 rejected. */
export type Vote = 10 | 5 | 0 | -5 | -10;
export const VOTES: readonly Vote[] = [10, 5, 0, -5, -10];

export function isVote(value: unknown): value is Vote {
  return typeof value === 'number' && (VOTES as readonly number[]).includes(value);
}

/** A person or a group (team) of the organization. */
export interface IdentityInfo {
  id: string;
  displayName: string;
  /** Email or domain\\user for people; absent or a vstfs URI for groups. */
  uniqueName?: string;
  isGroup: boolean;
}

export interface ReviewerInfo extends IdentityInfo {
  vote: Vote;
  isRequired: boolean;
  hasDeclined: boolean;
}

export interface CompletionOptionsInfo {
  mergeStrategy?: MergeStrategy;
  deleteSourceBranch?: boolean;
  transitionWorkItems?: boolean;
  mergeCommitMessage?: string;
}

export interface RepositoryRef {
  id: string;
  name: string;
  projectId: string;
  projectName: string;
}

export interface PullRequestInfo {
  id: number;
  title: string;
  description: string;
  status: PullRequestStatus;
  isDraft: boolean;
  mergeStatus: MergeStatus;
  mergeFailureMessage?: string;
  createdBy: IdentityInfo;
  /** ISO dates. */
  creationDate: string;
  closedDate?: string;
  sourceRefName: string;
  targetRefName: string;
  /** Short branch names (`feature/x`). */
  sourceBranch: string;
  targetBranch: string;
  repository: RepositoryRef;
  /** Set when the source branch lives in a fork. */
  forkSource?: RepositoryRef;
  reviewers: ReviewerInfo[];
  labels: string[];
  lastMergeSourceCommit?: string;
  lastMergeTargetCommit?: string;
  lastMergeCommit?: string;
  autoCompleteSetBy?: IdentityInfo;
  completionOptions?: CompletionOptionsInfo;
  /** The web page of the pull request. */
  webUrl: string;
}

export interface PullRequestSearch {
  status?: PullRequestStatus | 'all';
  creatorId?: string;
  reviewerId?: string;
  sourceRefName?: string;
  targetRefName?: string;
  top?: number;
  skip?: number;
}

export interface NewPullRequest {
  sourceRefName: string;
  targetRefName: string;
  title: string;
  description: string;
  isDraft: boolean;
  reviewers: { id: string; isRequired: boolean }[];
  workItemIds: number[];
  labels: string[];
  /** The fork holding the source branch, when the pull request goes into the fork's parent. */
  forkSourceRepositoryId?: string;
}

export interface PullRequestChanges {
  title?: string;
  description?: string;
  isDraft?: boolean;
  status?: PullRequestStatus;
  /** Required to complete: the source commit the decision was made on. */
  lastMergeSourceCommit?: string;
  completionOptions?: CompletionOptionsInfo;
  /** A user id turns auto-complete on; null turns it off. */
  autoCompleteSetBy?: string | null;
}

export type ChangeType = 'add' | 'edit' | 'delete' | 'rename';

export interface FileChangeInfo {
  /** Path from the repository root with a leading slash. */
  path: string;
  originalPath?: string;
  changeType: ChangeType;
  /** Blob after the change (absent for a delete). */
  objectId?: string;
  /** Blob before the change (absent for an add). */
  originalObjectId?: string;
}

export interface IterationInfo {
  id: number;
  sourceCommit: string;
  targetCommit: string;
  commonCommit: string;
  createdDate: string;
}

export interface CommitSummary {
  id: string;
  message: string;
  author: string;
  date?: string;
}

export type PolicyStatus = 'approved' | 'rejected' | 'running' | 'queued' | 'notApplicable' | 'broken';

export interface PolicyInfo {
  name: string;
  status: PolicyStatus;
  isBlocking: boolean;
}

export type CheckState = 'notSet' | 'pending' | 'succeeded' | 'failed' | 'error' | 'notApplicable' | 'partiallySucceeded';

export interface StatusCheckInfo {
  name: string;
  genre?: string;
  state: CheckState;
  description?: string;
  targetUrl?: string;
}

export interface WorkItemInfo {
  id: number;
  title: string;
  type: string;
  state: string;
  webUrl: string;
}

export interface CommentInfo {
  author: string;
  content: string;
  date?: string;
  isSystem: boolean;
}

export interface ThreadInfo {
  id: number;
  status: string;
  filePath?: string;
  comments: CommentInfo[];
}

export interface BranchInfo {
  name: string;
  objectId: string;
}
