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
  // Everything at once, the requests on the longest path first (the organization's concurrency cap queues the
  // rest): the changes follow the iterations (they need the last one's id; one page holds up to 2000 files), the
  // work items the pull request (which names them; their route is found meanwhile).
  const head = prs.getWithWorkItems(ref, ref.id);
  const iterationsLoad = section('Iterations', [] as IterationInfo[], () => prs.iterations(ref, ref.id));
  const workItemRoute = collab.prepareWorkItems();
  const changesOfLast = (iterations: IterationInfo[]): Promise<FileChangeInfo[]> => {
    const last = iterations[iterations.length - 1];
    return last ? section('Changed files', [] as FileChangeInfo[], () => prs.changes(ref, ref.id, last.id)) : Promise.resolve([]);
  };
  const [{ pr }, iterations, changes, workItems, threads, commits, policies, checks] = await Promise.all([
    head,
    iterationsLoad,
    iterationsLoad.then(changesOfLast),
    section('Work items', [] as WorkItemInfo[], async () => {
      const [{ workItemIds }] = await Promise.all([head, workItemRoute]);
      return collab.workItems(workItemIds);
    }),
    section('Comments', [] as ThreadInfo[], () => prs.threads(ref, ref.id)),
    section('Commits', [] as CommitSummary[], () => prs.commits(ref, ref.id)),
    section('Policies', [] as PolicyInfo[], () => collab.policies(ref.projectId, ref.id)),
    section('Status checks', [] as StatusCheckInfo[], () => prs.statuses(ref, ref.id)),
  ]);
  return { account, ref, pr, iterations, changes, commits, policies, checks, workItems, threads, problems };
}
