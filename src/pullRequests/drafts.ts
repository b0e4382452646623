import type { CreateForm } from '../webviews/createPullRequest/messages';

/** The part of vscode.Memento the store uses (structural, for unit tests). */
export interface DraftMemento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

const KEY = 'azureDevOps.pullRequestDrafts.v1';
/** Drafts older than this are forgotten. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const MAX_DRAFTS = 50;

interface Stored { form: CreateForm; savedAt: number }

/**
 * Pull requests being written, kept in the workspace state per source (organization, repository, branch), so that
 * closing and reopening the form keeps what was typed. A draft goes when its pull request is created.
 */
export class DraftStore {
  constructor(private readonly memento: DraftMemento, private readonly now: () => number = Date.now) {}

  static key(accountKey: string, repositoryId: string, branch: string): string {
    return `${accountKey}|${repositoryId}|${branch}`;
  }

  private all(): Record<string, Stored> {
    const raw = this.memento.get<Record<string, Stored>>(KEY);
    return raw && typeof raw === 'object' ? raw : {};
  }

  get(key: string): CreateForm | undefined {
    const stored = this.all()[key];
    if (!stored || this.now() - stored.savedAt > MAX_AGE_MS) return undefined;
    return stored.form;
  }

  async save(key: string, form: CreateForm): Promise<void> {
    const all = this.all();
    all[key] = { form, savedAt: this.now() };
    const keys = Object.keys(all).sort((a, b) => all[b].savedAt - all[a].savedAt);
    for (const old of keys.slice(MAX_DRAFTS)) delete all[old];
    for (const k of Object.keys(all)) if (this.now() - all[k].savedAt > MAX_AGE_MS) delete all[k];
    await this.memento.update(KEY, all);
  }

  async delete(key: string): Promise<void> {
    const all = this.all();
    if (!(key in all)) return;
    delete all[key];
    await this.memento.update(KEY, all);
  }
}
