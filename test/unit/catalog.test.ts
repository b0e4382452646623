import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AccountStore, type AccountRecord } from '../../src/auth/accountStore';
import { CredentialProvider } from '../../src/auth/credentials';
import { RedactingLogger } from '../../src/log';
import { Catalog, type OrganizationState } from '../../src/model/catalog';
import { ClientProvider } from '../../src/model/clients';
import { openCaches, ROUTES_KEY } from '../../src/model/persistence';
import { FileSnapshotStore, parseSnapshot } from '../../src/model/snapshotStore';
import { Redactor } from '../../src/util/redact';
import { generateSeed, startEmulator, type RunningEmulator } from '../emulator/index';
import { MemoryLog, MemorySecrets, MemoryState } from '../support/memory';

/** Global state, secrets and the snapshot folder: what survives a window reload. */
interface Machine { state: MemoryState; secrets: MemorySecrets; accounts: AccountStore; dir: string; redactor: Redactor }

function record(emu: RunningEmulator, org: string, userId = 'bench-user'): AccountRecord {
  const url = `${emu.url}/${org}`;
  return {
    key: url.toLowerCase(), kind: 'services', name: org, url, auth: 'pat',
    user: { id: userId, displayName: 'Bench User' }, addedAt: new Date(0).toISOString(), tokenState: 'valid',
  };
}

/** A session as activate() builds it: caches opened from the machine, fresh clients and catalog. */
function session(m: Machine, scheduleRefresh?: (run: () => void) => void) {
  const log = new RedactingLogger(new MemoryLog(), m.redactor);
  const caches = openCaches({ state: m.state, storageDir: m.dir, log });
  const credentials = new CredentialProvider(m.accounts, () => { throw new Error('no Microsoft sign-in in these tests'); });
  const clients = new ClientProvider(m.accounts, () => ({ timeoutSeconds: 10, maxConcurrent: 4, userAgent: 'test', strictSSL: true }), log, credentials, caches.routes);
  const catalog = new Catalog(m.accounts, clients, log, undefined, { snapshots: caches.snapshots, scheduleRefresh });
  return {
    catalog, clients, caches,
    /** What a reload does (pending snapshots are written), and then waits for the disk. */
    dispose: async () => { catalog.dispose(); clients.dispose(); caches.dispose(); await catalog.whenSaved(); },
  };
}

/** A scheduler the test releases by hand, so "before the refresh" is a moment the test controls. */
function held() {
  let pending: (() => void) | undefined;
  return { schedule: (run: () => void) => { pending = run; }, release: () => { const run = pending; pending = undefined; run?.(); }, get waiting() { return pending !== undefined; } };
}

async function until(probe: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const repoCount = (s: OrganizationState | undefined) => s?.status === 'loaded' ? [...s.data.repositories.values()].flat().length : -1;

describe('Catalog: snapshots across reloads, refresh that keeps content (real HTTP to the emulator)', function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let m: Machine;

  before(async () => { emu = await startEmulator({ seed: generateSeed({ organizations: 3, projectsPerOrg: 2, reposPerProject: 3 }) }); });
  after(async () => { await emu.close(); });
  beforeEach(async () => {
    emu.control.clearFaults();
    emu.control.clearLog();
    const state = new MemoryState();
    const secrets = new MemorySecrets();
    const redactor = new Redactor();
    const accounts = new AccountStore(state, secrets, redactor);
    m = { state, secrets, accounts, redactor, dir: await fs.mkdtemp(path.join(os.tmpdir(), 'azdo-catalog-')) };
    for (const org of ['org-1', 'org-2']) await accounts.save(record(emu, org), emu.tokens[org]);
  });
  afterEach(async () => { await fs.rm(m.dir, { recursive: true, force: true }); });

  async function loadAll(catalog: Catalog): Promise<void> {
    await Promise.all(m.accounts.list().map((a) => catalog.load(a.key)));
  }

  it('after a reload serves every saved organization with no request, marked stale, then refreshes it', async () => {
    const first = session(m);
    await loadAll(first.catalog);
    const store = new FileSnapshotStore(path.join(m.dir, 'catalog'));
    await until(() => m.accounts.list().every((a) => existsSync(store.fileOf(a.key))), 'snapshots on disk');
    await first.dispose();
    emu.control.clearLog();

    const gate = held();
    const second = session(m, gate.schedule);
    const states = await Promise.all(m.accounts.list().map((a) => second.catalog.load(a.key)));
    assert.deepEqual(states.map(repoCount), [6, 6]);
    for (const s of states) assert.ok(s.status === 'loaded' && s.stale && s.refreshing, 'served stale, marked refreshing');
    assert.equal(emu.control.getLog().entries.length, 0, 'no request before the saved content is served');
    assert.ok(second.catalog.isBusy());

    gate.release();
    await until(() => m.accounts.list().every((a) => { const s = second.catalog.state(a.key); return s?.status === 'loaded' && !s.stale && !s.refreshing; }), 'the background refresh');
    const paths = emu.control.getLog().entries.map((e) => `${e.method} ${e.path}`).sort();
    assert.deepEqual(paths, [
      'GET /org-1/_apis/git/repositories', 'GET /org-1/_apis/projects',
      'GET /org-2/_apis/git/repositories', 'GET /org-2/_apis/projects',
    ], 'the refresh takes one round trip per organization: the route tables were remembered in global state');
    assert.ok(m.state.get(ROUTES_KEY), 'route tables are in global state');
    assert.equal(second.catalog.isBusy(), false);
    await second.dispose();
  });

  it('concurrent looks during the restore share one load per organization without a snapshot', async () => {
    const s = session(m);
    await Promise.all([s.catalog.load(record(emu, 'org-1').key), s.catalog.load(record(emu, 'org-1').key), s.catalog.load(record(emu, 'org-1').key)]);
    const repoLists = emu.control.getLog().entries.filter((e) => e.path === '/org-1/_apis/git/repositories');
    assert.equal(repoLists.length, 1);
    await s.dispose();
  });

  it('a failed background refresh keeps the saved content, with the error', async () => {
    const first = session(m);
    await loadAll(first.catalog);
    await first.dispose();
    const store = new FileSnapshotStore(path.join(m.dir, 'catalog'));
    await until(() => m.accounts.list().every((a) => existsSync(store.fileOf(a.key))), 'snapshots on disk');
    emu.control.addFault({ organization: 'org-1', fault: 'status', status: 500 });
    const gate = held();
    const second = session(m, gate.schedule);
    const key = record(emu, 'org-1').key;
    await loadAll(second.catalog);
    gate.release();
    await until(() => { const s = second.catalog.state(key); return s?.status === 'loaded' && !s.refreshing; }, 'the failed refresh');
    const state = second.catalog.state(key);
    assert.ok(state?.status === 'loaded');
    assert.equal(repoCount(state), 6, 'the saved content is still there');
    assert.equal(state.stale, true);
    assert.equal(state.refreshError?.kind, 'server');
    await second.dispose();
  });

  it('a forced refresh keeps the content visible, marked refreshing, until the answer replaces it', async () => {
    const s = session(m);
    const key = record(emu, 'org-2').key;
    await s.catalog.load(key);
    emu.control.addFault({ organization: 'org-2', fault: 'delay', delayMs: 300 });
    const refreshing = s.catalog.load(key, true);
    const during = s.catalog.state(key);
    assert.ok(during?.status === 'loaded' && during.refreshing && repoCount(during) === 6);
    const after = await refreshing;
    assert.ok(after.status === 'loaded' && !after.refreshing && !after.refreshError);
    await s.dispose();
  });

  it('signing out deletes the organization\'s snapshot; snapshots of signed-out organizations are pruned at restore', async () => {
    const s = session(m);
    await loadAll(s.catalog);
    const store = new FileSnapshotStore(path.join(m.dir, 'catalog'));
    const [a, b] = m.accounts.list();
    await until(() => existsSync(store.fileOf(a.key)) && existsSync(store.fileOf(b.key)), 'snapshots');
    await m.accounts.remove(a.key);
    await until(() => !existsSync(store.fileOf(a.key)), 'the snapshot of the signed-out organization to go');
    assert.equal(s.catalog.state(a.key), undefined);
    assert.ok(existsSync(store.fileOf(b.key)), 'the other organization keeps its snapshot');
    await s.dispose();

    // Signed out in another window: the record goes, the file stays until the next restore.
    const orphan = record(emu, 'org-3');
    await store.write({ version: 1, key: orphan.key, userId: 'x', loadedAt: 1, projects: [], repositories: [], projectsFromRepositories: false });
    const next = session(m);
    await next.catalog.load(b.key);
    await until(() => !existsSync(store.fileOf(orphan.key)), 'the orphan snapshot to be pruned');
    await next.dispose();
  });

  it('does not show the snapshot of another user of the same organization', async () => {
    const s = session(m);
    await loadAll(s.catalog);
    await s.dispose();
    const key = record(emu, 'org-1').key;
    await m.accounts.save(record(emu, 'org-1', 'someone-else'), emu.tokens['org-1']);
    emu.control.clearLog();
    const gate = held();
    const next = session(m, gate.schedule);
    const state = await next.catalog.load(key);
    assert.ok(state.status === 'loaded' && !state.stale, 'loaded from the service, not from the other user\'s snapshot');
    assert.ok(emu.control.getLog().entries.some((e) => e.organization === 'org-1'));
    await next.dispose();
  });

  it('writes snapshots that contain no token', async () => {
    const s = session(m);
    await loadAll(s.catalog);
    await s.dispose();
    const store = new FileSnapshotStore(path.join(m.dir, 'catalog'));
    const key = record(emu, 'org-1').key;
    await until(() => existsSync(store.fileOf(key)), 'snapshot');
    const text = await fs.readFile(store.fileOf(key), 'utf8');
    assert.ok(!text.includes(emu.tokens['org-1']));
    assert.equal(parseSnapshot(text)?.repositories.length, 6);
    assert.equal(parseSnapshot('{"version":1,"key":"x"}'), undefined);
    assert.equal(parseSnapshot('not json'), undefined);
  });
});

describe('Catalog.loadAll: organizations start a few at a time, one turn apart (real HTTP to the emulator)', function () {
  this.timeout(20_000);
  const ORGS = 10;
  let emu: RunningEmulator;
  before(async () => { emu = await startEmulator({ seed: generateSeed({ organizations: ORGS, projectsPerOrg: 1, reposPerProject: 2 }) }); });
  after(async () => { await emu.close(); });

  it('the first organization\'s requests reach the service before the last organization has even started', async () => {
    const redactor = new Redactor();
    const accounts = new AccountStore(new MemoryState(), new MemorySecrets(), redactor);
    for (let i = 1; i <= ORGS; i++) await accounts.save(record(emu, `org-${i}`), emu.tokens[`org-${i}`]);
    const log = new RedactingLogger(new MemoryLog(), redactor);
    const clients = new ClientProvider(accounts, () => ({ timeoutSeconds: 10, maxConcurrent: 4, userAgent: 'test', strictSSL: true }), log,
      new CredentialProvider(accounts, () => { throw new Error('no Microsoft sign-in in these tests'); }));
    // How many requests the service had received when each organization asked for its client (its load began).
    const received: number[] = [];
    const get = clients.get.bind(clients);
    clients.get = (key) => { received.push(emu.control.getLog().entries.length); return get(key); };
    const catalog = new Catalog(accounts, clients, log);
    emu.control.clearLog();
    const states = await catalog.loadAll(accounts.list().map((a) => a.key), true);
    assert.deepEqual(states.map(repoCount), Array(ORGS).fill(2));
    assert.equal(received.length, ORGS);
    assert.equal(received[0], 0);
    assert.ok(received[ORGS - 1] > 0, `requests had reached the service before the last organization started: ${received.join(', ')}`);
    catalog.dispose();
  });
});
