import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { FileSnapshotStore } from '../../src/model/snapshotStore';
import type { TestingApi, TreeRow } from '../../src/testing';
import { accountNamed, cleanSlate, control, emulator, extensionApi, signIn, testSeed, waitFor } from './support/env';
import { ScriptedPrompter } from './support/prompter';

function projectNames(org: string): string[] {
  const seedOrg = testSeed().organizations.find((o) => o.name === org);
  assert.ok(seedOrg, `no ${org} in the seed`);
  return seedOrg.projects.map((p) => p.name).sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
}

/** A refresh the test starts by hand, so that "before the refresh" is a moment the test controls. */
function gate() {
  let pending: (() => void) | undefined;
  return {
    schedule: (run: () => void) => { pending = run; },
    release: () => { const run = pending; pending = undefined; run?.(); },
  };
}

describe('Saved content across reloads, and refreshes that keep it on screen', function () {
  let api: TestingApi;
  const [orgA, orgB] = emulator().organizations;
  let store: FileSnapshotStore;

  const keyOf = (org: string) => accountNamed(api, org).key;
  const saved = (org: string) => fs.existsSync(store.fileOf(keyOf(org)));

  /** Opens every organization of the tree, which loads them; returns their rows. */
  async function loadTree(): Promise<TreeRow[]> {
    const orgs = await api.treeChildren();
    for (const org of orgs) await api.treeChildren(org.node);
    return orgs;
  }

  before(async () => {
    api = await extensionApi();
    assert.ok(api.caches.snapshotDir, 'the extension has a global storage folder on disk for its snapshots');
    store = new FileSnapshotStore(api.caches.snapshotDir);
  });
  beforeEach(async () => {
    await cleanSlate(api);
  });
  after(async () => { await cleanSlate(api); });

  it('after a reload, shows every organization\'s saved projects with no request to the service, then refreshes them', async () => {
    await signIn(api, orgA);
    await signIn(api, orgB);
    await loadTree();
    await waitFor(() => saved(orgA) && saved(orgB), 'the snapshots of both organizations');
    await control.clearLog();

    const refresh = gate();
    const session = await api.simulateReload({ scheduleRefresh: refresh.schedule });
    try {
      const orgs = await session.treeChildren();
      assert.deepEqual(orgs.map((o) => o.label), [orgA, orgB].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
      for (const org of orgs) {
        const projects = await session.treeChildren(org.node);
        assert.deepEqual(projects.map((p) => p.label), projectNames(org.label));
        const repos = await session.treeChildren(projects[0].node);
        assert.ok(repos.length > 0);
      }
      const rendered = await session.treeChildren();
      for (const org of rendered) assert.match(org.description ?? '', /refreshing/, 'saved content is marked as refreshing');
      assert.match(rendered[0].tooltip ?? '', /Showing what was loaded .* while it refreshes/);
      assert.deepEqual((await control.log()).entries.map((e) => `${e.method} ${e.path}`), [], 'no request before the saved content is shown');

      refresh.release();
      await waitFor(async () => (await session.treeChildren()).every((o) => !/refreshing/.test(o.description ?? '')), 'the background refresh');
      const requests = (await control.log()).entries;
      for (const org of [orgA, orgB]) {
        assert.ok(requests.some((e) => e.method === 'GET' && e.path === `/${org}/_apis/git/repositories`), `${org} was refreshed`);
      }
      assert.deepEqual(requests.filter((e) => e.method === 'OPTIONS').map((e) => e.path), [], 'remembered route tables: no route discovery after the reload');
    } finally {
      session.dispose();
    }
  });

  it('building the model after a reload (what activation does) sends no request', async () => {
    await signIn(api, orgA);
    await loadTree();
    await waitFor(() => saved(orgA), 'the snapshot');
    await control.clearLog();
    const session = await api.simulateReload();
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual((await control.log()).entries, [], 'nothing is loaded until the tree asks');
      // With the real scheduler the refresh follows the saved content on its own.
      await session.treeChildren();
      await waitFor(async () => (await control.log()).entries.some((e) => e.path === `/${orgA}/_apis/projects`), 'the background refresh');
    } finally {
      session.dispose();
    }
  });

  it('signing out deletes the organization\'s saved content', async () => {
    await signIn(api, orgA);
    await signIn(api, orgB);
    await loadTree();
    await waitFor(() => saved(orgA) && saved(orgB), 'the snapshots');
    const fileA = store.fileOf(keyOf(orgA));
    const prompter = new ScriptedPrompter([{ warning: 'Sign Out' }]);
    api.setPrompter(prompter);
    assert.equal(await vscode.commands.executeCommand('azureDevOps.signOut', keyOf(orgA)), true);
    await waitFor(() => !fs.existsSync(fileA), 'the snapshot of the signed-out organization to be deleted');
    assert.ok(saved(orgB), 'the other organization keeps its saved content');
  });

  it('a failing refresh keeps the content on screen, with the error on the organization and as its first child', async () => {
    await signIn(api, orgA);
    const [before] = await loadTree();
    const projectsBefore = (await api.treeChildren(before.node)).map((p) => p.label);
    await control.addFault({ organization: orgA, fault: 'status', status: 500 });
    await vscode.commands.executeCommand('azureDevOps.refresh', keyOf(orgA));

    const [org] = await api.treeChildren();
    assert.match(org.description ?? '', /^could not refresh · /, 'the refresh problem leads the description');
    assert.match(org.tooltip ?? '', /Could not refresh: showing what was loaded/);
    const [error, ...rest] = await api.treeChildren(org.node);
    assert.match(error.label, /Could not refresh: server error 500/);
    assert.equal(error.command, 'azureDevOps.refresh');
    assert.deepEqual(rest.map((p) => p.label), projectsBefore, 'the projects stay');
    assert.ok((await api.treeChildren(rest[0].node)).length > 0, 'and their repositories');

    await control.clearFaults();
    await vscode.commands.executeCommand(error.command!, ...(error.commandArguments ?? []));
    const [recovered] = await api.treeChildren();
    assert.doesNotMatch(recovered.description ?? '', /could not refresh/);
    assert.deepEqual((await api.treeChildren(recovered.node)).map((p) => p.label), projectsBefore);
  });

  it('shows the view\'s progress while a refresh runs, and the content stays until the answer replaces it', async () => {
    await signIn(api, orgA);
    await loadTree();
    await control.addFault({ organization: orgA, fault: 'delay', delayMs: 1500 });
    const refreshing = vscode.commands.executeCommand('azureDevOps.refresh', keyOf(orgA));
    await waitFor(() => api.refreshProgressShowing(), 'the progress bar');
    const [org] = await api.treeChildren();
    assert.match(org.description ?? '', /refreshing/);
    assert.deepEqual((await api.treeChildren(org.node)).map((p) => p.label), projectNames(orgA));
    await refreshing;
    assert.equal(api.refreshProgressShowing(), false);
    assert.doesNotMatch((await api.treeChildren())[0].description ?? '', /refreshing/);
  });

  it('a refresh reuses the connections of the previous load, across organizations (through VS Code\'s proxy layer)', async () => {
    await signIn(api, orgA);
    await signIn(api, orgB);
    await loadTree();
    const connectionsOf = async () => {
      await control.clearLog();
      await vscode.commands.executeCommand('azureDevOps.refresh');
      const requests = (await control.log()).entries.filter((e) => e.method === 'GET');
      assert.ok(requests.length >= 4, `both organizations were loaded: ${requests.length} requests`);
      return new Set(requests.map((e) => e.connection));
    };
    const first = await connectionsOf();
    const second = await connectionsOf();
    // Connections closed after each request (VS Code's proxy agent does that unless told: microsoft/vscode#173861)
    // would make every refresh open new ones.
    const reused = [...second].filter((c) => first.has(c));
    assert.ok(reused.length > 0, `the second refresh used connections ${[...second].join(', ')}, the first ${[...first].join(', ')}`);
  });
});
