import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { LocationsApi } from 'azure-devops-node-api/LocationsApi';
import { GitApi } from 'azure-devops-node-api/GitApi';
import { avatarPng, initialsOf } from './avatar';
import type { RunningEmulator } from './index';
import { GitSandbox, pat, raw, startTestEmulator, T } from './testkit';

const IMS_AREA = '8a3d49b8-91f0-46ef-b33d-dda338c25db3';

interface Identity { id: string; subjectDescriptor?: string; providerDisplayName: string; properties: Record<string, { $value: string }> }

describe('emulator: identities, avatars and the Contribute permission', function () {
  this.timeout(60_000);
  let emu: RunningEmulator;

  before(async () => { emu = await startTestEmulator(); });
  after(async () => emu.close());
  afterEach(async () => emu.control.reset());

  it('names vssps/{org} as the location of the IMS area (ResourceAreas), as the cloud does', async () => {
    const area = await new LocationsApi(`${emu.url}/alpha`, pat(T.alphaOnly)).getResourceArea(IMS_AREA);
    assert.equal(area.locationUrl, `${emu.vsspsUrl}/alpha/`);
    assert.equal(area.name, 'IMS');
  });

  it('finds a member by mail address on vssps/{org} with an organization-scoped token, and nobody else', async () => {
    const base = `${emu.vsspsUrl}/alpha/_apis/identities`;
    const hit = await raw(`${base}?searchFilter=MailAddress&filterValue=${encodeURIComponent('Bob@Example.com')}&queryMembership=None`, { token: T.alphaOnly });
    assert.equal(hit.status, 200, hit.text);
    const body = hit.body as { count: number; value: Identity[] };
    assert.equal(body.count, 1);
    assert.equal(body.value[0]?.providerDisplayName, 'Bob Builder');
    assert.equal(body.value[0]?.properties.Mail?.$value, 'bob@example.com');
    assert.match(body.value[0]?.subjectDescriptor ?? '', /^aad\./);
    const miss = await raw(`${base}?searchFilter=MailAddress&filterValue=nobody%40example.com`, { token: T.alphaOnly });
    assert.deepEqual(miss.body, { count: 0, value: [] });
    // gamma has only bob as a member: alice is not found there, and alpha's token is refused there.
    assert.equal((await raw(`${emu.vsspsUrl}/gamma/_apis/identities?searchFilter=MailAddress&filterValue=bob%40example.com`, { token: T.alphaOnly })).status, 401);
    assert.equal((await raw(`${base}?searchFilter=Nonsense&filterValue=x`, { token: T.alphaOnly })).status, 400);
    assert.equal((await raw(`${base}?searchFilter=MailAddress&filterValue=bob%40example.com`, { token: T.codeRead })).status, 403);
    assert.equal((await raw(`${base}?searchFilter=MailAddress&filterValue=bob%40example.com`)).status, 401);
  });

  it('serves each member\'s avatar as a PNG behind authentication (MemberAvatars and identityImage)', async () => {
    const found = await raw(`${emu.vsspsUrl}/alpha/_apis/identities?searchFilter=MailAddress&filterValue=alice%40example.com`, { token: T.alphaOnly });
    const alice = (found.body as { value: Identity[] }).value[0];
    assert.ok(alice?.subjectDescriptor);
    const byDescriptor = await fetch(`${emu.url}/alpha/_apis/GraphProfile/MemberAvatars/${alice.subjectDescriptor}`, { headers: { authorization: `Basic ${Buffer.from(`:${T.alphaOnly}`).toString('base64')}` } });
    assert.equal(byDescriptor.status, 200);
    assert.equal(byDescriptor.headers.get('content-type'), 'image/png');
    const bytes = Buffer.from(await byDescriptor.arrayBuffer());
    assert.deepEqual(bytes, avatarPng(alice.id, 'Alice Example'));
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const byId = await fetch(`${emu.url}/alpha/_api/_common/identityImage?id=${alice.id}`, { headers: { authorization: `Basic ${Buffer.from(`:${T.alphaOnly}`).toString('base64')}` } });
    assert.deepEqual(Buffer.from(await byId.arrayBuffer()), bytes);
    assert.equal((await fetch(`${emu.url}/alpha/_apis/GraphProfile/MemberAvatars/${alice.subjectDescriptor}`)).status, 401);
    assert.equal((await raw(`${emu.url}/alpha/_apis/GraphProfile/MemberAvatars/aad.unknown`, { token: T.alphaOnly })).status, 404);
  });

  it('finds identities of a server collection at the collection itself', async () => {
    const res = await raw(`${emu.serverUrl}/DefaultCollection/_apis/identities?searchFilter=MailAddress&filterValue=carol%40example.com`, { token: T.allOrgs });
    assert.equal(res.status, 200, res.text);
    assert.equal((res.body as { value: Identity[] }).value[0]?.providerDisplayName, 'Carol Contoso');
  });

  it('draws initials the way the service\'s default avatars do', () => {
    assert.equal(initialsOf('Alice Example'), 'AE');
    assert.equal(initialsOf('bob'), 'B');
    assert.equal(initialsOf('Émile van der Berg'), 'EB');
    assert.equal(initialsOf('  '), '?');
    assert.notDeepEqual(avatarPng('a', 'Alice Example'), avatarPng('b', 'Alice Example'));
  });

  it('refuses a push without the Contribute permission with TF401027, over git and REST; the control API restores it', async () => {
    const sandbox = await GitSandbox.create();
    try {
      const url = `${emu.url}/alpha/Web/_git/web-app`;
      assert.equal((await sandbox.run(['clone', url, 'denied'], { token: T.alphaOnly })).code, 0);
      const dir = path.join(sandbox.dir, 'denied');
      await fs.writeFile(path.join(dir, 'x.txt'), 'x\n');
      await sandbox.run(['add', '.'], { cwd: dir });
      await sandbox.run(['commit', '-m', 'Denied change'], { cwd: dir });
      const res = await fetch(`${emu.url}/_emulator/organizations/alpha/repositories/Web/web-app/contribute`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'alice', allowed: false }),
      });
      assert.equal(res.status, 200);
      const refused = await sandbox.run(['push', 'origin', 'HEAD:refs/heads/main'], { cwd: dir, token: T.alphaOnly });
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /remote: TF401027: You need the Git 'GenericContribute' permission to perform this action\. Details: identity 'Alice Example', scope 'repository'\./);
      assert.match(refused.stderr, /The requested URL returned error: 403/);
      // Reading still works, and bob (another user) may push.
      assert.equal((await sandbox.run(['fetch', 'origin'], { cwd: dir, token: T.alphaOnly })).code, 0);
      const rest = await raw(`${emu.url}/alpha/Web/_apis/git/repositories/web-app/pushes`, {
        method: 'POST', token: T.alphaOnly,
        body: { refUpdates: [{ name: 'refs/heads/x', oldObjectId: '0000000000000000000000000000000000000000' }], commits: [{ comment: 'x', changes: [{ changeType: 'add', item: { path: '/y' }, newContent: { content: 'y', contentType: 'rawtext' } }] }] },
      });
      assert.equal(rest.status, 403);
      assert.match(rest.text, /TF401027/);
      emu.control.setContribute('alpha', 'Web', 'web-app', 'alice', true);
      const pushed = await sandbox.run(['push', 'origin', 'HEAD:refs/heads/main'], { cwd: dir, token: T.alphaOnly });
      assert.equal(pushed.code, 0, pushed.stderr);
    } finally {
      await sandbox.cleanup();
    }
  });

  it('a fork of a repository the user may not push to accepts their push', async () => {
    emu.control.setContribute('alpha', 'Web', 'web-app', 'alice', false);
    const git = new GitApi(`${emu.url}/alpha`, pat(T.alphaOnly));
    const parent = await git.getRepository('web-app', 'Web');
    const fork = await git.createRepository({ name: 'alice-fork', project: { name: 'Tools' }, parentRepository: { id: parent.id } }, 'Tools');
    const sandbox = await GitSandbox.create();
    try {
      assert.equal((await sandbox.run(['clone', fork.remoteUrl ?? '', 'f'], { token: T.alphaOnly })).code, 0);
      const dir = path.join(sandbox.dir, 'f');
      await sandbox.run(['commit', '--allow-empty', '-m', 'Mine'], { cwd: dir });
      const pushed = await sandbox.run(['push', 'origin', 'HEAD:refs/heads/mine'], { cwd: dir, token: T.alphaOnly });
      assert.equal(pushed.code, 0, pushed.stderr);
    } finally {
      await sandbox.cleanup();
    }
  });
});
