import type { AccountRecord } from '../auth/accountStore';
import type { AzdoClient } from '../azdo/client';
import { toAzdoError } from '../azdo/errors';
import type {
  CommitSummary, FileChangeInfo, IterationInfo, PolicyInfo, PullRequestInfo, StatusCheckInfo, ThreadInfo, WorkItemInfo,
} from '../azdo/pullRequestTypes';
import type { PullRequestRef } from './ref';

/** Everything the details page shows about one pull request. */
export interface DetailsData {
  account: AccountRecord;
  ref: PullRequestRef;
  pr: PullRequestInfo;
  iterations: IterationInfo[];
  changes: FileChangeInfo[];
  commits: CommitSummary[];
  policies: PolicyInfo[];
  checks: StatusCheckInfo[];
  workItems: WorkItemInfo[];
  threads: ThreadInfo[];
  /** Sections that failed to load: "what: why". */
  problems: string[];
}

/**
 * Loads a pull request and what surrounds it, in parallel. The pull request itself must load (its failure is
 * thrown); a section that fails (policies, work items, ...) is reported in `problems` and shown empty.
 */
export async function loadDetails(client: AzdoClient, account: AccountRecord, ref: PullRequestRef): Promise<DetailsData> {
  const prs = client.pullRequests();
  const collab = client.collaboration();
  const problems: string[] = [];
  const section = async <T>(what: string, fallback: T, load: () => Promise<T>): Promise<T> => {
    try {
      return await load();
    } catch (err) {
      problems.push(`${what}: ${toAzdoError(err, what).serverMessage ?? toAzdoError(err, what).message}`);
      return fallback;
    }
  };
  const [pr, iterations, commits, policies, checks, workItems, threads] = await Promise.all([
    prs.get(ref, ref.id),
    section('Iterations', [] as IterationInfo[], () => prs.iterations(ref, ref.id)),
    section('Commits', [] as CommitSummary[], () => prs.commits(ref, ref.id)),
    section('Policies', [] as PolicyInfo[], () => collab.policies(ref.projectId, ref.id)),
    section('Status checks', [] as StatusCheckInfo[], () => prs.statuses(ref, ref.id)),
    section('Work items', [] as WorkItemInfo[], async () => collab.workItems(await prs.workItemIds(ref, ref.id))),
    section('Comments', [] as ThreadInfo[], () => prs.threads(ref, ref.id)),
  ]);
  const last = iterations[iterations.length - 1];
  const changes = last ? await section('Changed files', [] as FileChangeInfo[], () => prs.changes(ref, ref.id, last.id)) : [];
  return { account, ref, pr, iterations, changes, commits, policies, checks, workItems, threads, problems };
}
