import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi, TreeRow } from '../../src/testing';
import { accountNamed, cleanSlate, control, emulator, extensionApi, orgToken, signIn, testSeed, waitFor } from './support/env';
import { rest } from './support/rest';
import { ScriptedPrompter } from './support/prompter';

function row(rows: TreeRow[], label: string): TreeRow {
  const found = rows.find((r) => r.label === label);
  assert.ok(found, `no row "${label}" in ${JSON.stringify(rows.map((r) => r.label))}`);
  return found;
}

describe('The Azure DevOps tree', function () {
  let api: TestingApi;
  const emu = emulator();
  const [orgA, orgB] = emu.organizations;
  const seedOrgA = () => testSeed().organizations.find((o) => o.name === orgA)!;

  before(async () => { api = await extensionApi(); });
  beforeEach(async () => {
    await cleanSlate(api);
  });
  after(async () => { await cleanSlate(api); });

  it('is empty while signed out, so the welcome view with "Sign In" shows', async () => {
    assert.deepEqual(await api.treeChildren(), []);
    assert.equal(api.statusBar().state, 'signedOut');
    assert.equal(api.statusBar().command, 'azureDevOps.signIn');
  });

  it('shows organization → projects → repositories as the service lists them', async () => {
    await signIn(api, orgA);
    const [org] = await api.treeChildren();
    assert.equal(org.label, orgA);
    assert.match(org.contextValue ?? '', /^organization\.services\.valid$/);
    const projects = await api.treeChildren(org.node);
    const expected = seedOrgA().projects.map((p) => p.name).sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
    assert.deepEqual(projects.map((p) => p.label), expected);
    for (const seedProject of seedOrgA().projects) {
      const repos = await api.treeChildren(row(projects, seedProject.name).node);
      const names = (seedProject.repositories ?? []).map((r) => r.name).sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
      if (names.length === 0) {
        assert.equal(repos.length, 1);
        assert.equal(repos[0].label, 'No repositories in this project');
        assert.equal(repos[0].command, 'azureDevOps.openInBrowser');
      } else {
        assert.deepEqual(repos.map((r) => r.label), names);
      }
    }
  });

  it('an organization with many repositories in one project shows every one of them', async () => {
    const project = seedOrgA().projects[0].name;
    const names = Array.from({ length: 60 }, (_, i) => `many-${String(i).padStart(2, '0')}`);
    try {
      for (const name of names) {
        const created = await rest('POST', `${orgA}/${encodeURIComponent(project)}/_apis/git/repositories?api-version=7.1`, orgToken(orgA), { name });
        assert.equal(created.status, 201, created.text);
      }
      await signIn(api, orgA);
      const [org] = await api.treeChildren();
      const repos = await api.treeChildren(row(await api.treeChildren(org.node), project).node);
      const shown = repos.map((r) => r.label);
      for (const name of names) assert.ok(shown.includes(name), `${name} is shown`);
      assert.equal(shown.length, names.length + (seedOrgA().projects[0].repositories ?? []).length);
    } finally {
      await control.reset();
    }
  });

  it('marks the default branch, disabled, empty and forked repositories', async () => {
    await signIn(api, orgA);
    const all: TreeRow[] = [];
    const [org] = await api.treeChildren();
    for (const p of await api.treeChildren(org.node)) all.push(...await api.treeChildren(p.node));
    const seedRepos = seedOrgA().projects.flatMap((p) => p.repositories ?? []);
    const disabled = seedRepos.find((r) => r.isDisabled);
    const empty = seedRepos.find((r) => !r.commits?.length && !r.forkOf);
    const fork = seedRepos.find((r) => r.forkOf);
    const normal = seedRepos.find((r) => r.commits?.length && !r.isDisabled && !r.forkOf);
    assert.ok(disabled && empty && fork && normal, 'the test seed needs a disabled, an empty, a forked and a normal repository in the first organization');
    assert.match(row(all, normal.name).description ?? '', new RegExp(`^${normal.defaultBranch ?? 'main'}`));
    assert.equal(row(all, normal.name).contextValue, 'repository');
    assert.match(row(all, disabled.name).description ?? '', /disabled/);
    assert.match(row(all, disabled.name).contextValue ?? '', /disabled/);
    assert.match(row(all, empty.name).description ?? '', /empty/);
    assert.match(row(all, empty.name).contextValue ?? '', /empty/);
    assert.match(row(all, fork.name).description ?? '', new RegExp(`fork of .*${fork.forkOf!.repository}`));
  });

  it('one failing organization shows an error node and does not hide the others; refresh recovers', async () => {
    await signIn(api, orgA);
    await signIn(api, orgB);
    await control.addFault({ organization: orgB, path: '/_apis/git/repositories', fault: 'status', status: 500 });
    await vscode.commands.executeCommand('azureDevOps.refresh');
    const orgs = await api.treeChildren();
    const good = await api.treeChildren(row(orgs, orgA).node);
    assert.ok(good.length > 0 && good.every((r) => r.contextValue === 'project'));
    const [error] = await api.treeChildren(row(orgs, orgB).node);
    assert.match(error.label, /Could not load: server error 500/);
    assert.match(error.tooltip ?? '', /try again in a moment/i);
    assert.equal(error.command, 'azureDevOps.refresh');

    await control.clearFaults();
    await vscode.commands.executeCommand(error.command!, ...(error.commandArguments ?? []));
    const recovered = await api.treeChildren(row(await api.treeChildren(), orgB).node);
    assert.ok(recovered.length > 0 && recovered.every((r) => r.contextValue === 'project'), JSON.stringify(recovered.map((r) => r.label)));
  });

  it('a token the organization stops accepting turns the status bar into a warning that leads to a new token', async () => {
    await signIn(api, orgA);
    await control.addFault({ organization: orgA, fault: 'status', status: 401 });
    await vscode.commands.executeCommand('azureDevOps.refresh');
    const [org] = await api.treeChildren();
    assert.match(org.contextValue ?? '', /rejected/);
    const [node] = await api.treeChildren(org.node);
    assert.match(node.label, /Token not accepted/);
    assert.equal(node.command, 'azureDevOps.replaceToken');
    const bar = await waitFor(() => (api.statusBar().state === 'rejected' ? api.statusBar() : undefined), 'the status bar warning');
    assert.equal(bar.warning, true);
    assert.equal(bar.command, 'azureDevOps.replaceToken');

    await control.clearFaults();
    const prompter = new ScriptedPrompter([{ input: orgToken(orgA) }]);
    api.setPrompter(prompter);
    assert.equal(await vscode.commands.executeCommand(bar.command!, ...(bar.commandArguments ?? [])), true);
    assert.equal(prompter.of('input').length, 1, 'only the token is asked');
    assert.equal(api.statusBar().state, 'signedIn');
    assert.match((await api.treeChildren())[0].contextValue ?? '', /valid/);
  });

  it('opens organizations, projects and repositories in the browser and copies clone URLs', async () => {
    await signIn(api, orgA);
    const opened: string[] = [];
    api.setOpenExternal(async (url) => { opened.push(url); return true; });
    const [org] = await api.treeChildren();
    const [project] = await api.treeChildren(org.node);
    const repos = await api.treeChildren(project.node);
    const repo = repos.find((r) => r.contextValue === 'repository') ?? repos[0];
    await vscode.commands.executeCommand('azureDevOps.openInBrowser', org.node);
    await vscode.commands.executeCommand('azureDevOps.openInBrowser', project.node);
    await vscode.commands.executeCommand('azureDevOps.openInBrowser', repo.node);
    assert.deepEqual(opened, [
      `${emu.url}/${orgA}`,
      `${emu.url}/${orgA}/${encodeURIComponent(project.label)}`,
      `${emu.url}/${orgA}/${encodeURIComponent(project.label)}/_git/${encodeURIComponent(repo.label)}`,
    ]);
    const https = await vscode.commands.executeCommand<string>('azureDevOps.copyCloneUrl', repo.node);
    assert.equal(https, `${emu.url}/${orgA}/${encodeURIComponent(project.label)}/_git/${encodeURIComponent(repo.label)}`);
    const ssh = await vscode.commands.executeCommand<string>('azureDevOps.copySshCloneUrl', repo.node);
    assert.match(ssh ?? '', new RegExp(`${orgA}/${encodeURIComponent(project.label)}/${encodeURIComponent(repo.label)}$`));
  });

  it('redraws while one organization is slow, without waiting for it, and once more as soon as the refresh is over', async () => {
    await signIn(api, orgA);
    await signIn(api, orgB);
    for (const org of await api.treeChildren()) await api.treeChildren(org.node);
    const keyOf = (org: string) => accountNamed(api, org).key;
    const stateOf = (org: string) => {
      const state = api.deps.catalog.state(keyOf(org));
      return state?.status === 'loaded' ? (state.refreshing ? 'refreshing' : 'loaded') : state?.status;
    };
    await control.addFault({ organization: orgB, fault: 'delay', delayMs: 2000 });
    const redraws: number[] = [];
    const changes: number[] = [];
    let refreshedA: number | undefined;
    const subscriptions = [
      api.deps.tree.onDidChangeTreeData(() => redraws.push(Date.now())),
      api.deps.catalog.onDidChange(() => {
        changes.push(Date.now());
        if (refreshedA === undefined && stateOf(orgA) === 'loaded') refreshedA = Date.now();
      }),
    ];
    try {
      const refreshing = vscode.commands.executeCommand('azureDevOps.refresh');
      // orgA is answered at once; the tree shows it while orgB is still on its way.
      const shown = await waitFor(async () => {
        if (refreshedA === undefined || !redraws.some((t) => t >= refreshedA!)) return undefined;
        return api.treeChildren();
      }, 'a redraw with the first organization refreshed');
      assert.equal(stateOf(orgB), 'refreshing', `${orgB} is still being refreshed`);
      assert.doesNotMatch(row(shown, orgA).description ?? '', /refreshing/);
      assert.match(row(shown, orgB).description ?? '', /refreshing/);
      await refreshing;
      const lastChange = changes[changes.length - 1];
      await waitFor(() => redraws.some((t) => t >= lastChange), 'the redraw after the last change');
      assert.ok(redraws.length < changes.length, `${redraws.length} redraws for ${changes.length} changes of the catalog`);
      assert.doesNotMatch(row(await api.treeChildren(), orgB).description ?? '', /refreshing/);
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });
});
