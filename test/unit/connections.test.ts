import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import { AzdoClient, type ClientOptions } from '../../src/azdo/client';
import { ConnectionPool } from '../../src/azdo/connections';
import { RouteCache } from '../../src/azdo/routeCache';
import { generateSeed, startEmulator, type RunningEmulator } from '../emulator/index';

describe('Connection pool: clients share keep-alive connections (real node-api against the emulator)', function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let pool: ConnectionPool | undefined;

  before(async () => { emu = await startEmulator({ seed: generateSeed({ organizations: 2, projectsPerOrg: 1, reposPerProject: 2 }) }); });
  after(async () => { await emu.close(); });
  beforeEach(() => { emu.control.clearLog(); });
  afterEach(() => { pool?.dispose(); pool = undefined; });

  const routes = new RouteCache();
  const client = (org: string, extra: Partial<ClientOptions> = {}) => new AzdoClient(`${emu.url}/${org}`, { kind: 'pat', token: emu.tokens[org] },
    { timeoutSeconds: 10, maxConcurrent: 4, userAgent: 'test', routes, ...extra });
  /** The connections the emulator saw carrying the data requests. */
  const connections = () => new Set(emu.control.getLog().entries.filter((e) => e.method === 'GET').map((e) => e.connection));

  /** Two organizations one after the other, then both again with clients made afresh (what Refresh does). */
  async function loadTwiceWithNewClients(connectionsPool?: ConnectionPool): Promise<void> {
    for (let round = 0; round < 2; round++) {
      for (const org of ['org-1', 'org-2']) {
        const repos = await client(org, { connections: connectionsPool }).listRepositories();
        assert.equal(repos.length, 2, `${org} answered with its repositories`);
      }
    }
  }

  it('a refresh (new clients) and other organizations on the same host reuse one connection', async () => {
    await client('org-1').listRepositories(); // route tables known, so only data requests are counted below
    await client('org-2').listRepositories();
    emu.control.clearLog();
    pool = new ConnectionPool();
    await loadTwiceWithNewClients(pool);
    const requests = emu.control.getLog().entries.filter((e) => e.method === 'GET');
    assert.equal(requests.length, 4);
    assert.ok(requests.every((e) => e.status === 200), 'each request carried its own organization\'s token');
    assert.equal(connections().size, 1, `one connection for every request, saw ${[...connections()].join(', ')}`);
  });

  it('without a pool, each client opens connections of its own (what the pool saves)', async () => {
    await loadTwiceWithNewClients(undefined);
    assert.equal(connections().size, 4);
  });

  it('closes its connections when disposed', async () => {
    pool = new ConnectionPool();
    await client('org-1', { connections: pool }).listRepositories();
    assert.equal(pool.openConnections, 1);
    pool.dispose();
    assert.equal(pool.openConnections, 0);
  });

  describe('adopt', () => {
    it('replaces a direct request\'s own agent, and keeps "accept any certificate" as a request option', () => {
      pool = new ConnectionPool();
      const own = new https.Agent({ keepAlive: true });
      (own.options as { rejectUnauthorized?: boolean }).rejectUnauthorized = false; // as typed-rest-client marks it
      const options: { agent?: unknown; protocol?: string; rejectUnauthorized?: boolean } = { agent: own, protocol: 'https:' };
      pool.adopt(options);
      assert.notEqual(options.agent, own);
      assert.ok(options.agent instanceof https.Agent);
      assert.equal(options.rejectUnauthorized, false);
      const strict: { agent?: unknown; protocol?: string; rejectUnauthorized?: boolean } = { agent: new https.Agent(), protocol: 'https:' };
      pool.adopt(strict);
      assert.equal(strict.agent, options.agent, 'one agent per protocol; connections are keyed by their TLS options');
      assert.equal(strict.rejectUnauthorized, undefined);
      own.destroy();
    });

    it('leaves a proxy\'s tunnel agent (not a Node agent) and unknown protocols alone', () => {
      pool = new ConnectionPool();
      const tunnel = { addRequest: () => undefined };
      const viaProxy = { agent: tunnel, protocol: 'https:' };
      pool.adopt(viaProxy);
      assert.equal(viaProxy.agent, tunnel);
      const own = new http.Agent();
      const other = { agent: own, protocol: 'ftp:' };
      pool.adopt(other);
      assert.equal(other.agent, own);
    });
  });
});
