import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { SpecValidator, SPECS_DIR } from './contractkit';
import type { RunningEmulator } from './index';
import { raw, startTestEmulator, T } from './testkit';

const ORG = '/{organization}/_apis';
const PROJ = '/{organization}/{project}/_apis';

describe('emulator: contract with Microsoft\'s OpenAPI specs (vsts-rest-api-specs)', function () {
  let emu: RunningEmulator;
  let git: SpecValidator;
  let core: SpecValidator;
  let profile: SpecValidator;
  let account: SpecValidator;
  let ims: SpecValidator;

  before(async function () {
    if (!existsSync(SPECS_DIR)) {
      console.log(`    skipped: the specs folder ${SPECS_DIR} (../shared/reference/vsts-rest-api-specs from the repository root) does not exist`);
      this.skip();
    }
    git = new SpecValidator('git/7.1/git.json');
    core = new SpecValidator('core/7.1/core.json');
    profile = new SpecValidator('profile/7.1/profile.json');
    account = new SpecValidator('account/7.1/accounts.json');
    ims = new SpecValidator('ims/7.1/identities.json');
    emu = await startTestEmulator();
  });
  after(async () => emu?.close());

  const get = async (url: string, token = emu.pat): Promise<unknown> => {
    const res = await raw(url, { token });
    assert.ok(res.status >= 200 && res.status < 300, `${url} answered ${res.status}: ${res.text.slice(0, 200)}`);
    return res.body;
  };

  it('repositories (organization and project level) match Repositories_List', async () => {
    for (const url of [`${emu.url}/alpha/_apis/git/repositories`, `${emu.url}/alpha/Web/_apis/git/repositories`, `${emu.serverUrl}/DefaultCollection/OnPrem/_apis/git/repositories`]) {
      assert.deepEqual(git.checkOperation(`${PROJ}/git/repositories`, 'get', await get(url)), [], url);
    }
  });

  it('a repository (plain and fork) matches Repositories_Get Repository', async () => {
    for (const name of ['web-app', 'web-app-fork', 'empty-repo']) {
      const body = await get(`${emu.url}/alpha/Web/_apis/git/repositories/${name}`);
      const optional = name === 'empty-repo' ? ['defaultBranch'] : [];
      assert.deepEqual(git.checkOperation(`${PROJ}/git/repositories/{repositoryId}`, 'get', body, optional), [], name);
    }
  });

  it('a created fork matches Repositories_Create', async () => {
    const parent = (await get(`${emu.url}/alpha/Web/_apis/git/repositories/web-app`)) as { id: string };
    const res = await raw(`${emu.url}/alpha/Tools/_apis/git/repositories`, { method: 'POST', token: emu.pat, body: { name: 'contract-fork', parentRepository: { id: parent.id } } });
    assert.equal(res.status, 201);
    assert.deepEqual(git.checkOperation(`${PROJ}/git/repositories`, 'post', res.body), []);
  });

  it('refs, branch stats and forks match Refs_List, Stats_List and Forks_List', async () => {
    const base = `${emu.url}/alpha/Web/_apis/git/repositories/web-app`;
    assert.deepEqual(git.checkOperation(`${PROJ}/git/repositories/{repositoryId}/refs`, 'get', await get(`${base}/refs?filter=heads%2F`)), []);
    assert.deepEqual(git.checkOperation(`${PROJ}/git/repositories/{repositoryId}/stats/branches`, 'get', await get(`${base}/stats/branches`)), []);
    const org = (await get(`${emu.url}/alpha/_apis/connectionData`)) as { instanceId: string };
    const forks = await get(`${base}/forks/${org.instanceId}`);
    assert.ok((forks as { count: number }).count >= 1);
    assert.deepEqual(git.checkOperation(`${PROJ}/git/repositories/{repositoryNameOrId}/forks/{collectionId}`, 'get', forks), []);
  });

  it('a push matches Pushes_Create', async () => {
    const res = await raw(`${emu.url}/alpha/Web/_apis/git/repositories/empty-repo/pushes`, {
      method: 'POST', token: emu.pat,
      body: { refUpdates: [{ name: 'refs/heads/main', oldObjectId: '0000000000000000000000000000000000000000' }], commits: [{ comment: 'Initial commit.', changes: [{ changeType: 'add', item: { path: '/readme.md' }, newContent: { content: 'My first file!', contentType: 'rawtext' } }] }] },
    });
    assert.equal(res.status, 201);
    assert.deepEqual(git.checkOperation(`${PROJ}/git/repositories/{repositoryId}/pushes`, 'post', res.body), []);
  });

  it('projects match Projects_List and Projects_Get; collections match TeamProjectCollectionReference', async () => {
    assert.deepEqual(core.checkOperation(`${ORG}/projects`, 'get', await get(`${emu.url}/beta/_apis/projects?%24top=2`)), []);
    const project = await get(`${emu.url}/alpha/_apis/projects/Space%20Project?includeCapabilities=true`);
    assert.deepEqual(core.checkOperation(`${ORG}/projects/{projectId}`, 'get', project), []);
    const collections = (await get(`${emu.serverUrl}/_apis/projectCollections`)) as { value: unknown[] };
    for (const c of collections.value) assert.deepEqual(core.checkDefinition('TeamProjectCollectionReference', c), []);
  });

  it('connectionData users match IdentityBase (except descriptor and properties, whose wire form differs)', async () => {
    const data = (await get(`${emu.url}/alpha/_apis/connectionData`)) as { authenticatedUser: unknown; authorizedUser: unknown };
    assert.deepEqual(core.checkDefinition('IdentityBase', data.authenticatedUser, ['descriptor', 'properties']), []);
    assert.deepEqual(core.checkDefinition('IdentityBase', data.authorizedUser, ['descriptor', 'properties']), []);
  });

  it('profile and accounts match Profiles_Get and Accounts_List', async () => {
    const me = await get(`${emu.vsspsUrl}/_apis/profile/profiles/me`, T.global);
    assert.deepEqual(profile.checkOperation('/_apis/profile/profiles/{id}', 'get', me), []);
    const accounts = await get(`${emu.vsspsUrl}/_apis/accounts?memberId=${(me as { id: string }).id}`, T.global);
    assert.deepEqual(account.checkOperation('/_apis/accounts', 'get', accounts), []);
  });

  it('identities (vssps/{org} and a server collection) match Identities_Read (descriptor travels as a string)', async () => {
    for (const [url, token] of [
      [`${emu.vsspsUrl}/alpha/_apis/identities?searchFilter=MailAddress&filterValue=bob%40example.com`, T.alphaOnly],
      [`${emu.serverUrl}/DefaultCollection/_apis/identities?searchFilter=MailAddress&filterValue=bob%40example.com`, emu.pat],
    ]) {
      const body = (await get(url, token)) as { count: number; value: unknown[] };
      assert.equal(body.count, 1, url);
      for (const identity of body.value) assert.deepEqual(ims.checkDefinition('Identity', identity, ['descriptor']), [], url);
    }
  });

  it('the validator itself rejects a wrong shape (so the checks above can fail)', () => {
    const errors = git.checkOperation(`${PROJ}/git/repositories/{repositoryId}`, 'get', { id: 'not-a-guid', name: 3, unknownField: true });
    assert.ok(errors.length >= 3, errors.join('\n'));
  });
});
