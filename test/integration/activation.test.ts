// Runs first (files run in name order): the extension is not active yet when this file starts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AzureDevOpsExtensionApi } from '../../src/extension';
import { control, EXTENSION_ID } from './support/env';

describe('Activation', () => {
  it('sends no request to Azure DevOps: the emulator\'s log stays empty across activation', async () => {
    const extension = vscode.extensions.getExtension<AzureDevOpsExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the test host`);
    assert.equal(extension.isActive, false, 'something activated the extension before the first test file: activation cannot be observed');
    await control.clearLog();
    await extension.activate();
    // Anything activation started in the background would reach the emulator within this time.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual((await control.log()).entries.map((e) => `${e.method} ${e.path}`), []);
    assert.equal(extension.isActive, true);
  });
});
