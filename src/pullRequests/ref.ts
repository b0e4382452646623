import type { RepoAddress } from '../azdo/pullRequests';
import type { PullRequestInfo, Vote } from '../azdo/pullRequestTypes';

/** Everything needed to find a pull request again (serializable: command arguments, webview state). */
export interface PullRequestRef extends RepoAddress {
  accountKey: string;
  id: number;
}

export function refOf(accountKey: string, pr: PullRequestInfo): PullRequestRef {
  return { accountKey, projectId: pr.repository.projectId, repositoryId: pr.repository.id, id: pr.id };
}

export function isPullRequestRef(value: unknown): value is PullRequestRef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<PullRequestRef>;
  return typeof v.accountKey === 'string' && typeof v.projectId === 'string' && typeof v.repositoryId === 'string'
    && typeof v.id === 'number' && Number.isInteger(v.id) && v.id > 0;
}

/** Votes summarized for a list row: approvals, suggestions, waiting, rejections (zero counts left out). */
export function voteSummary(pr: PullRequestInfo): { approved: number; suggestions: number; waiting: number; rejected: number } {
  const count = (v: Vote) => pr.reviewers.filter((r) => r.vote === v).length;
  return { approved: count(10), suggestions: count(5), waiting: count(-5), rejected: count(-10) };
}
