import * as assert from 'node:assert/strict';
import { CoreApi } from 'azure-devops-node-api/CoreApi';
import { GitApi } from 'azure-devops-node-api/GitApi';
import type { RunningEmulator } from './index';
import { basic, pat, raw, rejection, startTestEmulator, T } from './testkit';

describe('emulator: knobs (faults, latency, log, reset)', () => {
  let emu: RunningEmulator;

  before(async () => { emu = await startTestEmulator(); });
  after(async () => emu.close());
  afterEach(async () => emu.control.reset());

  it('throttles with 429, Retry-After and X-RateLimit-* visible to the client as rateLimit', async () => {
    emu.control.addFault({ fault: 'status', status: 429, retryAfter: 7, organization: 'alpha', path: '/_apis/projects', method: 'GET', times: 1 });
    const core = new CoreApi(`${emu.url}/alpha`, pat(emu.pat));
    const err = await rejection(core.getProjects());
    assert.equal(err.statusCode, 429);
    assert.equal(err.rateLimit?.retryAfter, 7);
    assert.equal(err.rateLimit?.remaining, 0);
    assert.equal(err.rateLimit?.resource, 'ATCPU');
    assert.equal(err.responseHeaders?.['retry-after'], '7');
    assert.equal((await core.getProjects()).length, 3, 'times: 1 lets the next request through');
  });

  it('matches faults by listener, organization and path regex, and clears them', async () => {
    const id = emu.control.addFault({ fault: 'status', status: 503, listener: 'cloud', organization: 'beta', pathRegex: '/_apis/git/repositories$' });
    assert.equal((await raw(`${emu.url}/beta/_apis/git/repositories`, { token: emu.pat })).status, 503);
    assert.equal((await raw(`${emu.url}/beta/_apis/git/repositories`, { token: emu.pat })).status, 503);
    assert.equal((await raw(`${emu.url}/alpha/_apis/git/repositories`, { token: emu.pat })).status, 200);
    assert.equal(emu.control.listFaults()[0]?.hits, 2);
    assert.equal(emu.control.removeFault(id), true);
    assert.equal((await raw(`${emu.url}/beta/_apis/git/repositories`, { token: emu.pat })).status, 200);
    emu.control.addFault({ fault: 'status', status: 500 });
    emu.control.clearFaults();
    assert.equal((await raw(`${emu.url}/beta/_apis/projects`, { token: emu.pat })).status, 200);
  });

  it('resets the connection', async () => {
    emu.control.addFault({ fault: 'reset', path: '/_apis/projects', times: 1 });
    const err = await rejection(raw(`${emu.url}/alpha/_apis/projects`, { token: emu.pat }));
    assert.ok(err instanceof Error);
    assert.equal((await raw(`${emu.url}/alpha/_apis/projects`, { token: emu.pat })).status, 200);
  });

  it('answers malformed JSON (200, truncated) and the sign-in page', async () => {
    emu.control.addFault({ fault: 'malformedJson', path: '/_apis/projects', times: 1 });
    const bad = await raw(`${emu.url}/alpha/_apis/projects`, { token: emu.pat });
    assert.equal(bad.status, 200);
    assert.throws(() => JSON.parse(bad.text) as unknown);
    assert.ok(bad.text.startsWith('{"count":3'));
    emu.control.addFault({ fault: 'malformedJson', path: '/_apis/git/repositories', times: 1 });
    const repos = await new GitApi(`${emu.url}/alpha`, pat(emu.pat)).getRepositories();
    assert.equal(repos, null, 'node-api hands back null for an unparsable 200');
    emu.control.addFault({ fault: 'signInPage', listener: 'vssps' });
    const page = await raw(`${emu.vsspsUrl}/_apis/profile/profiles/me`, { token: T.global });
    assert.equal(page.status, 203);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  });

  it('delays one route and adds latency to every listener', async () => {
    emu.control.addFault({ fault: 'delay', delayMs: 150, path: '/_apis/projects', times: 1 });
    let t0 = Date.now();
    assert.equal((await raw(`${emu.url}/alpha/_apis/projects`, { token: emu.pat })).status, 200);
    assert.ok(Date.now() - t0 >= 140);
    emu.control.setLatency(120);
    for (const url of [`${emu.url}/alpha/_apis/connectionData`, `${emu.vsspsUrl}/_apis/profile/profiles/me`, `${emu.serverUrl}/_apis/projectCollections`]) {
      t0 = Date.now();
      await raw(url, { token: url.startsWith(emu.vsspsUrl) ? T.global : emu.pat });
      assert.ok(Date.now() - t0 >= 110, `latency applies to ${url}`);
    }
    assert.equal(emu.control.getLatency(), 120);
  });

  it('holds a request until its fault is removed; used up, the fault holds no later request', async () => {
    const id = emu.control.addFault({ fault: 'hold', path: '/_apis/projects', times: 1 });
    let answered = false;
    const held = raw(`${emu.url}/alpha/_apis/projects`, { token: emu.pat }).then((res) => { answered = true; return res; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await raw(`${emu.url}/alpha/_apis/projects`, { token: emu.pat })).status, 200, 'a later request is not held');
    assert.equal(answered, false, 'the first request waits');
    assert.equal(emu.control.removeFault(id), true, 'removing it releases what it holds');
    assert.equal((await held).status, 200);
    emu.control.addFault({ fault: 'hold', delayMs: 100, path: '/_apis/projects' });
    const t0 = Date.now();
    assert.equal((await raw(`${emu.url}/alpha/_apis/projects`, { token: emu.pat })).status, 200, 'delayMs bounds the wait');
    assert.ok(Date.now() - t0 >= 90);
    emu.control.clearFaults();
  });

  it('logs requests without credentials and counts concurrent requests per organization', async () => {
    emu.control.clearLog();
    emu.control.setLatency(80);
    await Promise.all([0, 1, 2, 3].map(() => raw(`${emu.url}/alpha/_apis/projects`, { token: emu.pat })));
    await raw(`${emu.url}/beta/_apis/projects`, { token: emu.pat });
    const log = emu.control.getLog();
    assert.equal(log.maxInFlight.alpha, 4);
    assert.equal(log.maxInFlight.beta, 1);
    const entry = log.entries.find((e) => e.organization === 'beta');
    assert.equal(entry?.method, 'GET');
    assert.equal(entry?.listener, 'cloud');
    assert.equal(entry?.path, '/beta/_apis/projects');
    assert.equal(entry?.status, 200);
    assert.ok((entry?.end ?? 0) - (entry?.start ?? 0) >= 70);
    const patName = Object.entries(emu.tokens).find(([, secret]) => secret === emu.pat)?.[0];
    assert.ok(patName);
    assert.equal(entry?.credential, patName, 'the credential is named by its token, never shown');
    await raw(`${emu.url}/beta/_apis/connectionData`);
    await raw(`${emu.url}/beta/_apis/connectionData`, { token: 'not-a-token-of-the-seed' });
    const later = emu.control.getLog().entries.filter((e) => e.path === '/beta/_apis/connectionData').map((e) => e.credential);
    assert.deepEqual(later, ['none', 'unknown']);
    const dump = JSON.stringify(emu.control.getLog());
    assert.ok(!dump.includes(emu.pat) && !dump.includes(basic(emu.pat)) && !dump.toLowerCase().includes('authorization'));
  });

  it('offers the same operations over HTTP under /_emulator', async () => {
    const info = await raw(`${emu.url}/_emulator`);
    assert.equal((info.body as { serverUrl: string }).serverUrl, emu.serverUrl);
    const added = await raw(`${emu.url}/_emulator/faults`, { method: 'POST', body: { fault: 'status', status: 429, organization: 'alpha' } });
    assert.equal(added.status, 201);
    assert.equal((await raw(`${emu.url}/alpha/_apis/projects`, { token: emu.pat })).status, 429);
    assert.equal((await raw(`${emu.url}/_emulator/faults`, { method: 'DELETE' })).status, 204);
    assert.equal((await raw(`${emu.url}/alpha/_apis/projects`, { token: emu.pat })).status, 200);
    assert.equal((await raw(`${emu.url}/_emulator/latency`, { method: 'PUT', body: { ms: 5 } })).status, 200);
    assert.equal(emu.control.getLatency(), 5);
    await raw(`${emu.url}/_emulator/organizations/beta/signInPage`, { method: 'PUT', body: { enabled: true } });
    assert.equal((await raw(`${emu.url}/beta/_apis/projects`)).status, 203);
    const log = await raw(`${emu.url}/_emulator/log`);
    assert.ok((log.body as { entries: unknown[] }).entries.length > 0);
    assert.equal((await raw(`${emu.url}/_emulator/reset`, { method: 'POST' })).status, 204);
    assert.equal((await raw(`${emu.url}/beta/_apis/projects`)).status, 401);
    assert.equal(emu.control.getLatency(), 0);
  });

  it('a fault on pushes leaves a new repository empty; the retried push lands; DELETE removes it', async () => {
    const gitApi = new GitApi(`${emu.url}/alpha`, pat(emu.pat));
    const repo = await gitApi.createRepository({ name: 'init-me' }, 'Tools');
    const push = {
      refUpdates: [{ name: 'refs/heads/main', oldObjectId: '0000000000000000000000000000000000000000' }],
      commits: [{ comment: 'Initial commit', changes: [{ changeType: 1, item: { path: '/LICENSE' }, newContent: { content: 'MIT License\n', contentType: 0 } }] }],
    };
    emu.control.addFault({ fault: 'status', status: 500, method: 'POST', pathRegex: '/_apis/git/repositories/[^/]+/pushes$', times: 1 });
    assert.equal((await rejection(gitApi.createPush(push, repo.id ?? '', 'Tools'))).statusCode, 500);
    assert.deepEqual(await gitApi.getRefs(repo.id ?? '', 'Tools'), [], 'the failed push wrote nothing');
    const pushed = await gitApi.createPush(push, repo.id ?? '', 'Tools');
    assert.equal((await gitApi.getRefs(repo.id ?? '', 'Tools'))[0]?.objectId, pushed.commits?.[0]?.commitId);
    await gitApi.deleteRepository(repo.id ?? '', 'Tools');
    assert.equal(await gitApi.getRepository(repo.id ?? ''), null);
    assert.equal((await raw(`${emu.url}/alpha/Tools/_git/init-me/info/refs?service=git-upload-pack`, { token: emu.pat })).status, 404);
  });

  it('resets state to the seed', async () => {
    const gitApi = new GitApi(`${emu.url}/alpha`, pat(emu.pat));
    await gitApi.createRepository({ name: 'temporary' }, 'Web');
    const before = (await gitApi.getRefs('web-app', 'Web', 'heads/main'))[0]?.objectId;
    await gitApi.createPush({
      refUpdates: [{ name: 'refs/heads/main', oldObjectId: before }],
      commits: [{ comment: 'change', changes: [{ changeType: 2, item: { path: '/README.md' }, newContent: { content: 'changed', contentType: 0 } }] }],
    }, 'web-app', 'Web');
    assert.notEqual((await gitApi.getRefs('web-app', 'Web', 'heads/main'))[0]?.objectId, before);
    await emu.control.reset();
    assert.equal((await gitApi.getRepositories('Web')).length, 4);
    assert.equal((await gitApi.getRefs('web-app', 'Web', 'heads/main'))[0]?.objectId, before);
  });
});
