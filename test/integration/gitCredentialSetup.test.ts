// "Azure DevOps: Check Git Credential Setup" with real git config. The global git configuration is a temporary file
// (GIT_CONFIG_GLOBAL) so the machine's own ~/.gitconfig is never read or changed here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CredentialCheckReport } from '../../src/commands/checkGitCredentials';
import type { TestingApi } from '../../src/testing';
import { emulator, extensionApi, orgToken, signIn, signOutEverywhere } from './support/env';
import { git, localRepository, openRepository, tempDir } from './support/git';
import { ScriptedPrompter } from './support/prompter';

describe('Check Git Credential Setup', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let dir: string;
  let globalConfig: string;
  const previous = process.env.GIT_CONFIG_GLOBAL;
  const emu = emulator();
  const origin = new URL(emu.url).origin;
  const check = () => vscode.commands.executeCommand<CredentialCheckReport>('azureDevOps.checkGitCredentials');

  before(async () => {
    api = await extensionApi();
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
  });
  beforeEach(async () => {
    await signOutEverywhere(api);
    dir = tempDir('azdo-credcheck-');
    globalConfig = path.join(dir, 'gitconfig');
    fs.writeFileSync(globalConfig, '');
    process.env.GIT_CONFIG_GLOBAL = globalConfig;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.GIT_CONFIG_GLOBAL;
    else process.env.GIT_CONFIG_GLOBAL = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  after(async () => {
    await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    await signOutEverywhere(api);
  });

  it('explains a host-wide credential helper with several organizations and sets useHttpPath when asked', async () => {
    await signIn(api, 'alpha', orgToken('alpha'));
    await signIn(api, 'beta', orgToken('beta'));
    git(dir, ['config', '--global', 'credential.helper', 'store']);
    const prompter = new ScriptedPrompter([{ warning: 'Set useHttpPath' }]);
    api.setPrompter(prompter);
    const report = await check();
    assert.deepEqual(report.helpers, ['store']);
    assert.equal(report.useHttpPathEffective, undefined);
    assert.deepEqual(report.organizationsOnHost, ['alpha', 'beta']);
    assert.match(report.detail, /store keeps one credential for all of 127\.0\.0\.1:\d+: with several organizations, the token of one is sent to the others/);
    assert.match(report.detail, /plain text to ~\/\.git-credentials/);
    assert.deepEqual(prompter.of('warning')[0].actions, ['Set useHttpPath']);
    assert.equal(report.action, 'setUseHttpPath');
    assert.equal(git(dir, ['config', '--global', '--get', `credential.${origin}.useHttpPath`]).trim(), 'true');
    assert.ok(fs.readFileSync(globalConfig, 'utf8').includes('useHttpPath = true'), 'written to the global configuration only');

    api.setPrompter(new ScriptedPrompter([{ warning: undefined }]));
    const again = await check();
    assert.equal(again.useHttpPathEffective, 'true');
    assert.match(again.detail, /store keeps a credential per repository path/);
    assert.match(again.message, /git gets the right token for each organization/);
  });

  it('without a helper, says git asks each time; finds remotes whose user name bypasses the provider and removes it', async () => {
    await signIn(api, 'alpha', orgToken('alpha'));
    const withUser = `${emu.url.replace('://', '://alpha@')}/alpha/Web/_git/web-app`;
    const folder = localRepository(dir, 'user-remote', { origin: withUser });
    const gitApi = api.deps.git.api();
    assert.ok(gitApi);
    const opened = await openRepository(gitApi, folder);
    try {
      api.setPrompter(new ScriptedPrompter([{ warning: 'Remove User Names' }]));
      const report = await check();
      assert.deepEqual(report.helpers, []);
      assert.match(report.detail, /no credential helper is set: git asks for a user name and password each time/);
      assert.deepEqual(report.remotesWithUserName, [{ repository: folder, remote: 'origin', url: withUser }]);
      assert.equal(report.action, 'removeUserNames');
      assert.equal(git(folder, ['remote', 'get-url', 'origin']).trim(), `${emu.url}/alpha/Web/_git/web-app`);
    } finally {
      await opened.close();
    }
  });
});
