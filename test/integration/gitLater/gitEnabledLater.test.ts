// Runs only in a host of its own that starts with `git.enabled: false` (runIntegration.ts, the second run): a user who
// had git turned off turns it on, and Azure DevOps takes its place in the Git extension without a window reload.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { GitExtension } from '../../../src/git/git';
import type { TestingApi } from '../../../src/testing';
import { control, emulator, extensionApi, orgToken, signIn, signOutEverywhere, waitFor } from '../support/env';
import { git, localRepository, openRepository, tempDir, watchProcesses } from '../support/git';
import { ScriptedPrompter } from '../support/prompter';

describe('Git turned on after startup (a host started with git.enabled: false)', function () {
  this.timeout(120_000);
  let api: TestingApi;
  let dir: string;
  const emu = emulator();
  const gitConfig = () => vscode.workspace.getConfiguration('git');

  before(async () => {
    await control.reset();
    api = await extensionApi();
    dir = tempDir('azdo-git-later-');
  });
  after(async () => {
    await gitConfig().update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    await gitConfig().update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await signOutEverywhere(api);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers the credentials provider, the "Git: Clone" source, the publisher, the git integration and the pull requests of open repositories once git is turned on, without a reload', async () => {
    const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    assert.ok(extension, 'the built-in Git extension is in the host');
    const exports = await extension.activate();
    assert.equal(exports.enabled, false, 'the host started with git turned off');
    assert.equal(api.deps.git.registered(), false, 'nothing is registered while git is off');
    assert.equal(api.deps.git.api(), undefined);

    const token = orgToken('alpha');
    await signIn(api, 'alpha', token);
    // The Pull Requests view says why it has nothing (not an error each time it is drawn); the git integration waits.
    const noGit = await api.pullRequestChildren();
    assert.deepEqual(noGit.map((r) => [r.icon, r.label]), [['warning', 'Git is disabled in VS Code (setting "git.enabled"). Enable it to clone and work with Azure Repos.']]);
    assert.equal(await api.git.ready, false, 'the git integration did not start with git off');
    await gitConfig().update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
    await gitConfig().update('enabled', true, vscode.ConfigurationTarget.Global);
    await waitFor(() => exports.enabled, 'the Git extension to be enabled', 30_000);
    await waitFor(() => api.deps.git.registered(), 'the Azure DevOps providers to be registered', 30_000);

    const gitApi = api.deps.git.api();
    assert.ok(gitApi, 'the Git API is handed out once git is on');

    // "Git: Clone" (git-base's picker, which the Git extension hands our source to) lists the signed-in organization's
    // repositories. The publisher is registered in the same step; the API of VS Code 1.100 cannot list publishers.
    const provider = api.deps.git.remoteSources;
    const sources = await provider.getRemoteSources();
    assert.ok(sources.some((s) => s.url === `${emu.url}/alpha/Web/_git/web-app`), JSON.stringify(sources.map((s) => s.url)));
    let served = 0;
    const original = provider.getRemoteSources.bind(provider);
    provider.getRemoteSources = async (query?: string) => { const r = await original(query); served++; return r; };
    try {
      const picked = vscode.commands.executeCommand<string | undefined>('git-base.api.getRemoteSources', { providerName: 'Azure DevOps' });
      await waitFor(() => served > 0, 'git-base to ask the Azure DevOps source', 20_000);
      await new Promise((r) => setTimeout(r, 300));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(await picked, sources[0].url, 'git-base returned the URL of the first Azure DevOps repository');
    } finally {
      provider.getRemoteSources = original;
    }

    // A fetch through the Git extension gets the organization's token from the credentials provider (no prompt).
    const folder = localRepository(dir, 'late', { origin: `${emu.url}/alpha/Web/_git/web-app` });
    const opened = await openRepository(gitApi, folder);
    try {
      api.deps.git.credentials.requests.length = 0;
      const { leaks } = await watchProcesses(token, () => opened.repository.fetch());
      assert.deepEqual(leaks, [], 'the token is in no git process argument or environment');
      assert.deepEqual(api.deps.git.credentials.requests.map((r) => [r.organization, r.outcome]), [['alpha', 'handed']]);
      assert.match(git(folder, ['branch', '-r']), /origin\/main/, 'the fetch brought the remote branches');

      // The pull request feature follows the repositories git opens now: the view shows this one's lists.
      const rows = await waitFor(async () => {
        const labels = (await api.pullRequestChildren()).map((r) => r.label);
        return labels.includes('Created by me') ? labels : undefined;
      }, 'the Pull Requests view to show the open repository', 20_000);
      assert.deepEqual(rows, ['Created by me', 'Assigned to me', 'All active']);
    } finally {
      await opened.close();
    }

    // The git integration started too: its remote check offers to rewrite an old visualstudio.com address.
    const legacy = localRepository(dir, 'legacy', { origin: 'https://alpha.visualstudio.com/Web/_git/web-app' });
    const prompter = new ScriptedPrompter([{ info: 'Not Now' }]);
    api.setPrompter(prompter);
    const legacyRepo = await openRepository(gitApi, legacy);
    try {
      await api.git.remoteHealth.settled(legacyRepo.repository);
      assert.match(prompter.of('info')[0]?.text ?? '', /reaches Azure DevOps through the old address alpha\.visualstudio\.com/);
    } finally {
      await legacyRepo.close();
    }
  });
});
