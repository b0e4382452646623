/**
 * Branch policies of pull requests, evaluated from reviewer votes: "Minimum number of reviewers" (from the seed's
 * repository `policies`) and "Required reviewers" (the reviewers marked required on the pull request). Completion
 * (direct or auto-complete) is refused while a blocking evaluation is not approved.
 */
import type { Ctx } from './context';
import type { CompletionOptions, PullRequest } from './collab';
import { completeMerge, MergeFailure, syncPullRequest } from './prgit';
import { hostUrl, type Urls } from './views';
import type { User } from './state';
import { guidFrom } from './util';

export const POLICY_TYPES = {
  minimumReviewers: { id: 'fa4e907d-c16b-4a4c-9dfa-4906e5d171dd', displayName: 'Minimum number of reviewers' },
  requiredReviewers: { id: 'fd2167ab-b0be-447a-8ec8-39368250530e', displayName: 'Required reviewers' },
};

export interface Evaluation {
  id: string;
  configurationId: number;
  type: { id: string; displayName: string };
  status: 'approved' | 'rejected' | 'running' | 'queued' | 'notApplicable';
  settings: Record<string, unknown>;
  context?: Record<string, unknown>;
}

export function artifactIdOf(pr: PullRequest): string {
  return `vstfs:///CodeReview/CodeReviewId/${pr.repo.project.id}/${pr.id}`;
}

export function evaluate(pr: PullRequest): Evaluation[] {
  const out: Evaluation[] = [];
  const min = pr.repo.policies?.minimumApproverCount;
  if (min !== undefined && min > 0) {
    const votes = pr.reviewers.filter((r) => !(r.identity.kind === 'user' && r.identity.user.id === pr.createdBy.id));
    const approvals = votes.filter((r) => r.vote >= 5).length;
    const rejected = votes.some((r) => r.vote <= -10);
    out.push({
      id: guidFrom('evaluation', pr.repo.id, String(pr.id), 'min'), configurationId: 1, type: POLICY_TYPES.minimumReviewers,
      status: approvals >= min && !rejected ? 'approved' : 'rejected',
      settings: { minimumApproverCount: min, creatorVoteCounts: false, scope: [{ repositoryId: pr.repo.id }] },
    });
  }
  const required = pr.reviewers.filter((r) => r.isRequired);
  if (required.length > 0) {
    out.push({
      id: guidFrom('evaluation', pr.repo.id, String(pr.id), 'required'), configurationId: 2, type: POLICY_TYPES.requiredReviewers,
      status: required.every((r) => r.vote >= 5) ? 'approved' : 'rejected',
      settings: { requiredReviewerIds: required.map((r) => r.identity.id), minimumApproverCount: required.length, scope: [{ repositoryId: pr.repo.id }] },
    });
  }
  return out;
}

export function evaluationJson(urls: Urls, pr: PullRequest, e: Evaluation): Record<string, unknown> {
  const base = `${hostUrl(urls, pr.repo.project.host)}/${pr.repo.project.id}/_apis/policy`;
  return {
    evaluationId: e.id, artifactId: artifactIdOf(pr), status: e.status, startedDate: pr.creationDate, completedDate: new Date().toISOString(),
    configuration: {
      id: e.configurationId, type: { id: e.type.id, displayName: e.type.displayName, url: `${base}/types/${e.type.id}` },
      isEnabled: true, isBlocking: true, isDeleted: false, settings: e.settings, revision: 1, url: `${base}/configurations/${e.configurationId}`,
    },
    context: e.context ?? null,
  };
}

/** Why the pull request cannot be completed now, or undefined when it can. */
export function blockers(pr: PullRequest, options: CompletionOptions): string | undefined {
  if (pr.isDraft) return 'The pull request is a draft: publish it before completing it.';
  if (pr.mergeStatus === 'conflicts') return `The pull request has merge conflicts (${pr.conflicts.join(', ')}). Resolve them in the source branch.`;
  if (pr.mergeStatus !== 'succeeded') return pr.mergeFailureMessage ?? 'The pull request cannot be merged.';
  if (options.bypassPolicy) return undefined;
  const failing = evaluate(pr).filter((e) => e.status !== 'approved');
  if (failing.length > 0) return `Policies are not satisfied: ${failing.map((e) => e.type.displayName).join(', ')}.`;
  return undefined;
}

/** Completes an active pull request whose policies pass: the real merge, then the closed state. */
export async function complete(ctx: Ctx, pr: PullRequest, options: CompletionOptions, by: User): Promise<void> {
  const commit = await completeMerge(ctx, pr, options, by);
  pr.status = 'completed';
  pr.closedDate = new Date().toISOString();
  pr.closedBy = by;
  pr.lastMergeCommit = commit;
  pr.completionOptions = options;
  pr.autoCompleteSetBy = undefined;
  if (options.transitionWorkItems) {
    for (const w of ctx.state.collab.workItems(pr.repo.project.host)) {
      if (pr.workItemIds.includes(w.id) && w.state !== 'Closed') { w.state = 'Closed'; w.rev++; }
    }
  }
}

/** After anything that may unblock it: an auto-complete pull request completes once it can. */
export async function tryAutoComplete(ctx: Ctx, pr: PullRequest): Promise<void> {
  if (pr.status !== 'active' || !pr.autoCompleteSetBy) return;
  await syncPullRequest(ctx, pr);
  const options = pr.completionOptions ?? {};
  if (blockers(pr, options)) return;
  try {
    await complete(ctx, pr, options, pr.autoCompleteSetBy);
  } catch (err) {
    if (!(err instanceof MergeFailure)) throw err;
    pr.mergeStatus = 'failure';
    pr.mergeFailureMessage = err.message;
  }
}
