import * as assert from 'node:assert/strict';
import { AccountStore, type AccountRecord } from '../../src/auth/accountStore';
import { CredentialProvider } from '../../src/auth/credentials';
import { RedactingLogger } from '../../src/log';
import { Catalog } from '../../src/model/catalog';
import { ClientProvider } from '../../src/model/clients';
import { Redactor } from '../../src/util/redact';
import { generateSeed, startEmulator, type RunningEmulator } from '../emulator/index';
import { MemoryLog, MemorySecrets, MemoryState } from '../support/memory';

async function until(probe: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Catalog offline: keeps the last known content and tries again by itself (real HTTP to the emulator)', function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let catalog: Catalog;
  let clients: ClientProvider;
  let account: AccountRecord;
  let accounts: AccountStore;

  before(async () => { emu = await startEmulator({ seed: generateSeed({ organizations: 1, projectsPerOrg: 2, reposPerProject: 2 }) }); });
  after(async () => { await emu.close(); });
  beforeEach(async () => {
    emu.control.clearFaults();
    const redactor = new Redactor();
    accounts = new AccountStore(new MemoryState(), new MemorySecrets(), redactor);
    const url = `${emu.url}/org-1`;
    account = { key: url.toLowerCase(), kind: 'services', name: 'org-1', url, auth: 'pat', user: { id: 'u', displayName: 'U' }, addedAt: new Date(0).toISOString(), tokenState: 'valid' };
    await accounts.save(account, emu.tokens['org-1']);
    const log = new RedactingLogger(new MemoryLog(), redactor);
    const credentials = new CredentialProvider(accounts, () => { throw new Error('no Microsoft sign-in here'); });
    clients = new ClientProvider(accounts, () => ({ timeoutSeconds: 5, maxConcurrent: 4, userAgent: 'test', strictSSL: true }), log, credentials);
    catalog = new Catalog(accounts, clients, log, undefined, { offlineRetry: { firstMs: 100, maxMs: 400 } });
  });
  afterEach(() => { catalog.dispose(); clients.dispose(); });

  it('a refresh that cannot reach the service keeps the content with a next try, which recovers without a refresh', async () => {
    const loaded = await catalog.load(account.key);
    assert.equal(loaded.status, 'loaded');
    const fault = emu.control.addFault({ fault: 'reset' });
    const offline = await catalog.load(account.key, true);
    assert.ok(offline.status === 'loaded' && offline.refreshError?.kind === 'network', JSON.stringify(offline));
    assert.ok(offline.status === 'loaded' && offline.retryAt && offline.retryAt > Date.now() - 50, 'the next try is scheduled');
    assert.equal(offline.status === 'loaded' && offline.data.projects.length, 2, 'the last known projects stay');
    // Still offline: the tries go on, each waiting longer.
    await until(() => (emu.control.listFaults().find((f) => f.id === fault)?.hits ?? 0) >= 4, 'a second automatic try');
    emu.control.clearFaults();
    await until(() => { const s = catalog.state(account.key); return s?.status === 'loaded' && !s.refreshError && !s.refreshing; }, 'recovery without a refresh');
    const hits = emu.control.getLog().entries.length;
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(emu.control.getLog().entries.length, hits, 'once recovered, no more tries');
  });

  it('other failures (a refused token) are not retried; signing out stops the tries', async () => {
    await catalog.load(account.key);
    emu.control.addFault({ fault: 'status', status: 401 });
    const refused = await catalog.load(account.key, true);
    assert.ok(refused.status === 'loaded' && refused.refreshError?.kind === 'unauthorized' && refused.retryAt === undefined);
    emu.control.clearFaults();
    emu.control.addFault({ fault: 'reset' });
    const offline = await catalog.load(account.key, true);
    assert.ok(offline.status === 'loaded' && offline.retryAt);
    await accounts.remove(account.key);
    emu.control.clearLog();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(emu.control.getLog().entries.length, 0, 'no try after signing out');
  });
});
