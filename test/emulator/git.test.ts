import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as path from 'node:path';
import { GitApi } from 'azure-devops-node-api/GitApi';
import type { RunningEmulator } from './index';
import { GitSandbox, pat, raw, startTestEmulator, T } from './testkit';

describe('emulator: real git over smart HTTP', function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let sandbox: GitSandbox;

  before(async () => {
    emu = await startTestEmulator();
    sandbox = await GitSandbox.create();
  });
  after(async () => {
    await emu.close();
    await sandbox.cleanup();
  });
  afterEach(async () => emu.control.reset());

  it('clones with a token from a credential helper and sees the seeded history', async () => {
    const url = `${emu.url}/alpha/Web/_git/web-app`;
    const clone = await sandbox.run(['clone', url, 'web-app'], { token: T.alphaOnly });
    assert.equal(clone.code, 0, clone.stderr);
    const dir = path.join(sandbox.dir, 'web-app');
    const log = await sandbox.run(['log', '--format=%s|%an|%aI', 'main'], { cwd: dir });
    assert.deepEqual(log.stdout.trim().split('\n'), [
      'Fix greeting|Bob Builder|2024-03-04T16:45:00+00:00',
      'Document the build|Alice Example|2024-03-03T14:15:00+00:00',
      'Add source skeleton|Bob Builder|2024-03-02T10:30:00+00:00',
      'Initial commit|Alice Example|2024-03-01T09:00:00+00:00',
    ]);
    const branches = await sandbox.run(['branch', '-r'], { cwd: dir });
    assert.match(branches.stdout, /origin\/feature\/flags/);
    assert.match(branches.stdout, /origin\/release\/1\.0/);
    assert.equal(await fs.readFile(path.join(dir, 'src', 'index.ts'), 'utf8'), "export function main(): string {\n  return 'hello, world';\n}\n");
    const refs = await new GitApi(`${emu.url}/alpha`, pat(emu.pat)).getRefs('web-app', 'Web', 'heads/main');
    const head = await sandbox.run(['rev-parse', 'HEAD'], { cwd: dir });
    assert.equal(head.stdout.trim(), refs[0]?.objectId);
  });

  it('pushes a commit that the REST API then reports', async () => {
    const url = `${emu.url}/alpha/Web/_git/web-app`;
    assert.equal((await sandbox.run(['clone', url, 'push-test'], { token: emu.pat })).code, 0);
    const dir = path.join(sandbox.dir, 'push-test');
    await fs.writeFile(path.join(dir, 'new.txt'), 'pushed over HTTP\n');
    assert.equal((await sandbox.run(['add', 'new.txt'], { cwd: dir })).code, 0);
    assert.equal((await sandbox.run(['commit', '-m', 'Push over HTTP'], { cwd: dir })).code, 0);
    const push = await sandbox.run(['push', 'origin', 'HEAD:refs/heads/topic', 'HEAD:refs/heads/main'], { cwd: dir, token: emu.pat });
    assert.equal(push.code, 0, push.stderr);
    const sha = (await sandbox.run(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
    const refs = await new GitApi(`${emu.url}/alpha`, pat(emu.pat)).getRefs('web-app', 'Web', 'heads/');
    assert.equal(refs.find((r) => r.name === 'refs/heads/topic')?.objectId, sha);
    assert.equal(refs.find((r) => r.name === 'refs/heads/main')?.objectId, sha);
  });

  it('makes the first pushed branch the default branch of an empty repository', async () => {
    const gitApi = new GitApi(`${emu.url}/alpha`, pat(emu.pat));
    assert.equal((await gitApi.getRepository('empty-repo', 'Web')).defaultBranch, undefined);
    const dir = path.join(sandbox.dir, 'fresh');
    assert.equal((await sandbox.run(['init', '-b', 'trunk', dir])).code, 0);
    await fs.writeFile(path.join(dir, 'a.txt'), 'a\n');
    await sandbox.run(['add', '.'], { cwd: dir });
    await sandbox.run(['commit', '-m', 'first'], { cwd: dir });
    const push = await sandbox.run(['push', `${emu.url}/alpha/Web/_git/empty-repo`, 'trunk'], { cwd: dir, token: emu.pat });
    assert.equal(push.code, 0, push.stderr);
    assert.equal((await gitApi.getRepository('empty-repo', 'Web')).defaultBranch, 'refs/heads/trunk');
    const clone = await sandbox.run(['clone', `${emu.url}/alpha/Web/_git/empty-repo`, 'fresh-clone'], { token: emu.pat });
    assert.equal(clone.code, 0, clone.stderr);
    const branch = await sandbox.run(['branch', '--show-current'], { cwd: path.join(sandbox.dir, 'fresh-clone') });
    assert.equal(branch.stdout.trim(), 'trunk');
  });

  it('serves {org}/_git/{repo} for a repository named like its project, with spaces, and collections', async () => {
    const spaced = await sandbox.run(['clone', `${emu.url}/alpha/_git/Space%20Project`, 'spaced'], { token: emu.pat });
    assert.equal(spaced.code, 0, spaced.stderr);
    const onPrem = await sandbox.run(['clone', `${emu.serverUrl}/DefaultCollection/OnPrem/_git/onprem-repo`, 'onprem'], { token: emu.pat });
    assert.equal(onPrem.code, 0, onPrem.stderr);
    const files = await fs.readdir(path.join(sandbox.dir, 'onprem'));
    assert.ok(files.includes('README.md'));
  });

  it('fails to clone with a wrong token, and asks for credentials (401 + Basic challenge)', async () => {
    const url = `${emu.url}/alpha/Web/_git/web-app`;
    const wrong = await sandbox.run(['clone', url, 'wrong'], { token: T.betaOnly });
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /Authentication failed/);
    const challenge = await raw(`${url}/info/refs?service=git-upload-pack`);
    assert.equal(challenge.status, 401);
    assert.match(challenge.headers.get('www-authenticate') ?? '', /Basic realm=/);
  });

  it('accepts a gzip-compressed upload-pack request body', async () => {
    const refs = await new GitApi(`${emu.url}/alpha`, pat(emu.pat)).getRefs('web-app', 'Web', 'heads/main');
    const want = `want ${refs[0]?.objectId ?? ''}\n`;
    const pkt = (line: string): string => (line.length + 4).toString(16).padStart(4, '0') + line;
    const body = gzipSync(Buffer.from(`${pkt(want)}0000${pkt('done\n')}`));
    const res = await fetch(`${emu.url}/alpha/Web/_git/web-app/git-upload-pack`, {
      method: 'POST', body,
      headers: { authorization: `Basic ${Buffer.from(`x:${emu.pat}`).toString('base64')}`, 'content-type': 'application/x-git-upload-pack-request', 'content-encoding': 'gzip' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-git-upload-pack-result');
    const out = Buffer.from(await res.arrayBuffer());
    assert.ok(out.includes('NAK') && out.includes('PACK'));
  });

  it('refuses git for a token without the Code scope (403) and a disabled repository (404)', async () => {
    const url = `${emu.url}/alpha/Web/_git/web-app`;
    const noCode = await sandbox.run(['ls-remote', url], { token: T.noCode });
    assert.notEqual(noCode.code, 0);
    assert.match(noCode.stderr, /403/);
    const readOnly = await sandbox.run(['ls-remote', url], { token: T.codeRead });
    assert.equal(readOnly.code, 0, readOnly.stderr);
    const disabled = await sandbox.run(['ls-remote', `${emu.url}/alpha/Web/_git/legacy`], { token: emu.pat });
    assert.notEqual(disabled.code, 0);
  });
});
