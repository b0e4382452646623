import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { AzdoClient } from '../../src/azdo/client';
import { RouteCache, type RouteLocation } from '../../src/azdo/routeCache';
import { attachRouteCache, isMissingRoute, type RouteLookupClient } from '../../src/azdo/vsoClientRoutes';
import { generateSeed, startEmulator, type RunningEmulator } from '../emulator/index';

const loc = (id: string, area = 'git'): RouteLocation => ({
  id, area, resourceName: 'repositories', routeTemplate: '{project}/_apis/{area}/{resource}/{repositoryId}',
  resourceVersion: 2, minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1',
});

const DAY = 24 * 60 * 60 * 1000;

describe('RouteCache (pure logic)', () => {
  it('keys by organization URL (case and trailing slash do not matter) and area (case-insensitive)', () => {
    const cache = new RouteCache();
    cache.set('https://dev.azure.com/Org/', 'Git', [loc('a')]);
    assert.deepEqual(cache.get('https://dev.azure.com/org', 'git')?.map((l) => l.id), ['a']);
    assert.equal(cache.get('https://dev.azure.com/org', 'core'), undefined);
    assert.equal(cache.get('https://dev.azure.com/other', 'git'), undefined);
  });

  it('forgets a table once it is older than the maximum age', () => {
    let now = 1_000_000;
    const cache = new RouteCache({ maxAgeMs: DAY, now: () => now });
    cache.set('https://x/o', 'git', [loc('a')]);
    now += DAY;
    assert.ok(cache.get('https://x/o', 'git'), 'exactly the maximum age is still fresh');
    now += 1;
    assert.equal(cache.get('https://x/o', 'git'), undefined);
    assert.deepEqual(cache.serialize().organizations, {}, 'too old tables are not persisted');
  });

  it('does not trust a table saved in the future (clock changed)', () => {
    let now = 5 * DAY;
    const cache = new RouteCache({ now: () => now });
    cache.set('https://x/o', 'git', [loc('a')]);
    now -= DAY;
    assert.equal(cache.get('https://x/o', 'git'), undefined);
  });

  it('drops every table of one organization and leaves the others', () => {
    const cache = new RouteCache();
    let changes = 0;
    cache.onDidChange(() => changes++);
    cache.set('https://x/a', 'git', [loc('1')]);
    cache.set('https://x/a', 'core', [loc('2', 'core')]);
    cache.set('https://x/b', 'git', [loc('3')]);
    cache.dropOrganization('https://X/A/');
    assert.equal(cache.get('https://x/a', 'git'), undefined);
    assert.equal(cache.get('https://x/a', 'core'), undefined);
    assert.ok(cache.get('https://x/b', 'git'));
    assert.equal(changes, 4);
    cache.dropOrganization('https://x/unknown');
    assert.equal(changes, 4, 'dropping nothing is no change');
  });

  it('keeps at most maxOrganizations, evicting the least recently saved', () => {
    let now = 0;
    const cache = new RouteCache({ maxOrganizations: 2, now: () => ++now });
    cache.set('https://x/a', 'git', [loc('1')]);
    cache.set('https://x/b', 'git', [loc('2')]);
    cache.set('https://x/a', 'core', [loc('3', 'core')]); // a is now the most recent
    cache.set('https://x/c', 'git', [loc('4')]);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('https://x/b', 'git'), undefined);
    assert.ok(cache.get('https://x/a', 'git'));
    assert.ok(cache.get('https://x/c', 'git'));
  });

  it('ignores empty or malformed location lists', () => {
    const cache = new RouteCache();
    cache.set('https://x/a', 'git', []);
    cache.set('https://x/a', 'core', [{ id: 'x' } as unknown as RouteLocation]);
    assert.equal(cache.size, 0);
  });

  it('survives a serialize/deserialize round trip, dropping stale and malformed parts', () => {
    let now = 10 * DAY;
    const cache = new RouteCache({ now: () => now });
    cache.set('https://x/a', 'git', [loc('1')]);
    now += 1;
    cache.set('https://x/b', 'git', [loc('2')]);
    const data = JSON.parse(JSON.stringify(cache.serialize())) as { organizations: Record<string, unknown> };
    data.organizations['https://x/bad'] = { git: { savedAt: 'yesterday', locations: [] } };
    data.organizations['https://x/old'] = { git: { savedAt: 0, locations: [loc('3')] } };
    const back = RouteCache.deserialize(data, { now: () => now });
    assert.deepEqual(back.get('https://x/a', 'git')?.map((l) => l.id), ['1']);
    assert.deepEqual(back.get('https://x/b', 'git')?.map((l) => l.id), ['2']);
    assert.equal(back.size, 2);
    for (const junk of [undefined, null, 42, 'x', [], { version: 2, organizations: {} }, { version: 1 }]) {
      assert.equal(RouteCache.deserialize(junk).size, 0, JSON.stringify(junk));
    }
  });

  it('reads the persisted tables only when first needed, and once', () => {
    const saved = new RouteCache();
    saved.set('https://x/a', 'git', [loc('1')]);
    const data = saved.serialize();
    let reads = 0;
    const cache = new RouteCache({ load: () => { reads++; return data; } });
    assert.equal(reads, 0, 'nothing read up front (activation)');
    assert.deepEqual(cache.get('https://x/a', 'git')?.map((l) => l.id), ['1']);
    cache.set('https://x/b', 'git', [loc('2')]);
    assert.equal(cache.size, 2);
    assert.equal(reads, 1);
  });

  it('recognises a missing route in the words of node-api and of the other clients', () => {
    assert.ok(isMissingRoute(new Error('Failed to find api location for area: git id: 225f7195-f9c7-4d14-ab28-a83f7ff77e1f')));
    assert.ok(isMissingRoute(new Error('API resource location 603fe2ac is not registered on https://x/o.')));
    assert.equal(isMissingRoute(new Error('not found (404)')), false);
    assert.equal(isMissingRoute(undefined), false);
  });
});

describe('attachRouteCache (a VsoClient-shaped object)', () => {
  function fakeClient(answer: () => Promise<Record<string, RouteLocation>>): RouteLookupClient & { asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      _locationsByAreaPromises: {},
      beginGetAreaLocations(area: string) {
        asked.push(area);
        return answer();
      },
    };
  }

  it('asks once for concurrent first requests, stores the answer, and a second client does not ask', async () => {
    const cache = new RouteCache();
    const first = fakeClient(async () => ({ a: loc('a') }));
    const link = attachRouteCache(first, 'https://x/o', cache);
    await Promise.all([first.beginGetAreaLocations('git'), first.beginGetAreaLocations('git'), first.beginGetAreaLocations('git')]);
    assert.deepEqual(first.asked, ['git']);
    assert.equal(link.usedCache(), false);
    const second = fakeClient(async () => { throw new Error('must not ask'); });
    const link2 = attachRouteCache(second, 'https://x/o', cache);
    assert.deepEqual(Object.keys(await second.beginGetAreaLocations('git')), ['a']);
    assert.equal(link2.usedCache(), true);
    link2.forget();
    assert.equal(link2.usedCache(), false);
    assert.deepEqual(second._locationsByAreaPromises, {});
  });

  it('gives every client of a cached table the same lookup (keyed by id, any case), and a new one once the table changes', async () => {
    const cache = new RouteCache();
    cache.set('https://x/o', 'git', [loc('AbC'), loc('d')]);
    const never = async (): Promise<Record<string, RouteLocation>> => { throw new Error('must not ask'); };
    const [a, b] = [fakeClient(never), fakeClient(never)];
    attachRouteCache(a, 'https://x/o', cache);
    attachRouteCache(b, 'https://x/o', cache);
    const lookupA = await a.beginGetAreaLocations('git');
    assert.deepEqual(Object.keys(lookupA).sort(), ['abc', 'd']);
    assert.equal(lookupA.abc.id, 'AbC');
    assert.equal(await b.beginGetAreaLocations('git'), lookupA, 'built once, shared');
    cache.set('https://x/o', 'git', [loc('e')]);
    const c = fakeClient(never);
    attachRouteCache(c, 'https://x/o', cache);
    assert.deepEqual(Object.keys(await c.beginGetAreaLocations('git')), ['e'], 'a changed table is looked up afresh');
  });

  it('does not keep a failed discovery, so the next request asks again', async () => {
    const cache = new RouteCache();
    let fail = true;
    const client = fakeClient(async () => {
      if (fail) throw new Error('offline');
      return { a: loc('a') };
    });
    attachRouteCache(client, 'https://x/o', cache);
    await assert.rejects(client.beginGetAreaLocations('git'), /offline/);
    fail = false;
    assert.deepEqual(Object.keys(await client.beginGetAreaLocations('git')), ['a']);
    assert.equal(client.asked.length, 2);
    assert.ok(cache.get('https://x/o', 'git'));
  });
});

describe('AzdoClient with a RouteCache (real node-api against the emulator)', function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  const options = (routes: RouteCache) => ({ timeoutSeconds: 10, maxConcurrent: 4, userAgent: 'test', routes });

  before(async () => { emu = await startEmulator({ seed: generateSeed({ organizations: 2, projectsPerOrg: 2, reposPerProject: 3 }) }); });
  after(async () => { await emu.close(); });
  beforeEach(() => emu.control.clearLog());

  const optionsRequests = () => emu.control.getLog().entries.filter((e) => e.method === 'OPTIONS');

  it('discovers routes once; a new client over the same cache sends no OPTIONS at all', async () => {
    const routes = new RouteCache();
    const url = `${emu.url}/org-1`;
    const first = new AzdoClient(url, { kind: 'pat', token: emu.tokens['org-1'] }, options(routes));
    await Promise.all([first.listProjects(), first.listRepositories(), first.listRepositories('project-1'), first.listRepositories('project-2')]);
    assert.deepEqual(optionsRequests().map((e) => e.path).sort(), ['/org-1/_apis/core', '/org-1/_apis/git'], 'one discovery per area, even for concurrent requests');
    emu.control.clearLog();
    const second = new AzdoClient(url, { kind: 'pat', token: emu.tokens['org-1'] }, options(routes));
    const [projects, repos] = await Promise.all([second.listProjects(), second.listRepositories()]);
    assert.equal(projects.length, 2);
    assert.equal(repos.length, 6);
    assert.deepEqual(optionsRequests(), []);
    assert.equal(emu.control.getLog().entries.length, 2);
  });

  it('drops the organization\'s tables and asks again when a remembered table lacks the route', async () => {
    const routes = new RouteCache();
    const url = `${emu.url}/org-2`;
    // A table from before an upgrade: the git area without the repositories location.
    routes.set(url, 'git', [loc('2d874a60-a811-4f62-9c9f-963a6ea0a55b')]);
    routes.set(`${emu.url}/org-1`, 'git', [loc('kept')]);
    const client = new AzdoClient(url, { kind: 'pat', token: emu.tokens['org-2'] }, options(routes));
    const repos = await client.listRepositories();
    assert.equal(repos.length, 6);
    assert.deepEqual(optionsRequests().map((e) => e.path), ['/org-2/_apis/git']);
    assert.ok(routes.get(url, 'git')?.some((l) => l.id === '225f7195-f9c7-4d14-ab28-a83f7ff77e1f'), 'the fresh table replaced the old one');
    assert.ok(routes.get(`${emu.url}/org-1`, 'git'), 'other organizations keep theirs');
  });

  it('still fails with an AzdoError when the service itself lacks the route', async () => {
    const routes = new RouteCache();
    const url = `${emu.url}/org-2`;
    emu.control.addFault({ method: 'OPTIONS', organization: 'org-2', fault: 'status', status: 200, body: { count: 0, value: [] }, times: 2 });
    try {
      const client = new AzdoClient(url, { kind: 'pat', token: emu.tokens['org-2'] }, options(routes));
      await assert.rejects(client.listRepositories(), (err: Error) => err.name === 'AzdoError');
    } finally {
      emu.control.clearFaults();
    }
  });
});

describe('AzdoClient listing over the wire (a local server)', () => {
  it('asks for the repository list gzipped, reads it, and with remembered routes sends nothing but the GET', async () => {
    const seen: { method?: string; url?: string; encoding?: string }[] = [];
    const body = JSON.stringify({ count: 1, value: [{ id: 'r1', name: 'repo', project: { id: 'p1', name: 'Project' }, defaultBranch: 'refs/heads/main', isDisabled: false }] });
    const server = http.createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, encoding: String(req.headers['accept-encoding'] ?? '') });
      const gz = gzipSync(body);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip', 'content-length': String(gz.length) });
      res.end(gz);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/org`;
      const routes = new RouteCache();
      routes.set(url, 'git', [{ ...loc('225f7195-f9c7-4d14-ab28-a83f7ff77e1f'), routeTemplate: '{project}/_apis/{area}/{resource}/{repositoryId}' }]);
      const client = new AzdoClient(url, { kind: 'pat', token: 'token-1234' }, { timeoutSeconds: 5, maxConcurrent: 2, userAgent: 'test', routes });
      const repos = await client.listRepositories();
      assert.deepEqual(repos.map((r) => [r.name, r.projectName, r.defaultBranch]), [['repo', 'Project', 'main']]);
      assert.equal(seen.length, 1, 'no route discovery');
      assert.equal(seen[0].method, 'GET');
      assert.equal(seen[0].url, '/org/_apis/git/repositories');
      assert.match(seen[0].encoding ?? '', /gzip/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
