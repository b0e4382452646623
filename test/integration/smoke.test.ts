// Smoke test of the test host itself: the real extension host runs our extension in test mode, the built-in
// Git extension sees the workspace repository, and the Azure DevOps emulator answers over real HTTP.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'azdo-vscode.azure-devops-vscode';

/** What the test host passes in AZDO_EMULATOR (JSON). */
interface EmulatorInfo {
  url: string;
  vsspsUrl: string;
  pat: string;
  organizations: string[];
}

function emulatorInfo(): EmulatorInfo {
  const raw = process.env.AZDO_EMULATOR;
  assert.ok(raw, 'AZDO_EMULATOR is not set in the extension host: the test host passes it to code-server');
  const info = JSON.parse(raw) as Partial<EmulatorInfo>;
  assert.match(info.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/, 'AZDO_EMULATOR.url');
  assert.ok(info.vsspsUrl, 'AZDO_EMULATOR.vsspsUrl');
  assert.ok(info.pat, 'AZDO_EMULATOR.pat');
  assert.ok(Array.isArray(info.organizations) && info.organizations.length > 0, 'AZDO_EMULATOR.organizations');
  return info as EmulatorInfo;
}

/** Minimal shape of the built-in Git extension's API (extensions/git/src/api/git.d.ts). */
interface GitApi {
  state: 'uninitialized' | 'initialized';
  repositories: { rootUri: vscode.Uri }[];
  onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Smoke: test host', () => {
  it('runs VS Code 1.100 with the extension in development and test mode', async () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    assert.ok(Number(vscode.version.split('.')[1]) >= 100, `VS Code ${vscode.version} is older than engines.vscode`);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const exports: unknown = await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(extension.packageJSON.name, 'azure-devops-vscode');
    // activate() returns the testing seams only in ExtensionMode.Test, i.e. when run through extensionTestsPath.
    assert.ok(typeof exports === 'object' && exports !== null && 'testing' in exports && exports.testing,
      'the extension did not return its testing API: not running in ExtensionMode.Test?');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('azureDevOps.signIn'), 'azureDevOps.signIn is not registered');
  });

  it('has the built-in Git extension, which sees the workspace repository', async () => {
    const git = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
    assert.ok(git, 'vscode.git is missing');
    const api = (await git.activate()).getAPI(1);
    await until(() => api.state === 'initialized', 'the Git extension to initialize');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    await until(() => api.repositories.some((r) => r.rootUri.fsPath === folder.uri.fsPath),
      `the Git extension to open the repository ${folder.uri.fsPath}`);
  });

  it('reaches the Azure DevOps emulator over real HTTP', async () => {
    const emulator = emulatorInfo();
    const organization = emulator.organizations[0];
    const auth = `Basic ${Buffer.from(`:${emulator.pat}`).toString('base64')}`;
    // What azure-devops-node-api asks first: the resource locations of an area.
    const options = await fetch(`${emulator.url}/${organization}/_apis/Location`, { method: 'OPTIONS', headers: { Authorization: auth } });
    assert.equal(options.status, 200, `OPTIONS ${emulator.url}/${organization}/_apis/Location`);
    const body = await options.json() as { count?: number; value?: { area?: string }[] };
    assert.ok(body.value?.some((l) => l.area === 'Location'), 'the Location area lists its resources');
    const connection = await fetch(`${emulator.url}/${organization}/_apis/connectionData`, { headers: { Authorization: auth } });
    assert.equal(connection.status, 200, `GET ${organization}/_apis/connectionData with the seeded PAT`);
    const anonymous = await fetch(`${emulator.url}/${organization}/_apis/connectionData`, { headers: { Authorization: 'Basic OmJhZA==' } });
    assert.equal(anonymous.status, 401, 'a wrong token is rejected');
  });

  it('points the extension at the emulator through its settings', () => {
    const emulator = emulatorInfo();
    const config = vscode.workspace.getConfiguration('azureDevOps');
    assert.equal(config.get('serviceUrl'), emulator.url);
    assert.equal(config.get('profileServiceUrl'), emulator.vsspsUrl);
  });
});
