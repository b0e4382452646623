import * as assert from 'node:assert/strict';
import { assumedLocation } from '../../src/azdo/vsoClientRoutes';
import { AzdoClient, type ClientOptions } from '../../src/azdo/client';
import { AzdoError } from '../../src/azdo/errors';
import { RouteCache } from '../../src/azdo/routeCache';
import type { LogEntry } from '../emulator/control';
import { generateSeed, startEmulator, type RunningEmulator } from '../emulator/index';

const REPOSITORIES = '225f7195-f9c7-4d14-ab28-a83f7ff77e1f';

describe('Assumed routes: the first load does not wait for route discovery (real node-api against the emulator)', function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  const LATENCY = 60;

  before(async () => { emu = await startEmulator({ seed: generateSeed({ organizations: 2, projectsPerOrg: 2, reposPerProject: 3 }), latencyMs: LATENCY }); });
  after(async () => { await emu.close(); });
  beforeEach(() => { emu.control.clearLog(); emu.control.clearFaults(); });

  const client = (org: string, extra: Partial<ClientOptions> = {}) => new AzdoClient(`${emu.url}/${org}`, { kind: 'pat', token: emu.tokens[org] },
    { timeoutSeconds: 10, maxConcurrent: 4, userAgent: 'test', routes: new RouteCache(), assumeRoutes: true, ...extra });
  const entries = (method?: string, path?: string): LogEntry[] => emu.control.getLog().entries
    .filter((e) => (!method || e.method === method) && (!path || e.path.endsWith(path)));
  /** Requests that went out before every route discovery was answered. */
  const sentDuringDiscovery = () => {
    const discoveryEnd = Math.min(...entries('OPTIONS').map((e) => e.end ?? Infinity));
    return entries('GET').filter((e) => e.start < discoveryEnd);
  };

  it('sends the projects and repositories requests beside the discoveries, and keeps their answers', async () => {
    const routes = new RouteCache();
    const c = client('org-1', { routes });
    const [projects, repos] = await Promise.all([c.listProjects(), c.listRepositories()]);
    assert.equal(projects.length, 2);
    assert.equal(repos.length, 6);
    assert.deepEqual(entries('OPTIONS').map((e) => e.path).sort(), ['/org-1/_apis/core', '/org-1/_apis/git']);
    assert.equal(entries('GET').length, 2, 'no request was made again');
    assert.equal(sentDuringDiscovery().length, 2, 'both data requests went out before any discovery was answered');
    assert.ok(routes.get(`${emu.url}/org-1`, 'git')?.some((l) => l.id === REPOSITORIES), 'the discovered table is remembered');
  });

  it('waits for discovery where routes are not assumed (Azure DevOps Server)', async () => {
    const c = client('org-1', { assumeRoutes: false });
    await Promise.all([c.listProjects(), c.listRepositories()]);
    assert.equal(entries('GET').length, 2);
    assert.equal(sentDuringDiscovery().length, 0);
  });

  it('asks again on the discovered route when the service negotiates another version, and shows that answer', async () => {
    // A service whose repositories resource is at version 1: the assumed request asked for 7.2-preview.2.
    const older = { ...assumedLocation('git', REPOSITORIES), resourceVersion: 1 };
    emu.control.addFault({ method: 'OPTIONS', organization: 'org-2', path: '/_apis/git', fault: 'status', status: 200, body: { count: 1, value: [older] } });
    // ... which refuses the version it does not know.
    emu.control.addFault({ method: 'GET', organization: 'org-2', path: '/_apis/git/repositories', fault: 'status', status: 400, body: { message: 'VS800071: the requested version is not supported' }, times: 1 });
    const repos = await client('org-2').listRepositories();
    assert.equal(repos.length, 6);
    assert.deepEqual(entries('GET', '/_apis/git/repositories').map((e) => e.status), [400, 200]);
  });

  it('keeps a failure of the assumed request when the discovered route is the same (nothing is asked twice)', async () => {
    emu.control.addFault({ method: 'GET', organization: 'org-1', path: '/_apis/git/repositories', fault: 'status', status: 500, times: 1 });
    await assert.rejects(client('org-1').listRepositories(), (err: unknown) => err instanceof AzdoError && err.kind === 'server');
    assert.equal(entries('GET').length, 1);
  });

  it('fails as discovery fails, although the assumed request was answered', async () => {
    emu.control.addFault({ method: 'OPTIONS', organization: 'org-1', path: '/_apis/git', fault: 'status', status: 404 });
    await assert.rejects(client('org-1').listRepositories(), (err: unknown) => err instanceof AzdoError && err.kind === 'notFound');
    assert.deepEqual(entries('GET').map((e) => e.status), [200], 'the answer was there, but is not shown unchecked');
  });

  it('never assumes a route for a change (a create is not made twice): it waits for discovery', async () => {
    const c = client('org-1');
    const [project] = await client('org-1', { assumeRoutes: false }).listProjects();
    emu.control.clearLog();
    const created = await c.createRepository(project.id, 'made-once');
    assert.equal(created.name, 'made-once');
    const [discovery] = entries('OPTIONS', '/_apis/git');
    const [post] = entries('POST');
    assert.ok(discovery && post && post.start >= (discovery.end ?? Infinity), 'the create went out after its route was discovered');
    assert.equal(entries('POST').length, 1);
  });

  it('assumes nothing once the table is remembered: no discovery at all', async () => {
    const routes = new RouteCache();
    await client('org-1', { routes }).listRepositories();
    emu.control.clearLog();
    await client('org-1', { routes }).listRepositories();
    assert.deepEqual(entries().map((e) => e.method), ['GET']);
  });
});
