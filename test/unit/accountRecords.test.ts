import * as assert from 'node:assert/strict';
import { AccountStore, type SecretStore, type StateStore } from '../../src/auth/accountStore';
import {
  ACCOUNTS_KEY, ACCOUNTS_KEY_V1, chooseIndex, INDEX_SECRET_KEY, migrateV1, parseIndex, readRecord, type AccountRecord,
} from '../../src/auth/records';
import { Redactor } from '../../src/util/redact';

class MemoryState implements StateStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { this.data.set(key, JSON.parse(JSON.stringify(value))); }
}

/** One SecretStorage shared by several "windows": every change reaches every listener, like VS Code's. */
class SharedSecrets implements SecretStore {
  readonly data = new Map<string, string>();
  private listeners: ((e: { key: string }) => unknown)[] = [];
  async get(key: string) { return this.data.get(key); }
  async store(key: string, value: string) { this.data.set(key, value); this.emit(key); }
  async delete(key: string) { this.data.delete(key); this.emit(key); }
  onDidChange = (listener: (e: { key: string }) => unknown) => {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== listener); } };
  };
  emit(key: string) { for (const l of [...this.listeners]) l({ key }); }
}

/** Exactly what the first release (v1) wrote to global state. */
const V1_STORED = [
  {
    key: 'https://dev.azure.com/fabrikam', kind: 'services', name: 'fabrikam', url: 'https://dev.azure.com/fabrikam', auth: 'pat',
    user: { id: 'u-1', displayName: 'Alice', uniqueName: 'alice@example.com' }, addedAt: '2026-11-01T10:00:00.000Z', tokenState: 'valid',
  },
  {
    key: 'https://server/tfs/defaultcollection', kind: 'server', name: 'DefaultCollection', url: 'https://server/tfs/DefaultCollection', auth: 'pat',
    user: { id: 'u-2', displayName: 'DOMAIN\\bob' }, addedAt: '2026-11-02T10:00:00.000Z', tokenState: 'rejected',
  },
];

const settle = () => new Promise((r) => setTimeout(r, 0));
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await settle();
  assert.ok(check(), 'condition not reached');
}

describe('account records: migration from v1 and the v2 index', () => {
  it('migrates every v1 record with its token state, and nothing else changes', () => {
    const index = migrateV1(V1_STORED);
    assert.equal(index.version, 2);
    assert.equal(index.revision, 1);
    assert.deepEqual(index.accounts.map((a) => [a.name, a.kind, a.auth, a.tokenState, a.user.id, a.addedAt]), [
      ['DefaultCollection', 'server', 'pat', 'rejected', 'u-2', '2026-11-02T10:00:00.000Z'],
      ['fabrikam', 'services', 'pat', 'valid', 'u-1', '2026-11-01T10:00:00.000Z'],
    ]);
    assert.equal(index.accounts[1].user.uniqueName, 'alice@example.com');
    assert.equal(index.accounts[0].hidden, undefined);
    assert.equal(index.accounts[0].tokenExpires, undefined);
  });

  it('drops unusable v1 entries and fills missing optional fields', () => {
    const now = () => new Date('2026-11-21T00:00:00Z');
    const index = migrateV1([null, 'x', { key: 1 }, { ...V1_STORED[0], user: { displayName: 'no id' } }, { ...V1_STORED[0], addedAt: undefined, tokenState: 'weird' }], now);
    assert.equal(index.accounts.length, 1);
    assert.equal(index.accounts[0].addedAt, '2026-11-21T00:00:00.000Z');
    assert.equal(index.accounts[0].tokenState, 'valid');
    assert.deepEqual(migrateV1(undefined).accounts, []);
    assert.equal(migrateV1({ not: 'an array' }).revision, 0);
  });

  it('reads v2 records: Microsoft accounts need their account reference, expiry must be a day', () => {
    const ms = readRecord({ ...V1_STORED[0], auth: 'microsoft', microsoft: { id: 'oid.tid', label: 'alice@contoso.com', tenant: 'contoso.com' }, hidden: true });
    assert.equal(ms?.auth, 'microsoft');
    assert.deepEqual(ms?.microsoft, { id: 'oid.tid', label: 'alice@contoso.com', tenant: 'contoso.com' });
    assert.equal(ms?.hidden, true);
    assert.equal(readRecord({ ...V1_STORED[0], auth: 'microsoft' })?.auth, 'pat', 'no account reference: treated as a token organization');
    assert.equal(readRecord({ ...V1_STORED[0], tokenExpires: '2026-12-01' })?.tokenExpires, '2026-12-01');
    assert.equal(readRecord({ ...V1_STORED[0], tokenExpires: 'soon' })?.tokenExpires, undefined);
  });

  it('parses the index from global state or from its JSON text in SecretStorage', () => {
    const index = { version: 2, revision: 7, accounts: V1_STORED };
    assert.equal(parseIndex(index)?.revision, 7);
    assert.equal(parseIndex(JSON.stringify(index))?.accounts.length, 2);
    assert.equal(parseIndex('{not json'), undefined);
    assert.equal(parseIndex({ version: 1, accounts: [] }), undefined);
    assert.equal(parseIndex(V1_STORED), undefined, 'a v1 array is not a v2 index');
  });

  it('chooses the newer index at start-up; the secret wins a tie; v1 only when there is no v2', () => {
    const a = { version: 2 as const, revision: 3, accounts: [] };
    const b = { version: 2 as const, revision: 5, accounts: [] };
    assert.equal(chooseIndex({ state: a, secret: b }).index, b);
    assert.equal(chooseIndex({ state: b, secret: a }).index, b);
    assert.equal(chooseIndex({ state: { ...a }, secret: a }).index, a);
    assert.equal(chooseIndex({ state: a, v1: V1_STORED }).migrated, false);
    const migrated = chooseIndex({ v1: V1_STORED });
    assert.equal(migrated.migrated, true);
    assert.equal(migrated.index.accounts.length, 2);
    assert.equal(chooseIndex({}).index.revision, 0);
  });
});

describe('AccountStore: upgrade from v1 and several windows', () => {
  it('upgrades a v1 store: records migrated to v2 (global state and SecretStorage), tokens untouched, v1 left for a downgrade', async () => {
    const state = new MemoryState();
    const secrets = new SharedSecrets();
    state.data.set(ACCOUNTS_KEY_V1, V1_STORED);
    secrets.data.set('azureDevOps.token:https://dev.azure.com/fabrikam', 'token-fabrikam-1');
    secrets.data.set('azureDevOps.token:https://server/tfs/defaultcollection', 'token-server-2');
    const store = new AccountStore(state, secrets, new Redactor());
    assert.deepEqual(store.list().map((a) => a.name), ['DefaultCollection', 'fabrikam'], 'usable before the async part finishes');
    await store.ready;
    assert.equal(parseIndex(state.data.get(ACCOUNTS_KEY))?.accounts.length, 2);
    assert.equal(parseIndex(secrets.data.get(INDEX_SECRET_KEY))?.accounts.length, 2);
    assert.deepEqual(state.data.get(ACCOUNTS_KEY_V1), V1_STORED);
    assert.equal(await store.getToken('https://dev.azure.com/fabrikam'), 'token-fabrikam-1');
    assert.equal(await store.getToken('https://server/tfs/defaultcollection'), 'token-server-2');
    assert.equal(store.get('https://server/tfs/defaultcollection')?.tokenState, 'rejected');

    // The next start reads v2 and does not migrate again (a sign-out is not undone by the old v1 array).
    await store.remove('https://dev.azure.com/fabrikam');
    const again = new AccountStore(state, secrets, new Redactor());
    await again.ready;
    assert.deepEqual(again.list().map((a) => a.name), ['DefaultCollection']);
  });

  it('a sign-in and a sign-out in one window reach another window through SecretStorage alone', async () => {
    const secrets = new SharedSecrets();
    const windowA = new AccountStore(new MemoryState(), secrets, new Redactor());
    const windowB = new AccountStore(new MemoryState(), secrets, new Redactor()); // its own global state: no sharing
    await Promise.all([windowA.ready, windowB.ready]);
    let changesInB = 0;
    windowB.onDidChange(() => changesInB++);
    const record: AccountRecord = { ...V1_STORED[0], kind: 'services', auth: 'pat', tokenState: 'valid' } as AccountRecord;
    await windowA.save(record, 'token-from-window-a');
    await until(() => windowB.list().length === 1);
    assert.equal(windowB.list()[0].name, 'fabrikam');
    assert.equal(await windowB.getToken(record.key), 'token-from-window-a');
    await windowA.setHidden([record.key], true);
    await until(() => windowB.get(record.key)?.hidden === true);
    await windowA.remove(record.key);
    await until(() => windowB.list().length === 0);
    assert.ok(changesInB >= 3, `window B was told about each change (${changesInB})`);
    assert.equal(windowB.revision, windowA.revision);
  });

  it('hides and shows organizations; hidden ones stay signed in', async () => {
    const store = new AccountStore(new MemoryState(), new SharedSecrets(), new Redactor());
    const r = (name: string): AccountRecord => ({ ...V1_STORED[0], key: `k-${name}`, name, kind: 'services', auth: 'pat', tokenState: 'valid' } as AccountRecord);
    await store.saveMany([r('a'), r('b'), r('c')], 'one-token-for-all');
    await store.setHidden(['k-a', 'k-c'], true);
    assert.deepEqual(store.visible().map((a) => a.name), ['b']);
    assert.deepEqual(store.hidden().map((a) => a.name), ['a', 'c']);
    assert.equal(store.list().length, 3);
    assert.equal(await store.getToken('k-c'), 'one-token-for-all');
    await store.setHidden(['k-a'], false);
    assert.deepEqual(store.visible().map((a) => a.name), ['a', 'b']);
  });

  it('a Microsoft-signed organization keeps no token; switching one from a token removes the old token', async () => {
    const secrets = new SharedSecrets();
    const store = new AccountStore(new MemoryState(), secrets, new Redactor());
    const pat = { ...V1_STORED[0], kind: 'services', auth: 'pat', tokenState: 'valid' } as AccountRecord;
    await store.save(pat, 'old-token-123456');
    await store.save({ ...pat, auth: 'microsoft', microsoft: { id: 'oid.tid', label: 'alice@contoso.com' } });
    assert.equal(await store.getToken(pat.key), undefined);
    assert.equal(store.get(pat.key)?.auth, 'microsoft');
  });
});
