import type { AccountStore } from '../auth/accountStore';
import type { Diagnosis } from '../auth/diagnosis';
import { AzdoError, isCredentialFailure, isUnreachable, toAzdoError } from '../azdo/errors';
import type { ProjectInfo, RepositoryInfo } from '../azdo/types';
import type { Logger } from '../log';
import { sortByName } from '../util/compare';
import { Emitter, type Event } from '../util/event';
import type { ClientProvider } from './clients';
import type { OrganizationSnapshot, SnapshotStore } from './snapshotStore';
import { SnapshotWriter } from './snapshotWriter';

export interface OrganizationData {
  projects: ProjectInfo[];
  /** Repositories by project id. */
  repositories: Map<string, RepositoryInfo[]>;
  /** Set when projects could be listed only through their repositories (the token lacks the project scope). */
  projectsFromRepositories: boolean;
  loadedAt: number;
}

export type OrganizationState =
  | { status: 'loading' }
  | {
    status: 'loaded';
    data: OrganizationData;
    /** The data comes from the snapshot of an earlier session and has not been confirmed by the service yet. */
    stale?: boolean;
    /** A refresh is under way; the data shown is the last known. */
    refreshing?: boolean;
    /** The last refresh failed; the data shown is the last known. */
    refreshError?: AzdoError;
    /** Why the refresh's credential failed, when that was found out. */
    refreshDiagnosis?: Diagnosis;
    /** The service could not be reached: the next automatic try is at this time (ms since the epoch). */
    retryAt?: number;
  }
  | { status: 'error'; error: AzdoError; diagnosis?: Diagnosis; retryAt?: number };

/** Finds out why an organization's credential failed (src/model/tokenProbe.ts), for a specific hint in the tree. */
export type Diagnoser = (key: string) => Promise<Diagnosis | undefined>;

export interface CatalogOptions {
  /** Where each organization's last loaded content is kept across sessions; without it nothing is kept. */
  snapshots?: SnapshotStore;
  /**
   * Runs the background refresh of content restored from snapshots. The default lets the content restored in one
   * go reach the view first (a macrotask later); tests pass their own to decide when it runs.
   */
  scheduleRefresh?: (refresh: () => void) => void;
  /** How long after a load its snapshot is written (default 1 s). */
  persistDelayMs?: number;
  /** Automatic tries while an organization cannot be reached: the first delay, doubled up to the longest. */
  offlineRetry?: { firstMs: number; maxMs: number };
}

const OFFLINE_RETRY = { firstMs: 3000, maxMs: 5 * 60_000 };

/**
 * What the tree (and the clone picker) knows about each organization: projects and repositories, loaded once per
 * organization in parallel (projects and all repositories in two concurrent requests), kept until a refresh.
 *
 * After a window reload the content of the previous session is served at once from the snapshots (marked stale,
 * with `refreshing` set) and refreshed in the background. A refresh never blanks what is shown: it keeps the last
 * known content with `refreshing`, then replaces it, or keeps it with `refreshError` when the refresh fails.
 */
export class Catalog {
  private readonly states = new Map<string, OrganizationState>();
  private readonly pending = new Map<string, Promise<OrganizationState>>();
  private readonly changed = new Emitter<string | undefined>();
  private readonly subscription: { dispose(): unknown };
  private restoring?: Promise<void>;
  private restored = false;
  /** Writes each organization's snapshot a moment after its load (with `options.snapshots`). */
  private readonly writer?: SnapshotWriter;
  /** Automatic tries of organizations that could not be reached: the timer and how many tries failed so far. */
  private readonly retries = new Map<string, { timer?: ReturnType<typeof setTimeout>; failures: number }>();
  /** Fires with the organization key whose data changed, or undefined for all. */
  readonly onDidChange: Event<string | undefined> = this.changed.event;

  constructor(
    private readonly accounts: AccountStore,
    private readonly clients: ClientProvider,
    private readonly log: Logger,
    private readonly diagnoser?: Diagnoser,
    private readonly options: CatalogOptions = {},
  ) {
    // Signing out forgets the organization, its snapshot included, whichever way the account was removed.
    this.subscription = accounts.onDidChange(() => this.forgetSignedOut());
    if (options.snapshots) this.writer = new SnapshotWriter(options.snapshots, accounts, log, () => this.pending.size > 0, options.persistDelayMs);
  }

  state(key: string): OrganizationState | undefined {
    return this.states.get(key);
  }

  /** True while any organization is loading or refreshing. */
  isBusy(): boolean {
    if (this.pending.size > 0) return true;
    for (const s of this.states.values()) if (s.status === 'loading' || (s.status === 'loaded' && s.refreshing)) return true;
    return false;
  }

  /**
   * Loads an organization unless it is known already (or `force`); concurrent calls share one load. The first
   * load of a session serves the snapshot of the previous session, when there is one, and refreshes it in the
   * background. With `force` the last known content stays visible (marked refreshing) until the answer arrives.
   */
  load(key: string, force = false): Promise<OrganizationState> {
    if (!force) {
      const existing = this.states.get(key);
      if (existing && existing.status !== 'loading') return Promise.resolve(existing);
      const inFlight = this.pending.get(key);
      if (inFlight) return inFlight;
      if (!existing && this.options.snapshots && !this.restored) return this.restoreAll().then(() => this.load(key));
    }
    return this.refresh(key);
  }

  /**
   * Loads several organizations (see load), a few at a time, each few one turn of the event loop after the
   * previous: started together, every organization would build its requests before any of them is written to its
   * socket, so the first would go out only after the last was built; staggered, they go out as soon as they are
   * built, and the service works on the first while the others are being built.
   */
  async loadAll(keys: readonly string[], force = false): Promise<OrganizationState[]> {
    // The saved content first (one read for all), so that the loads after it are staggered too.
    if (!force && this.options.snapshots && !this.restored) await this.restoreAll();
    return Promise.all(await staggered(keys, (key) => this.load(key, force)));
  }

  /** Reloads the repositories of one project (item refresh on a project). */
  async reloadProject(key: string, projectId: string): Promise<void> {
    const state = this.states.get(key);
    const client = await this.clients.get(key);
    if (state?.status !== 'loaded' || !client) {
      await this.load(key, true);
      return;
    }
    try {
      const repositories = await client.listRepositories(projectId);
      const current = this.states.get(key);
      if (current?.status !== 'loaded') return;
      const byProject = new Map(current.data.repositories);
      byProject.set(projectId, sortByName(repositories));
      const data = { ...current.data, repositories: byProject };
      this.states.set(key, { status: 'loaded', data, stale: current.stale, refreshing: current.refreshing });
      if (!current.stale) this.writer?.schedule(key, data);
    } catch (err) {
      const current = this.states.get(key);
      const error = toAzdoError(err, 'Refreshing the project');
      if (current?.status === 'loaded') this.states.set(key, { ...current, refreshError: error });
    }
    this.changed.fire(key);
  }

  /** Forgets one organization (or all) in memory, so the next look loads again. Snapshots stay. */
  invalidate(key?: string): void {
    this.cancelRetry(key);
    if (key) {
      const known = this.states.delete(key);
      const loading = this.pending.delete(key);
      if (!known && !loading) return; // nothing was shown for it: no refresh needed
    } else {
      this.states.clear();
      this.pending.clear();
    }
    this.changed.fire(key);
  }

  /**
   * Reads every signed-in organization's snapshot once per session, in one go, then refreshes them in the
   * background. The tree awaits this before it shows the organizations, so the first paint after a reload is the
   * last known content (no request is needed for it).
   */
  restore(): Promise<void> {
    return this.restoreAll();
  }

  private restoreAll(): Promise<void> {
    const snapshots = this.options.snapshots;
    if (!snapshots) return Promise.resolve();
    this.restoring ??= (async () => {
      try {
        await this.restoreSnapshots(snapshots);
      } finally {
        this.restored = true;
      }
    })();
    return this.restoring;
  }

  private async restoreSnapshots(snapshots: SnapshotStore): Promise<void> {
    const accounts = this.accounts.list();
    const restored: string[] = [];
    await Promise.all(accounts.map(async (account) => {
      const snapshot = await snapshots.read(account.key).catch((err: unknown) => {
        this.log.warn(`Could not read the saved content of ${account.name}: ${String(err)}`);
        return undefined;
      });
      if (!snapshot || snapshot.userId !== account.user.id) return;
      if (this.states.has(account.key) || this.pending.has(account.key)) return;
      this.states.set(account.key, { status: 'loaded', data: fromSnapshot(snapshot), stale: true, refreshing: true });
      restored.push(account.key);
    }));
    snapshots.retainOnly(accounts.map((a) => a.key)).catch((err: unknown) => this.log.warn(`Could not delete saved content of signed-out organizations: ${String(err)}`));
    if (restored.length === 0) return;
    this.log.info(`Showing the saved content of ${restored.length} organization(s) while they refresh`);
    this.changed.fire(undefined);
    const schedule = this.options.scheduleRefresh ?? ((run: () => void) => { setTimeout(run, 0); });
    schedule(() => void staggered(restored, (key) => {
      const state = this.states.get(key);
      if (state?.status === 'loaded' && state.stale && !this.pending.has(key)) void this.refresh(key);
    }));
  }

  private refresh(key: string): Promise<OrganizationState> {
    clearTimeout(this.retries.get(key)?.timer);
    const previous = this.states.get(key);
    this.states.set(key, previous?.status === 'loaded' ? { ...previous, refreshing: true, refreshError: undefined, refreshDiagnosis: undefined } : { status: 'loading' });
    const promise = this.fetch(key).then((result) => {
      if (this.pending.get(key) !== promise) return this.states.get(key) ?? result; // superseded or forgotten
      this.pending.delete(key);
      const current = this.states.get(key);
      let next: OrganizationState = result;
      if (result.status === 'loaded') {
        this.writer?.schedule(key, result.data);
      } else if (result.status === 'error' && current?.status === 'loaded') {
        // Keep what is shown, with the error, rather than blank the organization.
        next = { status: 'loaded', data: current.data, stale: current.stale, refreshError: result.error, refreshDiagnosis: result.diagnosis };
      }
      next = this.retryWhileUnreachable(key, next);
      this.states.set(key, next);
      this.changed.fire(key);
      return next;
    });
    this.pending.set(key, promise);
    if (previous?.status === 'loaded') this.changed.fire(key);
    return promise;
  }

  private async fetch(key: string): Promise<OrganizationState> {
    const account = this.accounts.get(key);
    try {
      const client = await this.clients.get(key);
      if (!account || !client) {
        throw new AzdoError('unauthorized', `No token is stored for ${account?.name ?? key}`);
      }
      const [projects, repositories] = await Promise.allSettled([client.listProjects(), client.listRepositories()]);
      if (repositories.status === 'rejected') throw repositories.reason;
      let projectList: ProjectInfo[];
      let projectsFromRepositories = false;
      if (projects.status === 'fulfilled') {
        projectList = projects.value;
      } else {
        const error = toAzdoError(projects.reason, 'Listing projects');
        if (error.kind !== 'forbidden') throw error;
        // A token with only the Code scope may not list projects: show the projects its repositories belong to.
        this.log.info(`${account.name}: projects listed through repositories (${error.message})`);
        projectsFromRepositories = true;
        projectList = [...new Map(repositories.value.map((r) => [r.projectId, { id: r.projectId, name: r.projectName }])).values()];
      }
      if (account.tokenState === 'rejected') await this.accounts.setTokenState(key, 'valid');
      return { status: 'loaded', data: toData(projectList, repositories.value, projectsFromRepositories, Date.now()) };
    } catch (err) {
      const error = toAzdoError(err, `Loading ${account?.name ?? key}`);
      this.log.error(`Could not load ${account?.name ?? key}`, error);
      // A refused credential or a 403 has several possible causes: find out which, so the tree can say it.
      const diagnosis = this.diagnoser && (isCredentialFailure(error) || error.kind === 'forbidden')
        ? await this.diagnoser(key).catch(() => undefined) : undefined;
      return { status: 'error', error, diagnosis };
    }
  }

  /**
   * While an organization cannot be reached, it is tried again by itself, each time waiting twice as long (up to
   * a few minutes): when the network returns, the tree recovers without a click. Any other outcome ends the tries.
   */
  private retryWhileUnreachable(key: string, state: OrganizationState): OrganizationState {
    const error = state.status === 'error' ? state.error : state.status === 'loaded' ? state.refreshError : undefined;
    if (state.status === 'loading' || !isUnreachable(error) || !this.accounts.get(key)) {
      this.cancelRetry(key);
      return state;
    }
    const policy = this.options.offlineRetry ?? OFFLINE_RETRY;
    const retry = this.retries.get(key) ?? { failures: 0 };
    clearTimeout(retry.timer);
    const delay = Math.min(policy.firstMs * 2 ** retry.failures, policy.maxMs);
    retry.failures++;
    retry.timer = setTimeout(() => {
      retry.timer = undefined;
      if (this.accounts.get(key) && !this.pending.has(key) && this.states.has(key)) {
        this.log.info(`Trying ${this.accounts.get(key)?.name ?? key} again (it could not be reached)`);
        void this.refresh(key);
      }
    }, delay);
    this.retries.set(key, retry);
    return { ...state, retryAt: Date.now() + delay };
  }

  private cancelRetry(key?: string): void {
    for (const [k, retry] of this.retries) {
      if (key !== undefined && k !== key) continue;
      clearTimeout(retry.timer);
      this.retries.delete(k);
    }
  }

  /** Resolves when every snapshot being written is on disk (those still waiting for their moment are not). */
  async whenSaved(): Promise<void> {
    await this.writer?.whenSaved();
  }

  private forgetSignedOut(): void {
    const signedIn = new Set(this.accounts.list().map((a) => a.key));
    for (const key of [...this.states.keys(), ...this.pending.keys(), ...(this.writer?.keys() ?? []), ...this.retries.keys()]) {
      if (signedIn.has(key)) continue;
      this.cancelRetry(key);
      this.states.delete(key);
      this.pending.delete(key);
      this.writer?.forget(key);
    }
    this.options.snapshots?.retainOnly(signedIn).catch((err: unknown) => this.log.warn(`Could not delete the saved content of signed-out organizations: ${String(err)}`));
  }

  dispose(): void {
    // A reload disposes the catalog: what is still waiting to be saved is saved now.
    this.writer?.flush();
    this.cancelRetry();
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Organizations started in one turn of the event loop by loadAll (a turn has a cost of its own). */
const STAGGER = 4;

/**
 * Calls `start` for each key, STAGGER of them per turn of the event loop (its I/O included), so that what the first
 * started reaches the network before the next are built (see Catalog.loadAll). Resolves with what each call returned.
 */
async function staggered<T>(keys: readonly string[], start: (key: string) => T): Promise<T[]> {
  const started: T[] = [];
  for (const key of keys) {
    if (started.length > 0 && started.length % STAGGER === 0) await new Promise((resolve) => setImmediate(resolve));
    started.push(start(key));
  }
  return started;
}

function toData(projects: ProjectInfo[], repositories: RepositoryInfo[], projectsFromRepositories: boolean, loadedAt: number): OrganizationData {
  const byProject = new Map<string, RepositoryInfo[]>();
  for (const repo of repositories) {
    const list = byProject.get(repo.projectId) ?? [];
    list.push(repo);
    byProject.set(repo.projectId, list);
  }
  for (const [id, list] of byProject) byProject.set(id, sortByName(list));
  return { projects: sortByName(projects), repositories: byProject, projectsFromRepositories, loadedAt };
}

function fromSnapshot(snapshot: OrganizationSnapshot): OrganizationData {
  return toData(snapshot.projects, snapshot.repositories, snapshot.projectsFromRepositories, snapshot.loadedAt);
}
