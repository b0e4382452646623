// `npm run test:packaged`: the .vsix as users get it. Builds it with `npm run package`, installs it into a fresh
// code-server (no development mode), signs in through the real boxes against the emulator and uses features that
// live in the lazily loaded bundles (dist/features.js: Check Sign-in; dist/nodeApi.js: the tree). A bundle left
// out of the package fails here, as it would for a user.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../host/codeServer';
import { emulatorEnv, emulatorSettings, startTestEmulator, type RunningEmulator } from '../host/emulator';
import { launchWorkbench, type Workbench } from '../host/workbench';
import { createGitWorkspace, type GitWorkspace } from '../host/workspace';
import { WorkbenchDriver } from '../ui/driver';

const vsix = path.join(repoRoot, 'azure-devops-vscode.vsix');

describe('The packaged extension (.vsix installed, not in development mode)', function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let workspace: GitWorkspace;
  let workbench: Workbench;
  let driver: WorkbenchDriver;

  before(async () => {
    fs.rmSync(vsix, { force: true });
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'ignore' });
    assert.ok(fs.existsSync(vsix), 'npm run package made the .vsix');
    emulator = await startTestEmulator('test');
    workspace = createGitWorkspace({ name: 'packaged' });
    workbench = await launchWorkbench({
      folder: workspace.folder, env: emulatorEnv(emulator), settings: emulatorSettings(emulator),
      extensionDevelopmentPath: null, installVsix: vsix, headless: true, onLog: () => undefined,
    });
    driver = new WorkbenchDriver(workbench.page);
  });

  after(async () => {
    await workbench?.close();
    workspace?.dispose();
    await emulator?.close();
    fs.rmSync(vsix, { force: true });
  });

  it('signs in, lists projects and runs Check Sign-in from the lazily loaded features', async () => {
    const viewlet = await driver.openViewContainer('Azure DevOps', 'workbench.view.extension.azureDevOps');
    await driver.runCommand('Azure DevOps: Sign In');
    await driver.answerInputBox('Sign In to Azure DevOps (1/2)', 'alpha');
    await driver.answerInputBox('Sign In to alpha (2/2)', emulator.pat, { password: true });
    await driver.answerInputBox('When does the token for alpha expire?', 'I don\'t know');
    await driver.quickInputClosed();
    const tree = driver.tree(viewlet, 'Organizations');
    await driver.row(tree, 'alpha').waitFor({ timeout: 60_000 });
    await driver.expandUntil(driver.row(tree, 'alpha'), driver.row(tree, 'Web'));
    await driver.runCommand('Azure DevOps: Check Sign-in');
    const preview = workbench.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await preview.locator('h1', { hasText: 'Azure DevOps sign-in check' }).waitFor({ timeout: 60_000 });
    assert.match(await preview.locator('body').innerText(), /alpha/);
  });
});
