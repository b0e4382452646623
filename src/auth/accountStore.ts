import { Emitter, type Event } from '../util/event';
import type { Redactor } from '../util/redact';
import {
  ACCOUNTS_KEY, ACCOUNTS_KEY_V1, chooseIndex, INDEX_SECRET_KEY, parseIndex, sameAccounts, TOKEN_PREFIX,
  type AccountIndex, type AccountRecord,
} from './records';

export type { AccountRecord, AuthKind, MicrosoftAccountRef } from './records';
export { ACCOUNTS_KEY, ACCOUNTS_KEY_V1, INDEX_SECRET_KEY } from './records';

/** The parts of vscode.Memento and vscode.SecretStorage the store uses (structural, for unit tests). */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}
export interface SecretStore {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
  onDidChange?: (listener: (e: { key: string }) => unknown) => { dispose(): unknown };
}

/**
 * Signed-in organizations. Tokens live only in SecretStorage (one per organization); the index of organizations is
 * in global state (read synchronously when first needed, not during activation) and mirrored into SecretStorage,
 * whose change event reaches every window: a sign-in or sign-out in one window shows in all others. Every token read
 * or written is handed to the redactor so that no log line can show it.
 */
export class AccountStore {
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;
  private readonly subscription?: { dispose(): unknown };
  /** The index in global state, parsed on first use (not during activation). */
  private current?: AccountIndex;
  /** True when the index came from the v1 store and is to be written back in the current form. */
  private migrated = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Token keys this window just wrote: their change events are echoes of a change already announced. */
  private readonly ownWrites = new Map<string, number>();
  /** Tokens read from SecretStorage (a pending read shared), until it reports a change of theirs. */
  private readonly tokens = new Map<string, Promise<string | undefined>>();
  /** Resolves once the index in SecretStorage has been read (and a v1 store migrated). */
  readonly ready: Promise<void>;

  constructor(private readonly state: StateStore, private readonly secrets: SecretStore, private readonly redactor: Redactor) {
    this.subscription = secrets.onDidChange?.((e) => {
      if (e.key === INDEX_SECRET_KEY) void this.enqueue(() => this.reloadFromSecret());
      else if (e.key.startsWith(TOKEN_PREFIX)) {
        // Read again on next use: whichever window wrote it.
        this.tokens.delete(e.key.slice(TOKEN_PREFIX.length));
        if (!this.isEcho(e.key)) this.changed.fire();
      }
    });
    // The first read of SecretStorage (a message to the window) waits until activation has returned.
    this.ready = this.enqueue(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      const index = this.index;
      if (this.migrated) await this.persist(index);
      await this.reloadFromSecret();
      if (!(await this.readSecretIndex()) && this.index.revision > 0) await this.persist(this.index);
    }).catch(() => undefined);
  }

  private get index(): AccountIndex {
    if (this.current) return this.current;
    const stored = parseIndex(this.state.get<unknown>(ACCOUNTS_KEY));
    const { index, migrated } = chooseIndex({ state: stored, v1: stored ? undefined : this.state.get<unknown>(ACCOUNTS_KEY_V1) });
    this.migrated = migrated;
    return this.current = index;
  }

  private set index(next: AccountIndex) {
    this.current = next;
  }

  /** Every signed-in organization, hidden ones included (they are still signed in and used by git). */
  list(): AccountRecord[] {
    return this.index.accounts.map((a) => ({ ...a }));
  }

  /** The organizations the view shows. */
  visible(): AccountRecord[] {
    return this.list().filter((a) => !a.hidden);
  }

  /** The organizations the user chose not to see. */
  hidden(): AccountRecord[] {
    return this.list().filter((a) => a.hidden);
  }

  get(key: string): AccountRecord | undefined {
    const found = this.index.accounts.find((a) => a.key === key);
    return found ? { ...found } : undefined;
  }

  /** The revision of the index this window uses (grows with every change in any window). */
  get revision(): number {
    return this.index.revision;
  }

  /**
   * The organization's token. Read from SecretStorage once, then from memory until SecretStorage says it changed:
   * each read is a round trip to the window's secret store (in a browser-hosted window, to the browser), which
   * every request of the organization would otherwise wait for.
   */
  async getToken(key: string): Promise<string | undefined> {
    const known = this.tokens.get(key);
    if (known) return known;
    const reading = Promise.resolve(this.secrets.get(TOKEN_PREFIX + key)).then((token) => {
      this.redactor.add(token);
      return token;
    });
    this.tokens.set(key, reading);
    try {
      const token = await reading;
      if (token === undefined && this.tokens.get(key) === reading) this.tokens.delete(key);
      return token;
    } catch (err) {
      if (this.tokens.get(key) === reading) this.tokens.delete(key);
      throw err;
    }
  }

  /**
   * Adds or replaces one organization. With a token (personal access token sign-in) the token is kept first, then
   * the record, so a record never points at a missing token; a Microsoft sign-in keeps no token (VS Code does).
   */
  async save(record: AccountRecord, token?: string): Promise<void> {
    await this.saveMany([record], token);
  }

  /** Adds or replaces several organizations in one change (e.g. every organization of a Microsoft account). */
  async saveMany(records: AccountRecord[], token?: string): Promise<void> {
    if (token !== undefined) this.redactor.add(token);
    await this.enqueue(async () => {
      for (const r of records) {
        this.tokens.delete(r.key);
        if (token !== undefined) await this.secrets.store(this.own(TOKEN_PREFIX + r.key), token);
        else if (r.auth === 'microsoft') await this.secrets.delete(this.own(TOKEN_PREFIX + r.key));
        this.tokens.delete(r.key);
      }
      const keys = new Set(records.map((r) => r.key));
      await this.commit([...this.index.accounts.filter((a) => !keys.has(a.key)), ...records.map((r) => ({ ...r }))]);
    });
  }

  async remove(key: string): Promise<void> {
    await this.removeMany([key]);
  }

  /** Signs out of several organizations at once: records first, then their tokens. */
  async removeMany(keys: string[]): Promise<void> {
    const gone = new Set(keys);
    await this.enqueue(async () => {
      await this.commit(this.index.accounts.filter((a) => !gone.has(a.key)));
      for (const key of keys) {
        this.tokens.delete(key);
        await this.secrets.delete(this.own(TOKEN_PREFIX + key));
        this.tokens.delete(key);
      }
    });
  }

  async setTokenState(key: string, tokenState: AccountRecord['tokenState']): Promise<void> {
    await this.patch([key], (a) => (a.tokenState === tokenState ? undefined : { ...a, tokenState }));
  }

  async setHidden(keys: string[], hidden: boolean): Promise<void> {
    await this.patch(keys, (a) => (Boolean(a.hidden) === hidden ? undefined : { ...a, hidden: hidden || undefined }));
  }

  /** Changes records in place; `change` returns the new record, or undefined to leave it. */
  async patch(keys: string[], change: (record: AccountRecord) => AccountRecord | undefined): Promise<void> {
    const wanted = new Set(keys);
    await this.enqueue(async () => {
      let touched = false;
      const next = this.index.accounts.map((a) => {
        if (!wanted.has(a.key)) return a;
        const changedRecord = change({ ...a });
        if (!changedRecord) return a;
        touched = true;
        return changedRecord;
      });
      if (touched) await this.commit(next);
    });
  }

  /** Reads the index another window may have written; used on secret changes and at start-up. */
  async refresh(): Promise<void> {
    await this.enqueue(() => this.reloadFromSecret());
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }

  /** Notes a write of ours (its change event comes back to this window too, later). */
  private own(secretKey: string): string {
    this.ownWrites.set(secretKey, (this.ownWrites.get(secretKey) ?? 0) + 1);
    return secretKey;
  }

  private isEcho(secretKey: string): boolean {
    const pending = this.ownWrites.get(secretKey) ?? 0;
    if (pending === 0) return false;
    if (pending === 1) this.ownWrites.delete(secretKey);
    else this.ownWrites.set(secretKey, pending - 1);
    return true;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async commit(accounts: AccountRecord[]): Promise<void> {
    const latest = await this.readSecretIndex();
    const revision = Math.max(this.index.revision, latest?.revision ?? 0) + 1;
    const next = parseIndex({ version: 2, revision, accounts }) ?? this.index;
    this.index = next;
    this.changed.fire();
    await this.persist(next);
  }

  private async persist(index: AccountIndex): Promise<void> {
    await this.state.update(ACCOUNTS_KEY, index);
    await this.secrets.store(INDEX_SECRET_KEY, JSON.stringify(index));
  }

  private async readSecretIndex(): Promise<AccountIndex | undefined> {
    try {
      return parseIndex(await this.secrets.get(INDEX_SECRET_KEY));
    } catch {
      return undefined;
    }
  }

  /** Adopts the index in SecretStorage when another window wrote a newer one. */
  private async reloadFromSecret(): Promise<void> {
    const secret = await this.readSecretIndex();
    if (!secret || secret.revision < this.index.revision) return;
    if (secret.revision === this.index.revision && sameAccounts(secret, this.index)) return;
    const differs = !sameAccounts(secret, this.index);
    this.index = secret;
    if (differs) this.changed.fire(); // listeners see the new list at once; the local copy follows
    await this.state.update(ACCOUNTS_KEY, secret);
  }
}
