import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { CoreApi } from 'azure-devops-node-api/CoreApi';
import { GitApi } from 'azure-devops-node-api/GitApi';
import { generateSeed, startEmulator } from './index';
import { loadSeed } from './seed';
import { pat, raw, startTestEmulator, tempDir } from './testkit';

describe('emulator: seeds, generated seeds and the CLI', function () {
  this.timeout(60_000);

  it('starts a generated seed with 10,000 repositories without building any of them', async () => {
    const seed = generateSeed({ organizations: 10, projectsPerOrg: 10, reposPerProject: 100 });
    const dataDir = await tempDir('azdo-emu-bench-');
    const t0 = Date.now();
    const emu = await startEmulator({ seed, dataDir });
    try {
      assert.ok(Date.now() - t0 < 3000, `started in ${Date.now() - t0} ms`);
      assert.equal(emu.organizations.length, 10);
      const repos = await new GitApi(`${emu.url}/org-3`, pat(emu.pat)).getRepositories();
      assert.equal(repos.length, 1000);
      assert.deepEqual(await fs.readdir(path.join(dataDir, 'repos')).catch(() => []), []);
      const refs = await new GitApi(`${emu.url}/org-3`, pat(emu.pat)).getRefs('repo-7', 'project-2');
      assert.deepEqual(refs.map((r) => r.name), ['refs/heads/main']);
    } finally {
      await emu.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('builds identical commit ids from the same seed (deterministic dates and ids)', async () => {
    const a = await startTestEmulator();
    const b = await startTestEmulator();
    try {
      const refsA = await new GitApi(`${a.url}/beta`, pat(a.pat)).getRefs('ios', 'Mobile');
      const refsB = await new GitApi(`${b.url}/beta`, pat(b.pat)).getRefs('ios', 'Mobile');
      assert.deepEqual(refsA.map((r) => r.objectId), refsB.map((r) => r.objectId));
      const repoA = await new GitApi(`${a.url}/beta`, pat(a.pat)).getRepository('ios', 'Mobile');
      const repoB = await new GitApi(`${b.url}/beta`, pat(b.pat)).getRepository('ios', 'Mobile');
      assert.equal(repoA.id, repoB.id);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('loads the demo seed: 3 organizations, a collection, a disabled repo, a fork, an empty repo, a spaced name', async () => {
    const seed = loadSeed(undefined);
    assert.equal(seed.organizations.length, 3);
    assert.deepEqual(seed.server?.collections.map((c) => c.name), ['DefaultCollection']);
    const repos = seed.organizations.flatMap((o) => o.projects.flatMap((p) => p.repositories ?? []));
    assert.ok(repos.some((r) => r.isDisabled));
    assert.ok(repos.some((r) => r.forkOf));
    assert.ok(repos.some((r) => (r.commits ?? []).length === 0 && !r.forkOf));
    assert.ok(seed.organizations.some((o) => o.projects.some((p) => p.name.includes(' '))));
    const emu = await startEmulator();
    try {
      const projects = await new CoreApi(`${emu.url}/fabrikam`, pat(emu.pat)).getProjects();
      assert.ok(projects.some((p) => p.name === 'Fabrikam Fiber'));
    } finally {
      await emu.close();
    }
  });

  it('rejects a seed whose branch names an unknown commit', () => {
    assert.throws(() => loadSeed({
      users: { u: { displayName: 'U', email: 'u@example.com' } }, tokens: { t: { token: 'x', user: 'u', organizations: '*' } },
      defaultToken: 't', organizations: [{ name: 'o', projects: [{ name: 'p', repositories: [{ name: 'r', commits: [], branches: { main: 'nope' } }] }] }],
    }), /unknown commit label/);
  });

  it('CLI prints one JSON line first, serves, and stops on SIGTERM', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'cli.ts'), '--port', '0', '--seed', path.join(__dirname, 'seeds', 'test.json'), '--latency', '1'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout });
      rl.once('line', (line) => { rl.close(); resolve(line); });
      child.once('error', reject);
      setTimeout(() => reject(new Error('no output from the CLI')), 30_000);
    });
    const info = JSON.parse(firstLine) as { url: string; vsspsUrl: string; serverUrl: string; pat: string; organizations: string[]; collections: string[] };
    assert.deepEqual(info.organizations, ['alpha', 'beta', 'gamma', 'delta']);
    assert.deepEqual(info.collections, ['DefaultCollection']);
    assert.ok(info.vsspsUrl && info.serverUrl);
    assert.equal((await raw(`${info.url}/alpha/_apis/connectionData`, { token: info.pat })).status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
