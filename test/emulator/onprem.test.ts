import * as assert from 'node:assert/strict';
import { CoreApi } from 'azure-devops-node-api/CoreApi';
import { GitApi } from 'azure-devops-node-api/GitApi';
import { LocationsApi } from 'azure-devops-node-api/LocationsApi';
import { DeploymentFlags } from 'azure-devops-node-api/interfaces/common/VSSInterfaces';
import type { RunningEmulator } from './index';
import { pat, raw, rejection, startTestEmulator, T } from './testkit';

describe('emulator: Azure DevOps Server (collection mode)', () => {
  let emu: RunningEmulator;
  let collection: string;

  before(async () => {
    emu = await startTestEmulator();
    collection = `${emu.serverUrl}/DefaultCollection`;
  });
  after(async () => emu.close());

  it('answers ResourceAreas with {count: 0, value: null} like on-premises servers', async () => {
    const res = await raw(`${collection}/_apis/ResourceAreas`, { token: emu.pat });
    assert.deepEqual(res.body, { count: 0, value: null });
    const areas: unknown = await new LocationsApi(collection, pat(emu.pat)).getResourceAreas();
    assert.deepEqual(areas, { count: 0, value: null });
  });

  it('reports an onPremises deployment in connectionData', async () => {
    const data = await new LocationsApi(collection, pat(emu.pat)).getConnectionData();
    assert.equal(data.deploymentType, DeploymentFlags.OnPremises);
    assert.equal(data.authenticatedUser?.properties?.Account?.$value, 'alice@example.com');
  });

  it('lists project collections on the server and on a collection', async () => {
    const server = await new CoreApi(emu.serverUrl, pat(emu.pat)).getProjectCollections();
    assert.deepEqual(server.map((c) => c.name), ['DefaultCollection']);
    assert.equal(server[0]?.url, `${emu.serverUrl}/_apis/projectCollections/${server[0]?.id ?? ''}`);
    const fromCollection = await new CoreApi(collection, pat(emu.pat)).getProjectCollections();
    assert.deepEqual(fromCollection.map((c) => c.id), server.map((c) => c.id));
  });

  it('serves projects and repositories with on-premises clone URLs', async () => {
    const projects = await new CoreApi(collection, pat(emu.pat)).getProjects();
    assert.deepEqual(projects.map((p) => p.name), ['OnPrem']);
    const repos = await new GitApi(collection, pat(emu.pat)).getRepositories('OnPrem');
    const repo = repos.find((r) => r.name === 'onprem-repo');
    const port = new URL(emu.serverUrl).port;
    assert.equal(repo?.remoteUrl, `http://127.0.0.1:${port}/tfs/DefaultCollection/OnPrem/_git/onprem-repo`);
    assert.equal(repo?.sshUrl, 'ssh://127.0.0.1:22/tfs/DefaultCollection/OnPrem/_git/onprem-repo');
    assert.equal(repos.find((r) => r.name === 'onprem-empty')?.defaultBranch, undefined);
  });

  it('rejects tokens not valid for the collection and unknown collections', async () => {
    const err = await rejection(new CoreApi(collection, pat(T.alphaOnly)).getProjects());
    assert.equal(err.statusCode, 401);
    const missing = await raw(`${emu.serverUrl}/NoSuchCollection/_apis/projects`, { token: emu.pat });
    assert.equal(missing.status, 404);
    assert.match((missing.body as { message: string }).message, /NoSuchCollection/);
    assert.equal((await raw(`${emu.serverUrl}/_apis/projectCollections`, { token: T.alphaOnly })).status, 401);
  });
});
