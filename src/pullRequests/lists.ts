import type { AccountRecord } from '../auth/accountStore';
import { toAzdoError, type AzdoError } from '../azdo/errors';
import type { RepoAddress } from '../azdo/pullRequests';
import type { PullRequestInfo } from '../azdo/pullRequestTypes';
import type { Logger } from '../log';
import type { ClientProvider } from '../model/clients';
import { Emitter, type Event } from '../util/event';

export type Category = 'createdByMe' | 'assignedToMe' | 'allActive';
export const CATEGORIES: Category[] = ['createdByMe', 'assignedToMe', 'allActive'];

/** A repository whose pull requests are listed (from the workspace or from the Azure DevOps tree). */
export interface ListTarget {
  account: AccountRecord;
  repo: RepoAddress;
  /** Display name, `Project/Repository`. */
  label: string;
}

export type ListState =
  | { status: 'loaded'; items: PullRequestInfo[]; loadedAt: number }
  | { status: 'error'; error: AzdoError };

/** Most groups asked about for "Assigned to me" (one request each). */
const MAX_GROUPS = 20;

/** What a list shows, to tell whether a refresh changed anything. */
function signature(items: PullRequestInfo[]): string {
  return JSON.stringify(items.map((p) => [p.id, p.title, p.status, p.isDraft, p.mergeStatus, p.lastMergeSourceCommit, p.reviewers.map((r) => [r.id, r.vote, r.isRequired])]));
}

/**
 * The pull request lists of the view: "Created by me", "Assigned to me" (me or one of my groups is a reviewer)
 * and "All active", per repository, loaded on demand and kept until refreshed. Knows nothing of VS Code.
 */
export class PullRequestLists {
  private readonly states = new Map<string, ListState>();
  private readonly pending = new Map<string, Promise<ListState>>();
  /** The newest load of each list (numbered by `loads`), so that only its answer is kept. */
  private readonly generations = new Map<string, number>();
  private loads = 0;
  private readonly groups = new Map<string, Promise<string[]>>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(private readonly clients: ClientProvider, private readonly log: Logger) {}

  private key(target: ListTarget, category: Category): string {
    return `${target.account.key}|${target.repo.repositoryId}|${category}`;
  }

  peek(target: ListTarget, category: Category): ListState | undefined {
    return this.states.get(this.key(target, category));
  }

  /**
   * The list (cached unless `force`); concurrent calls share one load, except that `force` (asked after a change)
   * starts a new one, since a running load may have read before the change; the newest load wins.
   */
  load(target: ListTarget, category: Category, force = false): Promise<ListState> {
    const key = this.key(target, category);
    const known = this.states.get(key);
    if (known && !force) return Promise.resolve(known);
    const inFlight = this.pending.get(key);
    if (inFlight && !force) return inFlight;
    const generation = ++this.loads;
    this.generations.set(key, generation);
    const promise: Promise<ListState> = this.fetch(target, category).then((state) => {
      if (this.generations.get(key) !== generation) return this.pending.get(key) ?? this.states.get(key) ?? state;
      this.pending.delete(key);
      const before = this.states.get(key);
      this.states.set(key, state);
      // A first load (or a change) updates the counts the tree shows next to the categories.
      if (!force && (!before || (before.status === 'loaded') !== (state.status === 'loaded'))) this.changed.fire();
      return state;
    });
    this.pending.set(key, promise);
    return promise;
  }

  /** Groups (teams) of the signed-in user of an organization, looked up once. */
  myGroups(account: AccountRecord): Promise<string[]> {
    let groups = this.groups.get(account.key);
    if (!groups) {
      groups = (async () => {
        const client = await this.clients.get(account.key);
        return client ? client.collaboration().groupIdsOf(account.user.id, (line) => this.log.info(line)) : [];
      })();
      this.groups.set(account.key, groups);
      groups.catch(() => this.groups.delete(account.key));
    }
    return groups;
  }

  private async fetch(target: ListTarget, category: Category): Promise<ListState> {
    try {
      const client = await this.clients.get(target.account.key);
      if (!client) throw toAzdoError(new Error(`No token is stored for ${target.account.name}`), 'Listing pull requests');
      const prs = client.pullRequests();
      const me = target.account.user.id;
      let items: PullRequestInfo[];
      if (category === 'createdByMe') {
        items = await prs.list(target.repo, { creatorId: me });
      } else if (category === 'allActive') {
        items = await prs.list(target.repo, {});
      } else {
        const groups = (await this.myGroups(target.account)).slice(0, MAX_GROUPS);
        const lists = await Promise.all([me, ...groups].map((reviewerId) => prs.list(target.repo, { reviewerId })));
        const byId = new Map<number, PullRequestInfo>();
        for (const pr of lists.flat()) if (pr.createdBy.id !== me) byId.set(pr.id, pr);
        items = [...byId.values()].sort((a, b) => b.id - a.id);
      }
      return { status: 'loaded', items, loadedAt: Date.now() };
    } catch (err) {
      const error = toAzdoError(err, `Listing pull requests of ${target.label}`);
      this.log.error(`Could not list pull requests of ${target.label}`, error);
      return { status: 'error', error };
    }
  }

  /** Reloads every list loaded so far; tells whether anything changed (for the polling backoff). */
  async refreshLoaded(): Promise<'changed' | 'unchanged' | 'failed'> {
    const entries = [...this.states.entries()];
    if (entries.length === 0) return 'unchanged';
    let changed = false;
    let failed = false;
    await Promise.all(entries.map(async ([key, before]) => {
      const [accountKey, repositoryId, category] = key.split('|');
      const target = this.targets.get(`${accountKey}|${repositoryId}`);
      if (!target) return;
      const after = await this.load(target, category as Category, true);
      if (after.status === 'error') failed = true;
      const was = before.status === 'loaded' ? signature(before.items) : 'error';
      const now = after.status === 'loaded' ? signature(after.items) : 'error';
      if (was !== now) changed = true;
    }));
    if (changed) this.changed.fire();
    return failed ? 'failed' : changed ? 'changed' : 'unchanged';
  }

  private readonly targets = new Map<string, ListTarget>();

  /** Remembers a target so refreshLoaded can reload its lists. */
  register(target: ListTarget): ListTarget {
    this.targets.set(`${target.account.key}|${target.repo.repositoryId}`, target);
    return target;
  }

  /** Forgets every list (a manual refresh, a sign-in change); listeners reload what they show. */
  invalidate(): void {
    this.states.clear();
    this.pending.clear();
    this.generations.clear();
    this.groups.clear();
    this.changed.fire();
  }

  /** The pull request in any loaded list, for the current-branch status bar and quick lookups. */
  findLoaded(predicate: (pr: PullRequestInfo) => boolean): PullRequestInfo | undefined {
    for (const state of this.states.values()) {
      if (state.status !== 'loaded') continue;
      const hit = state.items.find(predicate);
      if (hit) return hit;
    }
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
