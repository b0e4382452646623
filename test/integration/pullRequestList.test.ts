import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi, TreeRow } from '../../src/testing';
import { control, emulator, extensionApi, orgToken, signIn, signOutEverywhere, testSeed, waitFor } from './support/env';
import { cloneAndOpen, removeClones } from './support/prGit';
import { createPullRequest, headOf, identityId, listPullRequests, pushBranch, vote } from './support/rest';

const ORG = 'alpha';
const PROJECT = 'Web';
const REPO = 'web-app';

function row(rows: TreeRow[], label: string | RegExp): TreeRow {
  const found = rows.find((r) => (typeof label === 'string' ? r.label === label : label.test(r.label)));
  assert.ok(found, `no row ${String(label)} in ${JSON.stringify(rows.map((r) => r.label))}`);
  return found;
}

describe('Pull requests: the list', function () {
  this.timeout(60_000);
  let api: TestingApi;
  const alice = () => emulator().pat;
  const bob = () => testSeed().tokens['bob-global'].token;
  let ids: { alice: string; bob: string; carol: string; webTeam: string; releaseManagers: string };

  before(async () => {
    api = await extensionApi();
    await signOutEverywhere(api);
    await control.reset();
    await control.clearFaults();
    ids = {
      alice: await identityId(alice(), ORG, 'alice'), bob: await identityId(alice(), ORG, 'bob'), carol: await identityId(alice(), ORG, 'carol'),
      webTeam: await identityId(alice(), ORG, 'web team'), releaseManagers: await identityId(alice(), ORG, 'release managers'),
    };
    const main = await headOf(alice(), ORG, PROJECT, REPO, 'main');
    for (const b of ['mine', 'for-alice', 'for-team', 'for-others', 'clash']) {
      await pushBranch(alice(), ORG, PROJECT, REPO, b, main, b === 'clash' ? { 'README.md': 'clash\n' } : { [`src/${b}.ts`]: `export const x = '${b}';\n` }, `Work on ${b}`, b === 'clash');
    }
    await pushBranch(alice(), ORG, PROJECT, REPO, 'main-moves', main, { 'README.md': 'main moved\n' }, 'Main moves', true);
    // alice's own draft; bob's asking alice; bob's asking alice's team; bob's asking someone else; a conflicting one
    await createPullRequest(alice(), ORG, PROJECT, REPO, { sourceRefName: 'refs/heads/mine', targetRefName: 'refs/heads/main', title: 'My draft', isDraft: true, reviewers: [{ id: ids.bob }] });
    await createPullRequest(bob(), ORG, PROJECT, REPO, { sourceRefName: 'refs/heads/for-alice', targetRefName: 'refs/heads/main', title: 'Please review, Alice', reviewers: [{ id: ids.alice, isRequired: true }, { id: ids.carol }] });
    await createPullRequest(bob(), ORG, PROJECT, REPO, { sourceRefName: 'refs/heads/for-team', targetRefName: 'refs/heads/main', title: 'For the web team', reviewers: [{ id: ids.webTeam }] });
    await createPullRequest(bob(), ORG, PROJECT, REPO, { sourceRefName: 'refs/heads/for-others', targetRefName: 'refs/heads/release/1.0', title: 'Not for Alice', reviewers: [{ id: ids.releaseManagers }] });
    await createPullRequest(bob(), ORG, PROJECT, REPO, { sourceRefName: 'refs/heads/clash', targetRefName: 'refs/heads/main-moves', title: 'Clashing change', reviewers: [{ id: ids.carol }] });
    await vote(bob(), ORG, PROJECT, REPO, 1, ids.bob, -10);
  });
  beforeEach(async () => {
    await signOutEverywhere(api);
    api.deps.pullRequests.refresh();
  });
  after(async () => {
    await signOutEverywhere(api);
    await removeClones();
    await control.reset();
  });

  it('asks to sign in while signed out, and to sign in to the organization of a workspace remote', async () => {
    const signedOut = await api.pullRequestChildren();
    assert.deepEqual(signedOut.map((r) => [r.label, r.command]), [['Sign in to Azure DevOps to see pull requests', 'azureDevOps.signIn']]);
    await cloneAndOpen(ORG, PROJECT, REPO, alice());
    await signIn(api, 'beta', orgToken('beta'));
    const rows = await waitFor(async () => {
      const r = await api.pullRequestChildren();
      return r.some((x) => x.label.includes(ORG)) ? r : undefined;
    }, 'a sign-in row for alpha');
    const signInRow = row(rows, `Sign in to ${ORG} to see its pull requests`);
    assert.equal(signInRow.command, 'azureDevOps.signIn');
    assert.deepEqual(signInRow.commandArguments, [ORG]);
  });

  it('lists the workspace repository\'s pull requests: created by me, assigned to me (also through my team), all active', async () => {
    await cloneAndOpen(ORG, PROJECT, REPO, alice());
    await signIn(api, ORG);
    const categories = await waitFor(async () => {
      const r = await api.pullRequestChildren();
      return r.length === 3 ? r : undefined;
    }, 'the three categories');
    assert.deepEqual(categories.map((c) => c.label), ['Created by me', 'Assigned to me', 'All active']);
    const created = await api.pullRequestChildren(categories[0].node);
    assert.deepEqual(created.map((r) => r.label), ['My draft']);
    assert.match(created[0].description ?? '', /^#1 · Draft · ✗1 · mine → main$/);
    assert.equal(created[0].contextValue, 'pullRequest.active.draft.mine');
    assert.equal(created[0].command, 'azureDevOps.openPullRequest');
    assert.match(created[0].tooltip ?? '', /Bob Builder: Rejected/);
    const assigned = await api.pullRequestChildren(categories[1].node);
    assert.deepEqual(assigned.map((r) => r.label), ['For the web team', 'Please review, Alice']);
    assert.match(row(assigned, 'Please review, Alice').tooltip ?? '', /Alice Example \(required\): No vote/);
    const all = await api.pullRequestChildren(categories[2].node);
    assert.deepEqual(all.map((r) => r.label), ['Clashing change', 'Not for Alice', 'For the web team', 'Please review, Alice', 'My draft']);
    assert.match(row(all, 'Clashing change').description ?? '', /· Conflicts ·/);
    assert.match(row(all, 'Clashing change').contextValue ?? '', /conflicts/);
    assert.equal(categories[2].node.getTreeItem().description, '5');
  });

  it('picks up changes when refreshed, and the view polls while visible', async () => {
    await cloneAndOpen(ORG, PROJECT, REPO, alice());
    await signIn(api, ORG);
    const categories = await waitFor(async () => {
      const r = await api.pullRequestChildren();
      return r.length === 3 ? r : undefined;
    }, 'the three categories');
    const before = await api.pullRequestChildren(categories[1].node);
    assert.equal(before.length, 2);
    await vote(alice(), ORG, PROJECT, REPO, 3, ids.alice, 5);
    assert.equal(await api.deps.pullRequests.lists.refreshLoaded(), 'changed', 'a poll sees the new vote');
    const after = await api.pullRequestChildren((await api.pullRequestChildren())[1].node);
    assert.match(row(after, 'For the web team').description ?? '', /✓1/);
    assert.equal(await api.deps.pullRequests.lists.refreshLoaded(), 'unchanged');

    await vscode.commands.executeCommand('workbench.view.extension.azureDevOps');
    await waitFor(() => api.deps.pullRequests.poller.isActive, 'polling to start while the view is visible');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(() => !api.deps.pullRequests.poller.isActive, 'polling to stop while the view is hidden');

    const main = await headOf(alice(), ORG, PROJECT, REPO, 'main');
    await pushBranch(alice(), ORG, PROJECT, REPO, 'later', main, { 'src/later.ts': 'later\n' }, 'Later');
    await createPullRequest(alice(), ORG, PROJECT, REPO, { sourceRefName: 'refs/heads/later', targetRefName: 'refs/heads/main', title: 'Created later' });
    await vscode.commands.executeCommand('azureDevOps.refreshPullRequests');
    const mine = await api.pullRequestChildren((await api.pullRequestChildren())[0].node);
    assert.deepEqual(mine.map((r) => r.label), ['Created later', 'My draft']);
  });

  it('shows "Pull Requests" under a repository of the Azure DevOps tree', async () => {
    await signIn(api, ORG);
    const [org] = await api.treeChildren();
    const project = row(await api.treeChildren(org.node), PROJECT);
    const repo = row(await api.treeChildren(project.node), REPO);
    const [folder] = await api.treeChildren(repo.node);
    assert.equal(folder.label, 'Pull Requests');
    const categories = await api.treeChildren(folder.node);
    assert.deepEqual(categories.map((c) => c.label), ['Created by me', 'Assigned to me', 'All active']);
    const active = await listPullRequests(alice(), ORG, PROJECT, REPO, 'searchCriteria.status=active');
    assert.deepEqual((await api.treeChildren(categories[2].node)).map((r) => r.label), active.map((p) => p.title));
    const empty = row(await api.treeChildren(project.node), 'empty-repo');
    assert.deepEqual(await api.treeChildren(empty.node), [], 'an empty repository has no pull requests to show');
  });

  it('explains a failing list and recovers on refresh', async () => {
    await signIn(api, ORG);
    const [org] = await api.treeChildren();
    const repo = row(await api.treeChildren(row(await api.treeChildren(org.node), PROJECT).node), REPO);
    const [folder] = await api.treeChildren(repo.node);
    await control.addFault({ organization: ORG, pathRegex: '/pull[Rr]equests$', fault: 'status', status: 503 });
    try {
      const [category] = await api.treeChildren(folder.node);
      const [error] = await api.treeChildren(category.node);
      assert.equal(error.label, 'Could not load pull requests: click to try again');
      assert.match(error.tooltip ?? '', /server error 503/);
      assert.equal(error.command, 'azureDevOps.refreshPullRequests');
    } finally {
      await control.clearFaults();
    }
    await vscode.commands.executeCommand('azureDevOps.refreshPullRequests');
    const [category] = await api.treeChildren(folder.node);
    assert.ok((await api.treeChildren(category.node)).some((r) => r.label === 'My draft'));
  });
});
