import type { AzdoUser } from '../azdo/types';

/**
 * What is stored about signed-in organizations, and how older stored shapes become today's. Pure: no VS Code, no
 * I/O, so the migration is unit-tested.
 *
 * Storage (v2):
 * - global state `azureDevOps.accounts.v2`: the {@link AccountIndex} (read synchronously at start-up);
 * - secret `azureDevOps.accountIndex.v2`: the same index, because SecretStorage tells every window about a change
 *   (global state has no change event across windows), so another window's sign-in or sign-out shows everywhere;
 * - secret `azureDevOps.token:<key>`: the personal access token of an organization (unchanged since v1).
 * v1 (the first release) kept a plain array of records at `azureDevOps.accounts.v1`; see {@link migrateV1}.
 */

/** How an organization authenticates: its own personal access token, or a Microsoft (Entra) account of VS Code. */
export type AuthKind = 'pat' | 'microsoft';

/** A Microsoft account known to VS Code's `microsoft` authentication provider. */
export interface MicrosoftAccountRef {
  /** The session account id (MSAL's home account id, `<object id>.<tenant id>`). */
  id: string;
  /** What VS Code shows for the account (usually the email). */
  label: string;
  /** The tenant asked for (`VSCODE_TENANT:<tenant>`), when the user chose one; absent = the account's home tenant. */
  tenant?: string;
}

/** Non-secret facts about a signed-in organization or collection. */
export interface AccountRecord {
  /** organizationKey(): the lowercase canonical URL. */
  key: string;
  kind: 'services' | 'server';
  /** Organization name, or the collection name on a server. */
  name: string;
  url: string;
  auth: AuthKind;
  /** The Azure DevOps user the credential belongs to. */
  user: AzdoUser;
  /** ISO date of sign-in. */
  addedAt: string;
  /** 'rejected' once the service refused the credential; signing in again clears it. */
  tokenState: 'valid' | 'rejected';
  /** Personal access tokens: the day the token stops working, as the user told us (ISO date `YYYY-MM-DD`). */
  tokenExpires?: string;
  /** Microsoft sign-in: which account (and tenant) of VS Code's Microsoft sign-in this organization uses. */
  microsoft?: MicrosoftAccountRef;
  /** Left out of the view (still signed in, still used for git): the user does not want to see it. */
  hidden?: boolean;
}

export interface AccountIndex {
  version: 2;
  /** Grows with every write, so a window can tell a newer index from its own. */
  revision: number;
  accounts: AccountRecord[];
}

export const ACCOUNTS_KEY_V1 = 'azureDevOps.accounts.v1';
export const ACCOUNTS_KEY = 'azureDevOps.accounts.v2';
export const INDEX_SECRET_KEY = 'azureDevOps.accountIndex.v2';
export const TOKEN_PREFIX = 'azureDevOps.token:';

export function emptyIndex(): AccountIndex {
  return { version: 2, revision: 0, accounts: [] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readUser(value: unknown): AzdoUser | undefined {
  if (!isObject(value) || typeof value.id !== 'string' || !value.id) return undefined;
  const displayName = typeof value.displayName === 'string' && value.displayName ? value.displayName : value.id;
  const uniqueName = typeof value.uniqueName === 'string' && value.uniqueName ? value.uniqueName : undefined;
  return uniqueName ? { id: value.id, displayName, uniqueName } : { id: value.id, displayName };
}

function readMicrosoft(value: unknown): MicrosoftAccountRef | undefined {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.label !== 'string') return undefined;
  const tenant = typeof value.tenant === 'string' && value.tenant ? value.tenant : undefined;
  return tenant ? { id: value.id, label: value.label, tenant } : { id: value.id, label: value.label };
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One stored record, of either version, as today's shape; undefined when it cannot be used (no key, URL or user).
 * Unknown fields are dropped; missing optional ones get their defaults.
 */
export function readRecord(value: unknown, now: () => Date = () => new Date()): AccountRecord | undefined {
  if (!isObject(value)) return undefined;
  const { key, name, url, kind } = value;
  if (typeof key !== 'string' || !key || typeof name !== 'string' || !name || typeof url !== 'string' || !url) return undefined;
  if (kind !== 'services' && kind !== 'server') return undefined;
  const user = readUser(value.user);
  if (!user) return undefined;
  const microsoft = readMicrosoft(value.microsoft);
  const auth: AuthKind = value.auth === 'microsoft' && microsoft ? 'microsoft' : 'pat';
  const record: AccountRecord = {
    key, kind, name, url, auth, user,
    addedAt: typeof value.addedAt === 'string' && value.addedAt ? value.addedAt : now().toISOString(),
    tokenState: value.tokenState === 'rejected' ? 'rejected' : 'valid',
  };
  if (auth === 'pat' && typeof value.tokenExpires === 'string' && ISO_DAY.test(value.tokenExpires)) record.tokenExpires = value.tokenExpires;
  if (auth === 'microsoft') record.microsoft = microsoft;
  if (value.hidden === true) record.hidden = true;
  return record;
}

/** Records by key, the last one winning, sorted by name (how every list of organizations is shown). */
function normalize(records: AccountRecord[]): AccountRecord[] {
  const byKey = new Map<string, AccountRecord>();
  for (const r of records) byKey.set(r.key, r);
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.key.localeCompare(b.key));
}

/**
 * The v1 store (an array of `{key, kind, name, url, auth: 'pat', user, addedAt, tokenState}`) as a v2 index.
 * Every usable record is kept with its token state; the tokens themselves stay where they are
 * (`azureDevOps.token:<key>`), so nothing needs to move in SecretStorage.
 */
export function migrateV1(stored: unknown, now: () => Date = () => new Date()): AccountIndex {
  const list = Array.isArray(stored) ? stored : [];
  const accounts = normalize(list.map((v) => readRecord(v, now)).filter((r): r is AccountRecord => r !== undefined));
  return { version: 2, revision: accounts.length > 0 ? 1 : 0, accounts };
}

/** A stored v2 index (from global state, or the secret as JSON text); undefined when absent or unreadable. */
export function parseIndex(value: unknown, now: () => Date = () => new Date()): AccountIndex | undefined {
  let data = value;
  if (typeof value === 'string') {
    try {
      data = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!isObject(data) || data.version !== 2 || !Array.isArray(data.accounts)) return undefined;
  const revision = typeof data.revision === 'number' && Number.isFinite(data.revision) ? data.revision : 0;
  const accounts = normalize(data.accounts.map((v) => readRecord(v, now)).filter((r): r is AccountRecord => r !== undefined));
  return { version: 2, revision, accounts };
}

/** Whether two indexes list the same accounts (revision aside). */
export function sameAccounts(a: AccountIndex, b: AccountIndex): boolean {
  return JSON.stringify(a.accounts) === JSON.stringify(b.accounts);
}

/**
 * Which index a window should use at start-up: the one in global state (fast, synchronous), the one in
 * SecretStorage (written last by whichever window changed something), or the v1 array (first start after upgrade).
 * The higher revision wins; on a tie the secret wins, since every write ends with it.
 */
export function chooseIndex(options: { state?: AccountIndex; secret?: AccountIndex; v1?: unknown }, now?: () => Date): { index: AccountIndex; migrated: boolean } {
  const { state, secret } = options;
  if (state || secret) {
    const index = !state ? secret! : !secret ? state : secret.revision >= state.revision ? secret : state;
    return { index, migrated: false };
  }
  if (options.v1 !== undefined) return { index: migrateV1(options.v1, now), migrated: true };
  return { index: emptyIndex(), migrated: false };
}
