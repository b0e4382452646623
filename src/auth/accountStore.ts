import type { AzdoUser } from '../azdo/types';
import { Emitter, type Event } from '../util/event';
import { sortByName } from '../util/compare';
import type { Redactor } from '../util/redact';

/** Non-secret facts about a signed-in organization or collection; kept in global state. */
export interface AccountRecord {
  /** organizationKey(): the lowercase canonical URL. */
  key: string;
  kind: 'services' | 'server';
  /** Organization name, or the collection name on a server. */
  name: string;
  url: string;
  auth: 'pat';
  user: AzdoUser;
  /** ISO date of sign-in. */
  addedAt: string;
  /** 'rejected' once the service refused the stored token; sign-in again clears it. */
  tokenState: 'valid' | 'rejected';
}

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

export const ACCOUNTS_KEY = 'azureDevOps.accounts.v1';
const TOKEN_PREFIX = 'azureDevOps.token:';

/**
 * Signed-in organizations. Tokens live only in SecretStorage (one per organization); everything else is in
 * global state. Every token read or written is handed to the redactor so that no log line can show it.
 */
export class AccountStore {
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;
  private readonly subscription?: { dispose(): unknown };

  constructor(private readonly state: StateStore, private readonly secrets: SecretStore, private readonly redactor: Redactor) {
    this.subscription = secrets.onDidChange?.((e) => {
      if (e.key.startsWith(TOKEN_PREFIX)) this.changed.fire();
    });
  }

  list(): AccountRecord[] {
    const stored = this.state.get<unknown>(ACCOUNTS_KEY);
    if (!Array.isArray(stored)) return [];
    return sortByName(stored.filter(isAccountRecord));
  }

  get(key: string): AccountRecord | undefined {
    // No sorting for one record: loads ask for their account many times at once.
    const stored = this.state.get<unknown>(ACCOUNTS_KEY);
    return Array.isArray(stored) ? stored.find((a): a is AccountRecord => isAccountRecord(a) && a.key === key) : undefined;
  }

  async getToken(key: string): Promise<string | undefined> {
    const token = await this.secrets.get(TOKEN_PREFIX + key);
    this.redactor.add(token);
    return token;
  }

  /** Keeps the token first, then the record, so a record never points at a missing token. */
  async save(record: AccountRecord, token: string): Promise<void> {
    this.redactor.add(token);
    await this.secrets.store(TOKEN_PREFIX + record.key, token);
    const others = this.list().filter((a) => a.key !== record.key);
    await this.state.update(ACCOUNTS_KEY, [...others, record]);
    this.changed.fire();
  }

  async remove(key: string): Promise<void> {
    await this.state.update(ACCOUNTS_KEY, this.list().filter((a) => a.key !== key));
    await this.secrets.delete(TOKEN_PREFIX + key);
    this.changed.fire();
  }

  async setTokenState(key: string, tokenState: AccountRecord['tokenState']): Promise<void> {
    const accounts = this.list();
    const account = accounts.find((a) => a.key === key);
    if (!account || account.tokenState === tokenState) return;
    account.tokenState = tokenState;
    await this.state.update(ACCOUNTS_KEY, accounts);
    this.changed.fire();
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}

function isAccountRecord(value: unknown): value is AccountRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<AccountRecord>;
  return typeof v.key === 'string' && typeof v.name === 'string' && typeof v.url === 'string'
    && (v.kind === 'services' || v.kind === 'server') && typeof v.user?.id === 'string';
}
