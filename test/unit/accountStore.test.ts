import * as assert from 'node:assert/strict';
import { AccountStore, ACCOUNTS_KEY, ACCOUNTS_KEY_V1, INDEX_SECRET_KEY, type AccountRecord, type SecretStore, type StateStore } from '../../src/auth/accountStore';
import { Redactor } from '../../src/util/redact';

class MemoryState implements StateStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { this.data.set(key, JSON.parse(JSON.stringify(value))); }
}

class MemorySecrets implements SecretStore {
  readonly data = new Map<string, string>();
  private listeners: ((e: { key: string }) => unknown)[] = [];
  async get(key: string) { return this.data.get(key); }
  async store(key: string, value: string) { this.data.set(key, value); this.emit(key); }
  async delete(key: string) { this.data.delete(key); this.emit(key); }
  onDidChange = (listener: (e: { key: string }) => unknown) => {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== listener); } };
  };
  emit(key: string) { for (const l of this.listeners) l({ key }); }
}

function record(name: string): AccountRecord {
  return {
    key: `https://dev.azure.com/${name}`, kind: 'services', name, url: `https://dev.azure.com/${name}`, auth: 'pat',
    user: { id: `id-${name}`, displayName: `User of ${name}` }, addedAt: '2026-11-21T00:00:00.000Z', tokenState: 'valid',
  };
}

describe('AccountStore', () => {
  it('keeps tokens only in secret storage and facts only in state', async () => {
    const state = new MemoryState();
    const secrets = new MemorySecrets();
    const store = new AccountStore(state, secrets, new Redactor());
    await store.save(record('fabrikam'), 'token-fabrikam-1234');
    assert.equal(await store.getToken('https://dev.azure.com/fabrikam'), 'token-fabrikam-1234');
    assert.ok(!JSON.stringify([...state.data]).includes('token-fabrikam-1234'));
    assert.deepEqual([...secrets.data].filter(([k]) => k !== INDEX_SECRET_KEY).map(([, v]) => v), ['token-fabrikam-1234']);
    assert.ok(!(secrets.data.get(INDEX_SECRET_KEY) ?? '').includes('token-fabrikam-1234'), 'the mirrored index holds no token');
  });

  it('keeps one token per organization and signs out of one without touching the others', async () => {
    const store = new AccountStore(new MemoryState(), new MemorySecrets(), new Redactor());
    await store.save(record('fabrikam'), 'token-a-123456');
    await store.save(record('contoso'), 'token-b-123456');
    assert.deepEqual(store.list().map((a) => a.name), ['contoso', 'fabrikam']);
    await store.remove('https://dev.azure.com/fabrikam');
    assert.deepEqual(store.list().map((a) => a.name), ['contoso']);
    assert.equal(await store.getToken('https://dev.azure.com/fabrikam'), undefined);
    assert.equal(await store.getToken('https://dev.azure.com/contoso'), 'token-b-123456');
  });

  it('replaces the record when the same organization signs in again', async () => {
    const store = new AccountStore(new MemoryState(), new MemorySecrets(), new Redactor());
    await store.save(record('fabrikam'), 'token-a-123456');
    await store.save({ ...record('fabrikam'), user: { id: 'other', displayName: 'Other' } }, 'token-c-123456');
    assert.equal(store.list().length, 1);
    assert.equal(store.list()[0].user.displayName, 'Other');
    assert.equal(await store.getToken('https://dev.azure.com/fabrikam'), 'token-c-123456');
  });

  it('registers every token it reads or writes with the redactor', async () => {
    const secrets = new MemorySecrets();
    secrets.data.set('azureDevOps.token:https://dev.azure.com/old', 'stored-earlier-9876');
    const redactor = new Redactor();
    const store = new AccountStore(new MemoryState(), secrets, redactor);
    await store.save(record('fabrikam'), 'fresh-token-5555');
    await store.getToken('https://dev.azure.com/old');
    assert.equal(redactor.redact('a fresh-token-5555 b stored-earlier-9876'), 'a *** b ***');
  });

  it('marks a token rejected and valid again, firing change events', async () => {
    const store = new AccountStore(new MemoryState(), new MemorySecrets(), new Redactor());
    await store.save(record('fabrikam'), 'token-a-123456');
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.setTokenState('https://dev.azure.com/fabrikam', 'rejected');
    await store.setTokenState('https://dev.azure.com/fabrikam', 'rejected'); // no change, no event
    assert.equal(store.get('https://dev.azure.com/fabrikam')?.tokenState, 'rejected');
    await store.setTokenState('https://dev.azure.com/fabrikam', 'valid');
    assert.equal(changes, 2);
  });

  it('ignores malformed stored records instead of failing', () => {
    const state = new MemoryState();
    state.data.set(ACCOUNTS_KEY_V1, [{ key: 1 }, null, 'x', record('ok')]);
    state.data.set(ACCOUNTS_KEY, { version: 2, revision: 'x', accounts: 'not a list' });
    const store = new AccountStore(state, new MemorySecrets(), new Redactor());
    assert.deepEqual(store.list().map((a) => a.name), ['ok']);
  });

  it('reads global state when first asked, not while it is made (activation)', () => {
    const state = new MemoryState();
    state.data.set(ACCOUNTS_KEY, { version: 2, revision: 3, accounts: [record('fabrikam'), record('contoso')] });
    const reads: string[] = [];
    const counting: StateStore = { get: <T>(key: string) => { reads.push(key); return state.get<T>(key); }, update: (k, v) => state.update(k, v) };
    const store = new AccountStore(counting, new MemorySecrets(), new Redactor());
    assert.deepEqual(reads, []);
    assert.deepEqual(store.list().map((a) => a.name), ['contoso', 'fabrikam']);
    assert.equal(store.revision, 3);
    store.get('https://dev.azure.com/fabrikam');
    assert.deepEqual(reads, [ACCOUNTS_KEY], 'read once');
  });

  it('writes a v1 store back in the current form once SecretStorage has been read', async () => {
    const state = new MemoryState();
    state.data.set(ACCOUNTS_KEY_V1, [record('fabrikam')]);
    const secrets = new MemorySecrets();
    const store = new AccountStore(state, secrets, new Redactor());
    await store.ready;
    const stored = state.get<{ version: number; accounts: AccountRecord[] }>(ACCOUNTS_KEY);
    assert.equal(stored?.version, 2);
    assert.deepEqual(stored?.accounts.map((a) => a.key), ['https://dev.azure.com/fabrikam']);
    assert.match(secrets.data.get(INDEX_SECRET_KEY) ?? '', /fabrikam/, 'mirrored into SecretStorage');
    assert.deepEqual(store.list().map((a) => a.name), ['fabrikam']);
  });

  it('tells listeners when another window changes a token (SecretStorage change event)', async () => {
    const secrets = new MemorySecrets();
    const store = new AccountStore(new MemoryState(), secrets, new Redactor());
    let changes = 0;
    store.onDidChange(() => changes++);
    secrets.emit('azureDevOps.token:https://dev.azure.com/x');
    secrets.emit('some.other.extension.key');
    assert.equal(changes, 1);
  });
});
