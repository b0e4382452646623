import type { AccountRecord } from '../auth/accountStore';
import type { AzdoClient } from '../azdo/client';
import { toAzdoError } from '../azdo/errors';
import type {
  CommitSummary, FileChangeInfo, IterationInfo, PolicyInfo, PullRequestInfo, StatusCheckInfo, ThreadInfo, WorkItemInfo,
} from '../azdo/pullRequestTypes';
import type { PullRequestRef } from './ref';

/** The parts of the details page that load beside the pull request itself. */
export type DetailsSection = 'iterations' | 'changes' | 'commits' | 'policies' | 'checks' | 'workItems' | 'threads';

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
  /** Sections still loading (shown empty until they come); none once the load is done. */
  pending: DetailsSection[];
}

/**
 * Loads a pull request and what surrounds it, in parallel. The pull request itself must load (its failure is
 * thrown); a section that fails (policies, work items, ...) is reported in `problems` and shown empty.
 *
 * `onProgress` is given what has come so far, with the sections still loading in `pending`: once the pull request
 * is in (one round trip), and again once every section that needs only one request is in. The changed files and
 * work items need two round trips (the last iteration's id, the pull request's work item ids), and a page of a
 * thousand files takes longest, so the page can show the rest first. The load's result has nothing pending.
 */
export async function loadDetails(
  client: AzdoClient, account: AccountRecord, ref: PullRequestRef, onProgress?: (partial: DetailsData) => void,
): Promise<DetailsData> {
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
  const sections = {
    iterations: iterationsLoad,
    changes: iterationsLoad.then(changesOfLast),
    workItems: section('Work items', [] as WorkItemInfo[], async () => {
      const [{ workItemIds }] = await Promise.all([head, workItemRoute]);
      return collab.workItems(workItemIds);
    }),
    threads: section('Comments', [] as ThreadInfo[], () => prs.threads(ref, ref.id)),
    commits: section('Commits', [] as CommitSummary[], () => prs.commits(ref, ref.id)),
    policies: section('Policies', [] as PolicyInfo[], () => collab.policies(ref.projectId, ref.id)),
    checks: section('Status checks', [] as StatusCheckInfo[], () => prs.statuses(ref, ref.id)),
  };
  type Loaded = { [K in DetailsSection]: Awaited<(typeof sections)[K]> };
  const loaded: Partial<Loaded> = {};
  for (const key of Object.keys(sections) as DetailsSection[]) {
    void sections[key].then((value) => { (loaded as Record<DetailsSection, unknown>)[key] = value; });
  }
  const snapshot = (pr: PullRequestInfo): DetailsData => ({
    account, ref, pr,
    iterations: loaded.iterations ?? [], changes: loaded.changes ?? [], commits: loaded.commits ?? [], policies: loaded.policies ?? [],
    checks: loaded.checks ?? [], workItems: loaded.workItems ?? [], threads: loaded.threads ?? [],
    problems: [...problems],
    pending: (Object.keys(sections) as DetailsSection[]).filter((key) => !(key in loaded)),
  });
  if (onProgress) {
    let shown = -1;
    const progress = ({ pr }: { pr: PullRequestInfo }): void => {
      const partial = snapshot(pr);
      // Only what adds to the last one, and never the whole: the load's result is that.
      if (partial.pending.length === 0 || partial.pending.length === shown) return;
      shown = partial.pending.length;
      onProgress(partial);
    };
    const oneTrip = [sections.iterations, sections.threads, sections.commits, sections.policies, sections.checks];
    // A failed pull request is the load's failure (thrown below), and a fault of the listener is not the load's.
    head.then(progress).catch(() => undefined);
    Promise.all([head, ...oneTrip]).then(([first]) => progress(first)).catch(() => undefined);
  }
  const keys = Object.keys(sections) as DetailsSection[];
  const [{ pr }, ...values] = await Promise.all([head, ...keys.map((key) => sections[key])]);
  keys.forEach((key, i) => { (loaded as Record<DetailsSection, unknown>)[key] = values[i]; });
  return snapshot(pr);
}

/** A load of the details whose partial results can be followed from any point after it started. */
export class DetailsLoad {
  readonly result: Promise<DetailsData>;
  private latest?: DetailsData;
  private listener?: (partial: DetailsData) => void;

  constructor(start: (onProgress: (partial: DetailsData) => void) => Promise<DetailsData>) {
    this.result = start((partial) => {
      this.latest = partial;
      this.listener?.(partial);
    });
  }

  /** Calls `listener` with the latest partial result at once, if there is one, and with each one after. */
  follow(listener: (partial: DetailsData) => void): void {
    this.listener = listener;
    if (this.latest) listener(this.latest);
  }
}
