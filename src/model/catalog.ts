import type { AccountStore } from '../auth/accountStore';
import type { Diagnosis } from '../auth/diagnosis';
import { AzdoError, isCredentialFailure, toAzdoError } from '../azdo/errors';
import type { ProjectInfo, RepositoryInfo } from '../azdo/types';
import type { Logger } from '../log';
import { Emitter, type Event } from '../util/event';
import type { ClientProvider } from './clients';

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
  | { status: 'loaded'; data: OrganizationData }
  | { status: 'error'; error: AzdoError; diagnosis?: Diagnosis };

/** Finds out why an organization's credential failed (src/model/tokenProbe.ts), for a specific hint in the tree. */
export type Diagnoser = (key: string) => Promise<Diagnosis | undefined>;

/**
 * What the tree (and later the clone picker) knows about each organization: projects and repositories, loaded
 * once per organization in parallel (projects and all repositories in two concurrent requests), kept until a refresh.
 */
export class Catalog {
  private readonly states = new Map<string, OrganizationState>();
  private readonly pending = new Map<string, Promise<OrganizationState>>();
  private readonly changed = new Emitter<string | undefined>();
  /** Fires with the organization key whose data changed, or undefined for all. */
  readonly onDidChange: Event<string | undefined> = this.changed.event;

  constructor(
    private readonly accounts: AccountStore,
    private readonly clients: ClientProvider,
    private readonly log: Logger,
    private readonly diagnoser?: Diagnoser,
  ) {}

  state(key: string): OrganizationState | undefined {
    return this.states.get(key);
  }

  /** Loads an organization unless it is loaded already (or `force`); concurrent calls share one load. */
  load(key: string, force = false): Promise<OrganizationState> {
    const existing = this.states.get(key);
    if (!force && existing && existing.status !== 'loading') return Promise.resolve(existing);
    const inFlight = this.pending.get(key);
    if (inFlight && !force) return inFlight;
    const promise = this.fetch(key).then((state) => {
      if (this.pending.get(key) === promise) {
        this.pending.delete(key);
        this.states.set(key, state);
      }
      return state;
    });
    this.pending.set(key, promise);
    this.states.set(key, { status: 'loading' });
    return promise;
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
      state.data.repositories.set(projectId, sortByName(repositories));
    } catch (err) {
      this.states.set(key, { status: 'error', error: toAzdoError(err, 'Refreshing the project') });
    }
    this.changed.fire(key);
  }

  /** Forgets one organization (or all), so the next look loads again. */
  invalidate(key?: string): void {
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

  private async fetch(key: string): Promise<OrganizationState> {
    const account = this.accounts.get(key);
    try {
      const client = await this.clients.get(key);
      if (!account || !client) {
        throw new AzdoError('unauthorized', `No token is stored for ${account?.name ?? key}`);
      }
      const [projects, repositories] = await Promise.allSettled([client.listProjects(), client.listRepositories()]);
      if (repositories.status === 'rejected') throw repositories.reason;
      const byProject = new Map<string, RepositoryInfo[]>();
      for (const repo of repositories.value) {
        const list = byProject.get(repo.projectId) ?? [];
        list.push(repo);
        byProject.set(repo.projectId, list);
      }
      for (const [id, list] of byProject) byProject.set(id, sortByName(list));
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
      return {
        status: 'loaded',
        data: { projects: sortByName(projectList), repositories: byProject, projectsFromRepositories, loadedAt: Date.now() },
      };
    } catch (err) {
      const error = toAzdoError(err, `Loading ${account?.name ?? key}`);
      this.log.error(`Could not load ${account?.name ?? key}`, error);
      // A refused credential or a 403 has several possible causes: find out which, so the tree can say it.
      const diagnosis = this.diagnoser && (isCredentialFailure(error) || error.kind === 'forbidden')
        ? await this.diagnoser(key).catch(() => undefined) : undefined;
      return { status: 'error', error, diagnosis };
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function sortByName<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}
