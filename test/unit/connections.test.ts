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

  describe('an agent the host puts on requests (VS Code\'s proxy support)', () => {
    /** What VS Code's proxy support does to http.request: a new agent of its own for each request not already carrying one. */
    class HostAgent extends http.Agent {
      static made = 0;
      /** Requests the host's agents carried. */
      static carried = 0;
      constructor(private readonly inner: http.Agent) { super(); HostAgent.made++; }
      addRequest(req: http.ClientRequest, options: http.RequestOptions): void {
        HostAgent.carried++;
        (this.inner as unknown as { addRequest(r: http.ClientRequest, o: http.RequestOptions): void }).addRequest(req, options);
      }
    }
    // The module object itself (typed-rest-client calls its request), not the import's read-only view of it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const nodeHttp = require('node:http') as { request: typeof http.request; __vscodeOriginal?: { request: typeof http.request } };
    const original = nodeHttp.request;
    /** Requests that went through the host's patch (VS Code reads its configuration in each). */
    let patchCalls = 0;
    beforeEach(() => {
      HostAgent.made = 0;
      HostAgent.carried = 0;
      patchCalls = 0;
      nodeHttp.request = ((options: http.RequestOptions, callback?: (res: http.IncomingMessage) => void) => {
        patchCalls++;
        const agent = options.agent instanceof HostAgent ? options.agent : new HostAgent(options.agent as http.Agent);
        return original({ ...options, agent }, callback);
      }) as typeof http.request;
    });
    afterEach(() => {
      nodeHttp.request = original;
      delete nodeHttp.__vscodeOriginal;
    });

    it('is made once per origin and reused by every later request, which all go out on the pool\'s connections', async () => {
      await client('org-1').listRepositories(); // route tables known: only data requests below
      await client('org-2').listRepositories();
      emu.control.clearLog();
      HostAgent.made = 0;
      pool = new ConnectionPool();
      await loadTwiceWithNewClients(pool);
      assert.equal(HostAgent.made, 1, 'one host agent for four requests to one origin');
      assert.deepEqual(pool.hostAgentOrigins, [new URL(emu.url).origin]);
      assert.ok(emu.control.getLog().entries.every((e) => e.status === 200));
      assert.equal(connections().size, 1, 'the host agent hands its requests to the pool\'s keep-alive agent');
    });

    it('is forgotten when the settings change, and after a failed request', async () => {
      pool = new ConnectionPool();
      await client('org-1', { connections: pool }).listRepositories();
      assert.equal(HostAgent.made, 1);
      pool.forgetHostAgents();
      assert.deepEqual(pool.hostAgentOrigins, []);
      await client('org-1', { connections: pool }).listRepositories();
      assert.equal(HostAgent.made, 2, 'a new agent after the settings changed');

      emu.control.addFault({ method: 'GET', path: '/_apis/git/repositories', fault: 'reset', times: 2 });
      await assert.rejects(client('org-1', { connections: pool }).listRepositories());
      assert.deepEqual(pool.hostAgentOrigins, [], 'a failed request\'s host agent is not handed on');
      emu.control.clearFaults();
      await client('org-1', { connections: pool }).listRepositories();
      assert.equal(HostAgent.made, 3);
    });

    it('goes out through Node\'s own request once known, when the host keeps it beside its patch (as VS Code does)', async () => {
      nodeHttp.__vscodeOriginal = { request: original };
      pool = new ConnectionPool();
      await loadTwiceWithNewClients(pool);
      assert.equal(patchCalls, 1, 'only the first request, whose agent was not known yet, went through the patch');
      assert.equal(HostAgent.made, 1);
      assert.equal(HostAgent.carried, 4, 'every request still went out with the host\'s agent, which decides the proxy');
      assert.ok(emu.control.getLog().entries.every((e) => e.status === 200));
    });

    it('goes through the host\'s patch when the host keeps no original', async () => {
      pool = new ConnectionPool();
      await loadTwiceWithNewClients(pool);
      assert.equal(patchCalls, 4);
      assert.equal(HostAgent.made, 1);
      assert.equal(HostAgent.carried, 4);
    });

    it('is not remembered when the host leaves the pool\'s agent in place', async () => {
      nodeHttp.request = original;
      pool = new ConnectionPool();
      await client('org-1', { connections: pool }).listRepositories();
      assert.deepEqual(pool.hostAgentOrigins, []);
    });
  });

  describe('adopt', () => {
    it('replaces a direct request\'s own agent, and keeps "accept any certificate" as a request option', () => {
      pool = new ConnectionPool();
      const own = new https.Agent({ keepAlive: true });
      (own.options as { rejectUnauthorized?: boolean }).rejectUnauthorized = false; // as typed-rest-client marks it
      const options: { agent?: unknown; protocol?: string; rejectUnauthorized?: boolean } = { agent: own, protocol: 'https:' };
      pool.adopt({ options: options });
      assert.notEqual(options.agent, own);
      assert.ok(options.agent instanceof https.Agent);
      assert.equal(options.rejectUnauthorized, false);
      const strict: { agent?: unknown; protocol?: string; rejectUnauthorized?: boolean } = { agent: new https.Agent(), protocol: 'https:' };
      pool.adopt({ options: strict });
      assert.equal(strict.agent, options.agent, 'one agent per protocol; connections are keyed by their TLS options');
      assert.equal(strict.rejectUnauthorized, undefined);
      own.destroy();
    });

    it('leaves a proxy\'s tunnel agent (not a Node agent) and unknown protocols alone', () => {
      pool = new ConnectionPool();
      const tunnel = { addRequest: () => undefined };
      const viaProxy = { agent: tunnel, protocol: 'https:' };
      pool.adopt({ options: viaProxy });
      assert.equal(viaProxy.agent, tunnel);
      const own = new http.Agent();
      const other = { agent: own, protocol: 'ftp:' };
      pool.adopt({ options: other });
      assert.equal(other.agent, own);
    });
  });
});
