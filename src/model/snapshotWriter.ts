import type { AccountStore } from '../auth/accountStore';
import type { Logger } from '../log';
import type { OrganizationData } from './catalog';
import type { OrganizationSnapshot, SnapshotStore } from './snapshotStore';

/** How long after a load its snapshot is written, unless the Catalog is told otherwise. */
export const PERSIST_DELAY_MS = 1000;

/**
 * Keeps each organization's content for the next session, a moment after it was loaded: loads come in bursts (every
 * organization at once), and serializing them is not allowed to slow the burst down, so a write also waits while
 * `busy` says loads are under way. Writing is never awaited by a load; failures are logged.
 */
export class SnapshotWriter {
  /** Content waiting for its moment, by organization key. */
  private readonly waiting = new Map<string, { timer: ReturnType<typeof setTimeout>; data: OrganizationData }>();
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly store: SnapshotStore,
    private readonly accounts: AccountStore,
    private readonly log: Logger,
    /** True while loads are under way. */
    private readonly busy: () => boolean,
    private readonly delayMs = PERSIST_DELAY_MS,
  ) {}

  /** Writes `data` as the organization's snapshot a moment from now (what was waiting for it is replaced). */
  schedule(key: string, data: OrganizationData): void {
    clearTimeout(this.waiting.get(key)?.timer);
    this.waiting.set(key, { timer: setTimeout(() => this.write(key), this.delayMs), data });
  }

  /** Organizations whose content waits to be written. */
  keys(): string[] {
    return [...this.waiting.keys()];
  }

  /** Drops what waits to be written for an organization (signed out). */
  forget(key: string): void {
    clearTimeout(this.waiting.get(key)?.timer);
    this.waiting.delete(key);
  }

  /** Resolves when every snapshot being written is on disk (those still waiting for their moment are not). */
  async whenSaved(): Promise<void> {
    while (this.writing.size > 0) await Promise.all([...this.writing]);
  }

  /** Writes everything that waits now (a reload disposes the catalog). */
  flush(): void {
    for (const [key, { timer }] of [...this.waiting]) {
      clearTimeout(timer);
      this.write(key, true);
    }
  }

  private write(key: string, force = false): void {
    const waiting = this.waiting.get(key);
    if (!waiting) return;
    if (!force && this.busy()) {
      // Loads are under way: saving waits until they are done rather than compete with them for the thread.
      waiting.timer = setTimeout(() => this.write(key), this.delayMs);
      return;
    }
    this.waiting.delete(key);
    const account = this.accounts.get(key);
    if (!account) return;
    const { data } = waiting;
    const snapshot: OrganizationSnapshot = {
      version: 1, key, userId: account.user.id, loadedAt: data.loadedAt, projects: data.projects,
      repositories: [...data.repositories.values()].flat(), projectsFromRepositories: data.projectsFromRepositories,
    };
    const writing = this.store.write(snapshot).then(() => {
      // Signed out while writing: do not leave the snapshot behind.
      if (!this.accounts.get(key)) return this.store.delete(key);
      return undefined;
    }).catch((err: unknown) => this.log.warn(`Could not save the content of ${account.name} for the next session: ${String(err)}`));
    this.writing.add(writing);
    void writing.finally(() => this.writing.delete(writing));
  }
}
