import * as assert from 'node:assert/strict';
import { CoreApi } from 'azure-devops-node-api/CoreApi';
import { GitApi } from 'azure-devops-node-api/GitApi';
import { LocationsApi } from 'azure-devops-node-api/LocationsApi';
import { DeploymentFlags } from 'azure-devops-node-api/interfaces/common/VSSInterfaces';
import { VersionControlChangeType, ItemContentType, type GitPush } from 'azure-devops-node-api/interfaces/GitInterfaces';
import type { RunningEmulator } from './index';
import { pat, raw, startTestEmulator, T } from './testkit';

describe('emulator: REST through azure-devops-node-api', () => {
  let emu: RunningEmulator;
  let alpha: string;

  before(async () => {
    emu = await startTestEmulator();
    alpha = `${emu.url}/alpha`;
  });
  after(async () => emu.close());
  afterEach(async () => emu.control.reset());

  it('reports organizations, collections and the default token', () => {
    assert.deepEqual(emu.organizations, ['alpha', 'beta', 'gamma', 'delta']);
    assert.deepEqual(emu.collections, ['DefaultCollection']);
    assert.equal(emu.pat, T.allOrgs);
    assert.match(emu.serverUrl, /^http:\/\/127\.0\.0\.1:\d+\/tfs$/);
  });

  it('answers connectionData and ResourceAreas like the cloud', async () => {
    const locations = new LocationsApi(alpha, pat(emu.pat));
    const data = await locations.getConnectionData();
    assert.equal(data.authenticatedUser?.providerDisplayName, 'Alice Example');
    assert.equal(data.authorizedUser?.properties?.Account?.$value, 'alice@example.com');
    assert.equal(data.deploymentType, DeploymentFlags.Hosted);
    assert.match(data.instanceId ?? '', /^[0-9a-f-]{36}$/);
    const areas = await locations.getResourceAreas();
    const git = areas.find((a) => a.id === '4e080c62-fa21-4fbc-8fef-2a10a2b38049');
    assert.equal(git?.locationUrl, `${alpha}/`);
  });

  it('lists projects with $top paging and the x-ms-continuationtoken header', async () => {
    const core = new CoreApi(`${emu.url}/beta`, pat(emu.pat));
    const all = await core.getProjects();
    assert.equal(all.length, 7);
    const names = all.map((p) => p.name ?? '');
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
    const first = await core.getProjects(undefined, 3);
    assert.equal(first.length, 3);
    const page1 = await raw(`${emu.url}/beta/_apis/projects?%24top=3`, { token: emu.pat });
    const token = page1.headers.get('x-ms-continuationtoken');
    assert.equal(token, '3');
    const second = await core.getProjects(undefined, 3, undefined, Number(token));
    assert.deepEqual(second.map((p) => p.name), all.slice(3, 6).map((p) => p.name));
    const last = await raw(`${emu.url}/beta/_apis/projects?%24top=3&continuationToken=6`, { token: emu.pat });
    assert.equal(last.headers.get('x-ms-continuationtoken'), null);
    assert.equal((last.body as { count: number }).count, 1);
  });

  it('gets a project by name (with a space) or id, and null for a missing one', async () => {
    const core = new CoreApi(alpha, pat(emu.pat));
    const project = await core.getProject('Space Project', true);
    assert.equal(project.name, 'Space Project');
    assert.equal(project.capabilities?.versioncontrol?.sourceControlType, 'Git');
    const byId = await core.getProject(project.id ?? '');
    assert.equal(byId.name, 'Space Project');
    assert.equal(await core.getProject('No Such Project'), null);
  });

  it('lists repositories at organization and project level with the real shape', async () => {
    const gitApi = new GitApi(alpha, pat(emu.pat));
    const all = await gitApi.getRepositories();
    assert.equal(all.length, 7);
    const web = await gitApi.getRepositories('Web');
    assert.deepEqual(web.map((r) => r.name).sort(), ['empty-repo', 'legacy', 'web-app', 'web-app-fork']);
    const app = web.find((r) => r.name === 'web-app');
    assert.equal(app?.defaultBranch, 'refs/heads/main');
    assert.equal(app?.remoteUrl, `${alpha}/Web/_git/web-app`);
    assert.equal(app?.sshUrl, 'git@ssh.dev.azure.com:v3/alpha/Web/web-app');
    assert.equal(app?.project?.name, 'Web');
    assert.equal(app?.isDisabled, false);
    assert.ok((app?.size ?? 0) > 0);
    assert.equal(web.find((r) => r.name === 'empty-repo')?.defaultBranch, undefined);
    assert.equal(web.find((r) => r.name === 'legacy')?.isDisabled, true);
    const fork = web.find((r) => r.name === 'web-app-fork');
    assert.equal(fork?.isFork, true);
    assert.equal(fork?.parentRepository?.name, 'web-app');
    const spaced = all.find((r) => r.name === 'Space Repo');
    assert.equal(spaced?.remoteUrl, `${alpha}/Space%20Project/_git/Space%20Repo`);
  });

  it('gets a repository by id or by name, and null when missing', async () => {
    const gitApi = new GitApi(alpha, pat(emu.pat));
    const byName = await gitApi.getRepository('web-app', 'Web');
    assert.equal(byName.name, 'web-app');
    const byId = await gitApi.getRepository(byName.id ?? '');
    assert.equal(byId.id, byName.id);
    assert.equal(await gitApi.getRepository('missing', 'Web'), null);
  });

  it('lists refs with a filter, and branch stats', async () => {
    const gitApi = new GitApi(alpha, pat(emu.pat));
    const refs = await gitApi.getRefs('web-app', 'Web');
    assert.deepEqual(refs.map((r) => r.name), ['refs/heads/feature/flags', 'refs/heads/main', 'refs/heads/release/1.0', 'refs/tags/v1.0']);
    const heads = await gitApi.getRefs('web-app', 'Web', 'heads/');
    assert.equal(heads.length, 3);
    assert.match(heads[0]?.objectId ?? '', /^[0-9a-f]{40}$/);
    assert.equal(heads[0]?.creator?.displayName, 'Alice Example');
    const stats = await gitApi.getBranches('web-app', 'Web');
    const feature = stats.find((s) => s.name === 'feature/flags');
    assert.equal(feature?.aheadCount, 1);
    assert.equal(feature?.behindCount, 1);
    assert.equal(stats.find((s) => s.name === 'main')?.isBaseVersion, true);
    assert.equal(feature?.commit?.comment, 'Add feature flag');
  });

  it('creates a repository, pushes a first commit, and sees it through refs', async () => {
    const gitApi = new GitApi(alpha, pat(emu.pat));
    const project = await new CoreApi(alpha, pat(emu.pat)).getProject('Tools');
    const created = await gitApi.createRepository({ name: 'brand-new', project: { id: project.id } }, 'Tools');
    assert.equal(created.name, 'brand-new');
    assert.equal(created.defaultBranch, undefined);
    assert.deepEqual(await gitApi.getRefs(created.id ?? '', 'Tools'), []);
    const push: GitPush = {
      refUpdates: [{ name: 'refs/heads/main', oldObjectId: '0000000000000000000000000000000000000000' }],
      commits: [{
        comment: 'Add .gitignore',
        changes: [
          { changeType: VersionControlChangeType.Add, item: { path: '/.gitignore' }, newContent: { content: 'node_modules/\n', contentType: ItemContentType.RawText } },
          { changeType: VersionControlChangeType.Add, item: { path: '/bin/data.bin' }, newContent: { content: Buffer.from([0, 1, 2]).toString('base64'), contentType: ItemContentType.Base64Encoded } },
        ],
      }],
    };
    const result = await gitApi.createPush(push, created.id ?? '', 'Tools');
    const commitId = result.commits?.[0]?.commitId;
    assert.match(commitId ?? '', /^[0-9a-f]{40}$/);
    assert.equal(result.refUpdates?.[0]?.newObjectId, commitId);
    assert.equal(result.pushedBy?.displayName, 'Alice Example');
    const refs = await gitApi.getRefs(created.id ?? '', 'Tools');
    assert.deepEqual(refs.map((r) => [r.name, r.objectId]), [['refs/heads/main', commitId]]);
    const again = await gitApi.getRepository(created.id ?? '');
    assert.equal(again.defaultBranch, 'refs/heads/main');
    const edit = await gitApi.createPush({
      refUpdates: [{ name: 'refs/heads/main', oldObjectId: commitId }],
      commits: [{ comment: 'Edit', changes: [{ changeType: VersionControlChangeType.Edit, item: { path: '/.gitignore' }, newContent: { content: 'dist/\n', contentType: ItemContentType.RawText } }] }],
    }, created.id ?? '', 'Tools');
    assert.deepEqual(edit.commits?.[0]?.parents, [commitId]);
  });

  it('rejects a stale push with 409 and an add of an existing path with 400', async () => {
    const gitApi = new GitApi(alpha, pat(emu.pat));
    const stale = await raw(`${alpha}/Web/_apis/git/repositories/web-app/pushes`, {
      method: 'POST', token: emu.pat,
      body: { refUpdates: [{ name: 'refs/heads/main', oldObjectId: '0000000000000000000000000000000000000000' }], commits: [{ comment: 'x', changes: [{ changeType: 'add', item: { path: '/x.txt' }, newContent: { content: 'x', contentType: 'rawtext' } }] }] },
    });
    assert.equal(stale.status, 409);
    assert.equal((stale.body as { typeKey: string }).typeKey, 'GitReferenceStaleException');
    const main = (await gitApi.getRefs('web-app', 'Web', 'heads/main'))[0]?.objectId;
    const dup = await raw(`${alpha}/Web/_apis/git/repositories/web-app/pushes`, {
      method: 'POST', token: emu.pat,
      body: { refUpdates: [{ name: 'refs/heads/main', oldObjectId: main }], commits: [{ comment: 'x', changes: [{ changeType: 'add', item: { path: '/README.md' }, newContent: { content: 'x', contentType: 'rawtext' } }] }] },
    });
    assert.equal(dup.status, 400);
  });

  it('forks a repository through parentRepository and lists forks', async () => {
    const gitApi = new GitApi(alpha, pat(emu.pat));
    const parent = await gitApi.getRepository('web-app', 'Web');
    const tools = await new CoreApi(alpha, pat(emu.pat)).getProject('Tools');
    const fork = await gitApi.createRepository({ name: 'my-fork', project: { id: tools.id }, parentRepository: { id: parent.id, project: { id: parent.project?.id } } }, 'Tools');
    assert.equal(fork.isFork, true);
    assert.equal(fork.parentRepository?.id, parent.id);
    assert.equal(fork.defaultBranch, 'refs/heads/main');
    const parentRefs = await gitApi.getRefs(parent.id ?? '', 'Web', 'heads/');
    const forkRefs = await gitApi.getRefs(fork.id ?? '', 'Tools', 'heads/');
    assert.deepEqual(forkRefs.map((r) => r.objectId), parentRefs.map((r) => r.objectId));
    const data = await new LocationsApi(alpha, pat(emu.pat)).getConnectionData();
    const forks = await gitApi.getForks(parent.id ?? '', data.instanceId ?? '', 'Web');
    assert.deepEqual(forks.map((f) => f.name).sort(), ['my-fork', 'web-app-fork']);
  });

  it('deletes a repository', async () => {
    const gitApi = new GitApi(alpha, pat(emu.pat));
    const repo = await gitApi.getRepository('empty-repo', 'Web');
    await gitApi.deleteRepository(repo.id ?? '', 'Web');
    assert.equal(await gitApi.getRepository(repo.id ?? ''), null);
    assert.equal((await gitApi.getRepositories('Web')).length, 3);
  });

  it('resolves a remote URL with vsts/info', async () => {
    const info = await raw(`${alpha}/Space%20Project/_git/Space%20Repo/vsts/info`, { token: T.alphaOnly });
    assert.equal(info.status, 200);
    const body = info.body as { serverUrl: string; collection: { name: string }; repository: { name: string } };
    assert.equal(body.serverUrl, alpha);
    assert.equal(body.collection.name, 'alpha');
    assert.equal(body.repository.name, 'Space Repo');
  });
});
