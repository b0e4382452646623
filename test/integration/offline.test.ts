// Offline and recovery: with the network gone (every connection reset), the tree keeps its last known content marked
// offline, actions say they cannot reach the service, and when the network returns the tree recovers by itself.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { CloneResult } from '../../src/commands/cloneRepository';
import type { TestingApi } from '../../src/testing';
import { control, eachTestOnCleanSlate, emulator, extensionApi, scratchDir, signIn, waitFor } from './support/env';

import { ScriptedPrompter } from './support/prompter';

describe('Offline and recovery', function () {
  this.timeout(90_000);
  let api: TestingApi;
  const org = emulator().organizations[0];

  before(async () => { api = await extensionApi(); });
  eachTestOnCleanSlate(() => api);

  const orgRow = async () => (await api.treeChildren()).find((r) => r.label === org)!;

  it('shows the last known content marked offline, says "cannot reach" on actions, and recovers without a click', async () => {
    await signIn(api, org);
    const projects = (await api.treeChildren((await orgRow()).node)).map((r) => r.label);
    assert.ok(projects.includes('Web'), `the tree shows alpha's projects (${projects.join(', ')})`);
    const web = (await api.treeChildren((await orgRow()).node)).find((r) => r.label === 'Web')!;
    const repo = (await api.treeChildren(web.node)).find((r) => r.label === 'web-app')!;

    await control.addFault({ fault: 'reset' }); // the network is gone: every connection drops
    await vscode.commands.executeCommand('azureDevOps.refresh');
    const offline = await waitFor(async () => {
      const row = await orgRow();
      return /offline — showing last known content/.test(row.description ?? '') ? row : undefined;
    }, 'the organization to be marked offline', 30_000);
    assert.match(offline.description ?? '', /^offline — showing last known content · /, 'offline leads the description, before the account');
    assert.equal(offline.icon, 'debug-disconnect');
    const bar = await waitFor(() => (api.statusBar().state === 'offline' ? api.statusBar() : undefined), 'the status bar to say offline');
    assert.match(bar.text, /\$\(debug-disconnect\) Azure DevOps: offline/);
    assert.match(bar.tooltip, new RegExp(`${org} cannot be reached: the Azure DevOps view shows the last known content and tries again by itself`));
    assert.equal(bar.command, 'azureDevOps.refresh');
    assert.equal(bar.warning, true);
    assert.match(offline.tooltip ?? '', /cannot be reached: showing what was loaded .+\./);
    assert.match(offline.tooltip ?? '', /tried again by itself \(next at .+\); "Refresh" tries now/);
    const shown = (await api.treeChildren(offline.node)).filter((r) => r.contextValue === 'project').map((r) => r.label);
    assert.deepEqual(shown, projects.filter((p) => shown.includes(p)), 'the projects are still shown');
    assert.ok(shown.includes('Web'), 'the last known projects stay on screen');

    const prompter = new ScriptedPrompter([]);
    api.setPrompter(prompter);
    const parentPath = scratchDir('offline-clone');
    const result = await vscode.commands.executeCommand<CloneResult>('azureDevOps.cloneRepository', repo.node, { parentPath });
    assert.equal(result.kind, 'refused');
    assert.match(prompter.of('error')[0]?.text ?? '', /^Cannot reach 127\.0\.0\.1:\d+: the connection was interrupted/);
    assert.deepEqual(prompter.of('error')[0]?.actions, ['Try Again', 'Show Log']);
    assert.deepEqual(fs.readdirSync(parentPath), [], 'nothing was cloned');

    // The network returns: no refresh, no reload — the automatic retry brings the tree back.
    await control.clearFaults();
    const back = await waitFor(async () => {
      const row = await orgRow();
      const state = api.deps.catalog.state(row.node.id.replace(/^org:/, ''));
      return !/offline|could not refresh|refreshing/.test(row.description ?? '') && state?.status === 'loaded' && !state.refreshError ? row : undefined;
    }, 'the organization to recover by itself', 30_000);
    assert.doesNotMatch(back.tooltip ?? '', /cannot be reached/);
    assert.notEqual(back.icon, 'debug-disconnect');
    await waitFor(() => api.statusBar().state !== 'offline', 'the status bar to leave the offline state');
    assert.doesNotMatch(api.statusBar().text, /offline/);
    const after = (await api.treeChildren(back.node)).map((r) => r.label);
    assert.deepEqual(after, projects, 'the projects are current again, with no error above them');
    fs.rmSync(parentPath, { recursive: true, force: true });
  });

  it('names only the organizations that cannot be reached, keeps naming them while others load, and leaves out a hidden one', async () => {
    const [reachable, unreachable] = emulator().organizations;
    await signIn(api, reachable);
    await signIn(api, unreachable);
    const key = (name: string) => api.deps.accounts.list().find((a) => a.name === name)!.key;
    for (const name of [reachable, unreachable]) assert.equal((await api.deps.catalog.load(key(name))).status, 'loaded', `${name} loads`);

    await control.addFault({ fault: 'reset', organization: unreachable });
    await vscode.commands.executeCommand('azureDevOps.refresh');
    const headline = (bar: { tooltip: string }) => /^\$\(warning\) (.+) cannot be reached:/m.exec(bar.tooltip)?.[1];
    const bar = await waitFor(() => (api.statusBar().state === 'offline' ? api.statusBar() : undefined), 'the status bar to say offline');
    assert.equal(headline(bar), unreachable, 'only the organization that cannot be reached is named');

    // The reachable one loads again (a change of its own): the item still names the other one.
    api.deps.catalog.invalidate(key(reachable));
    await api.deps.catalog.load(key(reachable));
    assert.equal(api.deps.catalog.state(key(reachable))?.status, 'loaded');
    assert.equal(api.statusBar().state, 'offline');
    assert.equal(headline(api.statusBar()), unreachable);

    // Hidden, it no longer counts, even while its retries keep failing.
    await vscode.commands.executeCommand('azureDevOps.hideOrganization', key(unreachable));
    await waitFor(() => api.statusBar().state === 'signedIn', 'the status bar to leave the offline state');
    await api.deps.catalog.load(key(unreachable), true);
    const hidden = api.deps.catalog.state(key(unreachable));
    assert.ok(hidden?.status === 'loaded' && hidden.refreshError !== undefined, 'its refresh failed again');
    assert.equal(api.statusBar().state, 'signedIn', 'a hidden organization that cannot be reached does not make the item say offline');
  });
});
