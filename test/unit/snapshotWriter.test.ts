import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AccountStore, type AccountRecord } from '../../src/auth/accountStore';
import { RedactingLogger } from '../../src/log';
import type { RepositoryInfo } from '../../src/azdo/types';
import type { OrganizationData } from '../../src/model/catalog';
import { FileSnapshotStore } from '../../src/model/snapshotStore';
import { SnapshotWriter } from '../../src/model/snapshotWriter';
import { Redactor } from '../../src/util/redact';
import { MemoryLog, MemorySecrets, MemoryState } from '../support/memory';

const DELAY_MS = 20;

function record(name: string): AccountRecord {
  const url = `https://dev.azure.com/${name}`;
  return {
    key: url.toLowerCase(), kind: 'services', name, url, auth: 'pat',
    user: { id: 'user-1', displayName: 'User One' }, addedAt: new Date(0).toISOString(), tokenState: 'valid',
  };
}

function data(repository: string): OrganizationData {
  const repo: RepositoryInfo = {
    id: `r-${repository}`, name: repository, projectId: 'p1', projectName: 'Project', isDisabled: false, isFork: false,
    remoteUrl: `https://dev.azure.com/x/Project/_git/${repository}`,
  };
  return { projects: [{ id: 'p1', name: 'Project', visibility: 'private' }], repositories: new Map([['p1', [repo]]]), projectsFromRepositories: false, loadedAt: 1 };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SnapshotWriter: a load\'s content kept for the next session, a moment later', () => {
  let dir: string;
  let store: FileSnapshotStore;
  let accounts: AccountStore;
  let busy: boolean;
  let writer: SnapshotWriter;
  const a = record('org-a');
  const b = record('org-b');

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'azdo-writer-'));
    store = new FileSnapshotStore(dir);
    const redactor = new Redactor();
    accounts = new AccountStore(new MemoryState(), new MemorySecrets(), redactor);
    await accounts.save(a, 'token-a');
    await accounts.save(b, 'token-b');
    busy = false;
    writer = new SnapshotWriter(store, accounts, new RedactingLogger(new MemoryLog(), redactor), () => busy, DELAY_MS);
  });
  afterEach(async () => {
    writer.flush();
    await writer.whenSaved();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes the latest content after the delay, not before', async () => {
    writer.schedule(a.key, data('first'));
    writer.schedule(a.key, data('second'));
    assert.deepEqual(writer.keys(), [a.key]);
    assert.equal(existsSync(store.fileOf(a.key)), false, 'nothing on disk at once');
    await sleep(DELAY_MS * 3);
    await writer.whenSaved();
    const saved = await store.read(a.key);
    assert.deepEqual(saved?.repositories.map((r) => r.name), ['second']);
    assert.equal(saved?.userId, 'user-1');
    assert.deepEqual(writer.keys(), []);
  });

  it('waits while loads are under way, and writes once they are done', async () => {
    busy = true;
    writer.schedule(a.key, data('repo'));
    await sleep(DELAY_MS * 4);
    await writer.whenSaved();
    assert.equal(existsSync(store.fileOf(a.key)), false, 'not written during the loads');
    busy = false;
    await sleep(DELAY_MS * 3);
    await writer.whenSaved();
    assert.equal(existsSync(store.fileOf(a.key)), true);
  });

  it('flush writes what waits at once, even while loads are under way (a reload)', async () => {
    busy = true;
    writer.schedule(a.key, data('repo'));
    writer.schedule(b.key, data('other'));
    writer.flush();
    await writer.whenSaved();
    assert.deepEqual((await store.read(a.key))?.repositories.map((r) => r.name), ['repo']);
    assert.deepEqual((await store.read(b.key))?.repositories.map((r) => r.name), ['other']);
  });

  it('writes nothing for an organization forgotten or signed out meanwhile', async () => {
    writer.schedule(a.key, data('repo'));
    writer.schedule(b.key, data('other'));
    writer.forget(a.key);
    await accounts.remove(b.key);
    await sleep(DELAY_MS * 3);
    await writer.whenSaved();
    assert.equal(existsSync(store.fileOf(a.key)), false, 'forgotten');
    assert.equal(existsSync(store.fileOf(b.key)), false, 'signed out');
  });
});
