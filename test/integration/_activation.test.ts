// Named to run first (files run in name order). The test host opens a git repository, so the extension may already be active
// (it activates on workspaceContains:.git); then its startup is what is checked: the emulator has received nothing
// since it started, activation included. Otherwise the test activates it and watches.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AzureDevOpsExtensionApi } from '../../src/extension';
import { control, EXTENSION_ID } from './support/env';

describe('Activation', () => {
  it('sends no request to Azure DevOps: the emulator\'s log stays empty across activation', async () => {
    const extension = vscode.extensions.getExtension<AzureDevOpsExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the test host`);
    if (!extension.isActive) {
      await control.clearLog();
      await extension.activate();
    }
    // Anything activation started in the background would reach the emulator within this time.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual((await control.log()).entries.map((e) => `${e.method} ${e.path}`), []);
    assert.equal(extension.isActive, true);
  });
});
