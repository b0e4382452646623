import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { GitApi } from 'azure-devops-node-api/GitApi';
import { generateSeed, startEmulator, type RunningEmulator } from './index';
import { basic, pat } from './testkit';

/** A GET with node's http (which, unlike fetch, leaves the body as sent). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('emulator: answers at scale (latency overlapping the work, cached listings, gzip)', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  const org = 'org-2';
  const url = () => `${emu.url}/${org}/_apis/git/repositories?api-version=7.1`;

  before(async () => { emu = await startEmulator({ seed: generateSeed({ organizations: 3, projectsPerOrg: 2, reposPerProject: 30 }) }); });
  after(async () => emu.close());

  it('gzips a JSON answer for a client that accepts it, and not for one that does not', async () => {
    const auth = { authorization: basic(emu.tokens[org]) };
    const plain = await get(url(), auth);
    const zipped = await get(url(), { ...auth, 'accept-encoding': 'gzip, deflate' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.ok(zipped.body.length * 4 < plain.body.length, `${zipped.body.length} bytes gzipped vs ${plain.body.length}`);
    assert.deepEqual(JSON.parse(gunzipSync(zipped.body).toString('utf8')), JSON.parse(plain.body.toString('utf8')));
    assert.equal((JSON.parse(plain.body.toString('utf8')) as { count: number }).count, 60);
  });

  it('gzips what is there after a change, although it keeps the compressed answers', async () => {
    const auth = { authorization: basic(emu.tokens[org]), 'accept-encoding': 'gzip' };
    const names = async () => {
      const answer = await get(url(), auth);
      assert.equal(answer.headers['content-encoding'], 'gzip');
      return (JSON.parse(gunzipSync(answer.body).toString('utf8')) as { value: { name: string }[] }).value.map((r) => r.name);
    };
    const before = await names();
    assert.deepEqual(await names(), before);
    const git = new GitApi(`${emu.url}/${org}`, pat(emu.tokens[org]));
    const created = await git.createRepository({ name: 'zipped-new' }, 'project-1');
    try {
      assert.deepEqual((await names()).sort(), [...before, 'zipped-new'].sort());
    } finally {
      await git.deleteRepository(created.id!, 'project-1');
    }
    assert.deepEqual(await names(), before);
  });

  it('lists what is there after every change, although it caches the listing', async () => {
    const git = new GitApi(`${emu.url}/${org}`, pat(emu.tokens[org]));
    const names = async () => (await git.getRepositories()).map((r) => r.name).sort();
    const before = await names();
    const created = await git.createRepository({ name: 'brand-new' }, 'project-1');
    assert.deepEqual(await names(), [...before, 'brand-new'].sort());
    await git.updateRepository({ name: 'renamed' }, created.id!, 'project-1');
    assert.ok((await names()).includes('renamed'));
    const seeded = (await git.getRepositories('project-2')).find((r) => r.name === 'repo-3')!;
    await git.getRefs(seeded.id!, 'project-2'); // builds the repository: its size becomes measured, on a GET
    const after = (await git.getRepositories('project-2')).find((r) => r.id === seeded.id)!;
    assert.equal(after.size, (await git.getRepository(seeded.id!, 'project-2')).size);
    await git.deleteRepository(created.id!, 'project-1');
    assert.deepEqual(await names(), before);
    await emu.control.reset();
    assert.deepEqual(await names(), before);
  });

  it('still answers no earlier than the latency when many requests come at once', async () => {
    emu.control.setLatency(150);
    try {
      const auth = { authorization: basic(emu.tokens[org]) };
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 20 }, () => get(url(), auth).then((r) => ({ ...r, at: Date.now() - started }))));
      for (const a of answers) {
        assert.equal(a.status, 200);
        assert.ok(a.at >= 145, `answered after ${a.at} ms`);
      }
    } finally {
      emu.control.setLatency(0);
    }
  });
});
