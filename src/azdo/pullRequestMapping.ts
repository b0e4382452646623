/** node-api's pull request shapes (enums as numbers, dates as Date) → the REST layer's own model. */
import type { IdentityRef } from 'azure-devops-node-api/interfaces/common/VSSInterfaces';
import type {
  GitCommitRef, GitPullRequest, GitPullRequestChange, GitPullRequestCommentThread, GitPullRequestIteration, GitPullRequestStatus, IdentityRefWithVote,
} from 'azure-devops-node-api/interfaces/GitInterfaces';
import { repositoryWebUrl, type OrganizationRef } from './organizationUrl';
import {
  isVote, type ChangeType, type CheckState, type CommitSummary, type CompletionOptionsInfo, type FileChangeInfo, type IdentityInfo, type IterationInfo,
  type MergeStatus, type MergeStrategy, type PullRequestInfo, type PullRequestStatus, type RepositoryRef, type ReviewerInfo, type ThreadInfo,
} from './pullRequestTypes';

const STATUS: Record<number, PullRequestStatus> = { 1: 'active', 2: 'abandoned', 3: 'completed' };
const MERGE_STATUS: MergeStatus[] = ['notSet', 'queued', 'conflicts', 'succeeded', 'rejectedByPolicy', 'failure'];
export const MERGE_STRATEGIES: MergeStrategy[] = ['noFastForward', 'squash', 'rebase', 'rebaseMerge'];
const CHECK_STATES: CheckState[] = ['notSet', 'pending', 'succeeded', 'failed', 'error', 'notApplicable', 'partiallySucceeded'];
const THREAD_STATUS = ['unknown', 'active', 'fixed', 'wontFix', 'closed', 'byDesign', 'pending'];

/** node-api turns enum names into numbers; the raw service sends names. Both are accepted. */
function enumName<T extends string>(value: unknown, byNumber: (n: number) => T | undefined, names: readonly T[]): T | undefined {
  if (typeof value === 'number') return byNumber(value);
  if (typeof value === 'string') return names.find((n) => n.toLowerCase() === value.toLowerCase());
  return undefined;
}

function iso(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return typeof value === 'string' && value ? value : undefined;
}

export function shortBranch(ref: string | undefined): string {
  return (ref ?? '').replace(/^refs\/heads\//, '');
}

export function toIdentity(ref: IdentityRef | undefined): IdentityInfo {
  return {
    id: ref?.id ?? '',
    displayName: ref?.displayName || ref?.uniqueName || ref?.id || '',
    uniqueName: ref?.uniqueName || undefined,
    isGroup: ref?.isContainer === true,
  };
}

export function toReviewer(r: IdentityRefWithVote): ReviewerInfo {
  return { ...toIdentity(r), vote: isVote(r.vote) ? r.vote : 0, isRequired: r.isRequired === true, hasDeclined: r.hasDeclined === true };
}

function toRepositoryRef(repo: GitPullRequest['repository']): RepositoryRef {
  return { id: repo?.id ?? '', name: repo?.name ?? '', projectId: repo?.project?.id ?? '', projectName: repo?.project?.name ?? '' };
}

function toCompletionOptions(o: GitPullRequest['completionOptions']): CompletionOptionsInfo | undefined {
  if (!o) return undefined;
  return {
    mergeStrategy: enumName(o.mergeStrategy, (n) => MERGE_STRATEGIES[n - 1], MERGE_STRATEGIES) ?? (o.squashMerge ? 'squash' : undefined),
    deleteSourceBranch: o.deleteSourceBranch,
    transitionWorkItems: o.transitionWorkItems,
    mergeCommitMessage: o.mergeCommitMessage,
  };
}

export function toPullRequest(pr: GitPullRequest, org: OrganizationRef): PullRequestInfo {
  const repository = toRepositoryRef(pr.repository);
  const status = enumName(pr.status, (n) => STATUS[n], ['active', 'abandoned', 'completed'] as const) ?? 'active';
  const autoComplete = pr.autoCompleteSetBy?.id && !/^0{8}-/.test(pr.autoCompleteSetBy.id) ? toIdentity(pr.autoCompleteSetBy) : undefined;
  return {
    id: pr.pullRequestId ?? 0,
    title: pr.title ?? '',
    description: pr.description ?? '',
    status,
    isDraft: pr.isDraft === true,
    mergeStatus: enumName(pr.mergeStatus, (n) => MERGE_STATUS[n], MERGE_STATUS) ?? 'notSet',
    mergeFailureMessage: pr.mergeFailureMessage || undefined,
    createdBy: toIdentity(pr.createdBy),
    creationDate: iso(pr.creationDate) ?? '',
    closedDate: iso(pr.closedDate),
    sourceRefName: pr.sourceRefName ?? '',
    targetRefName: pr.targetRefName ?? '',
    sourceBranch: shortBranch(pr.sourceRefName),
    targetBranch: shortBranch(pr.targetRefName),
    repository,
    forkSource: pr.forkSource?.repository ? toRepositoryRef(pr.forkSource.repository) : undefined,
    reviewers: (pr.reviewers ?? []).map(toReviewer),
    labels: (pr.labels ?? []).filter((l) => l.active !== false && l.name).map((l) => l.name ?? ''),
    lastMergeSourceCommit: pr.lastMergeSourceCommit?.commitId,
    lastMergeTargetCommit: pr.lastMergeTargetCommit?.commitId,
    lastMergeCommit: pr.lastMergeCommit?.commitId,
    autoCompleteSetBy: autoComplete,
    completionOptions: toCompletionOptions(pr.completionOptions),
    webUrl: `${repositoryWebUrl(org, repository.projectName, repository.name)}/pullrequest/${pr.pullRequestId ?? 0}`,
  };
}

function changeTypeOf(value: unknown): ChangeType {
  if (typeof value === 'number') {
    if (value & 16) return 'delete';
    if (value & 8) return 'rename';
    if (value & 1) return 'add';
    return 'edit';
  }
  const text = String(value ?? '').toLowerCase();
  if (text.includes('delete')) return 'delete';
  if (text.includes('rename')) return 'rename';
  if (text.includes('add')) return 'add';
  return 'edit';
}

export function toFileChange(c: GitPullRequestChange): FileChangeInfo {
  const item = (c.item ?? {}) as { path?: string; objectId?: string; originalObjectId?: string };
  return {
    path: item.path ?? '',
    originalPath: c.originalPath || undefined,
    changeType: changeTypeOf(c.changeType),
    objectId: item.objectId || undefined,
    originalObjectId: item.originalObjectId || undefined,
  };
}

export function toIteration(i: GitPullRequestIteration): IterationInfo {
  return {
    id: i.id ?? 0,
    sourceCommit: i.sourceRefCommit?.commitId ?? '',
    targetCommit: i.targetRefCommit?.commitId ?? '',
    commonCommit: i.commonRefCommit?.commitId ?? '',
    createdDate: iso(i.createdDate) ?? '',
  };
}

export function toCommit(c: GitCommitRef): CommitSummary {
  return { id: c.commitId ?? '', message: c.comment ?? '', author: c.author?.name ?? '', date: iso(c.author?.date) };
}

export function toCheckState(value: unknown): CheckState {
  return enumName(value, (n) => CHECK_STATES[n], CHECK_STATES) ?? 'notSet';
}

export function toStatusCheck(s: GitPullRequestStatus): { name: string; genre?: string; state: CheckState; description?: string; targetUrl?: string } {
  return { name: s.context?.name ?? '', genre: s.context?.genre || undefined, state: toCheckState(s.state), description: s.description || undefined, targetUrl: s.targetUrl || undefined };
}

export function toThread(t: GitPullRequestCommentThread): ThreadInfo {
  return {
    id: t.id ?? 0,
    status: enumName(t.status, (n) => THREAD_STATUS[n], THREAD_STATUS) ?? 'unknown',
    filePath: t.threadContext?.filePath || undefined,
    comments: (t.comments ?? []).filter((c) => !c.isDeleted).map((c) => ({
      author: c.author?.displayName ?? '', content: c.content ?? '', date: iso(c.publishedDate),
      isSystem: c.commentType === 3 || String(c.commentType).toLowerCase() === 'system',
    })),
  };
}
