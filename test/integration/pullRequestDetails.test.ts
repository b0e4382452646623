import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PullRequestRef } from '../../src/pullRequests/ref';
import type { TestingApi } from '../../src/testing';
import type { DetailsState } from '../../src/webviews/pullRequest/messages';
import type { PullRequestPanel } from '../../src/webviews/pullRequest/panel';
import { control, emulator, extensionApi, orgToken, signOutEverywhere, testSeed, waitFor } from './support/env';
import { cloneAndOpen, git, removeClones, type Clone } from './support/prGit';
import { allPosted, lastPosted } from './support/posted';
import { ScriptedPrompter } from './support/prompter';
import { createPullRequest, getPullRequest, headOf, identityId, pushBranch, rest, vote, workItemState } from './support/rest';

const ORG = 'alpha';
const PROJECT = 'Web';
const REPO = 'web-app';

const statesIn = (panel: PullRequestPanel, after = 0): DetailsState[] => allPosted(panel, 'state', after).map((m) => m.state);
const lastState = (panel: PullRequestPanel): DetailsState | undefined => lastPosted(panel, 'state')?.state;

describe('Pull requests: details and actions', function () {
  this.timeout(90_000);
  let api: TestingApi;
  let clone: Clone;
  const alice = () => emulator().pat;
  const bob = () => testSeed().tokens['bob-global'].token;
  let ids: { alice: string; bob: string; carol: string };
  let ref: PullRequestRef;
  let repoId: string;
  let projectId: string;

  async function newPullRequest(branch: string, body: Record<string, unknown>, token = bob()): Promise<PullRequestRef> {
    const main = await headOf(alice(), ORG, PROJECT, REPO, 'main');
    await pushBranch(alice(), ORG, PROJECT, REPO, branch, main, { [`src/${branch}.ts`]: `export const ${branch.replace(/\W/g, '')} = 1;\n` }, `Add ${branch}`);
    const pr = await createPullRequest(token, ORG, PROJECT, REPO, { sourceRefName: `refs/heads/${branch}`, targetRefName: 'refs/heads/main', ...body });
    return { accountKey: `${emulator().url}/${ORG}`.toLowerCase(), projectId, repositoryId: repoId, id: pr.pullRequestId };
  }

  async function open(r: PullRequestRef): Promise<PullRequestPanel> {
    const panel = await vscode.commands.executeCommand<PullRequestPanel>('azureDevOps.openPullRequest', r);
    assert.ok(panel, 'the details page opened');
    // The first webview of a window loads its service worker first, which can take a while on a busy machine.
    await waitFor(() => lastState(panel)?.id === r.id && lastState(panel)?.pending.length === 0, `the webview to be ready and receive the whole pull request (posted so far: ${panel.channel.posted.map((m) => m.type).join(', ') || 'nothing'})`, 60_000);
    return panel;
  }

  before(async () => {
    api = await extensionApi();
    await signOutEverywhere(api);
    await control.reset();
    const repo = await rest<{ id: string; project: { id: string } }>('GET', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}`, alice());
    repoId = repo.body.id;
    projectId = repo.body.project.id;
    ids = { alice: await identityId(alice(), ORG, 'alice'), bob: await identityId(alice(), ORG, 'bob'), carol: await identityId(alice(), ORG, 'carol') };
    api.setPrompter(new ScriptedPrompter([{ input: ORG }, { input: orgToken(ORG) }]));
    assert.ok(await vscode.commands.executeCommand('azureDevOps.signIn'));
    clone = await cloneAndOpen(ORG, PROJECT, REPO, alice());
    ref = await newPullRequest('details', {
      title: 'Show the details', description: 'Adds **details**.\n\n<script>alert(1)</script>', workItemRefs: [{ id: '101' }],
      reviewers: [{ id: ids.alice, isRequired: true }, { id: ids.carol }], labels: [{ name: 'ui' }],
    });
    await rest('POST', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}/pullRequests/${ref.id}/statuses`, alice(), { state: 'succeeded', description: 'Build 7 passed', context: { name: 'build', genre: 'ci' } });
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutEverywhere(api);
    await removeClones();
    await control.reset();
  });

  it('shows the pull request: markdown without HTML, reviewers, policies, checks, work items, commits and files', async () => {
    const panel = await open(ref);
    const st = lastState(panel)!;
    assert.equal(st.title, 'Show the details');
    assert.match(st.descriptionHtml, /<strong>details<\/strong>/);
    assert.doesNotMatch(st.descriptionHtml, /<script/);
    assert.deepEqual(st.reviewers.map((r) => [r.displayName, r.isRequired, r.voteLabel, r.isMe]), [['Alice Example', true, 'No vote', true], ['Carol Contoso', false, 'No vote', false]]);
    assert.deepEqual(st.policies.map((p) => [p.name, p.statusLabel]), [['Required reviewers', 'Not met']]);
    assert.deepEqual(st.checks.map((c) => [c.name, c.ok, c.description]), [['ci/build', true, 'Build 7 passed']]);
    assert.deepEqual(st.workItems.map((w) => [w.id, w.title, w.state]), [[101, 'Login page shows a blank screen', 'Active']]);
    assert.deepEqual(st.commits.map((c) => c.message), ['Add details']);
    assert.deepEqual(st.files.map((f) => [f.path, f.changeType]), [['/src/details.ts', 'add']]);
    assert.deepEqual(st.labels, ['ui']);
    assert.equal(st.can.complete, true);
    assert.equal(panel.panel.title, `#${ref.id} Show the details`);
  });

  it('shows the pull request at once and its slower sections as they come; a reload after that replaces the page whole', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The changed files wait until the test has seen the page without them.
    const changes = (await control.addFault({ pathRegex: '/iterations/\\d+/changes$', fault: 'hold', times: 1 }) as { id: string }).id;
    try {
      const panel = await vscode.commands.executeCommand<PullRequestPanel>('azureDevOps.openPullRequest', ref);
      await waitFor(() => statesIn(panel).length > 0, 'the first state of the page', 60_000);
      const first = statesIn(panel)[0];
      assert.equal(first.title, 'Show the details');
      assert.deepEqual(first.reviewers.map((r) => r.displayName), ['Alice Example', 'Carol Contoso']);
      assert.ok(first.pending.includes('files'), `the changed files show as loading (pending: ${first.pending.join(', ')})`);
      assert.deepEqual(first.files, []);
      // The page's actions need only the pull request: a vote while the files load reaches the service and shows
      // (its reload follows the load that is waiting for the files).
      const voting = panel.channel.receive({ type: 'vote', vote: 10 });
      await waitFor(async () => (await getPullRequest(alice(), ORG, PROJECT, REPO, ref.id)).reviewers.find((r) => r.id === ids.alice)?.vote === 10, 'the vote to reach the service');
      assert.ok(statesIn(panel).every((st) => st.pending.includes('files')), 'the files are still loading');
      await control.call('DELETE', `faults/${changes}`);
      await voting;
      await waitFor(() => lastState(panel)?.pending.length === 0, 'the whole pull request');
      const states = statesIn(panel);
      const whole = states.findIndex((st) => st.pending.length === 0);
      assert.ok(whole > 0, 'partial states came before the whole one');
      assert.ok(states.slice(whole).every((st) => st.pending.length === 0), 'no partial state after the whole one');
      assert.deepEqual(lastState(panel)?.files.map((f) => f.path), ['/src/details.ts']);
      assert.equal(lastState(panel)?.myVote, 10);

      const before = panel.channel.posted.length;
      await panel.channel.receive({ type: 'refresh' });
      const after = statesIn(panel, before);
      assert.equal(after.length, 1, 'a reload posts one state');
      assert.deepEqual(after[0].pending, [], 'a reload posts the whole pull request, never sections going back to loading');
    } finally {
      await control.clearFaults(); // releases the files if an assertion failed before
      await vote(alice(), ORG, PROJECT, REPO, ref.id, ids.alice, 0);
    }
  });

  it('votes: approve, approve with suggestions, wait for author, reject, reset — and the policy follows', async () => {
    const panel = await open(ref);
    for (const v of [10, 5, -5, -10, 0] as const) {
      await panel.channel.receive({ type: 'vote', vote: v });
      const pr = await getPullRequest(alice(), ORG, PROJECT, REPO, ref.id);
      assert.equal(pr.reviewers.find((r) => r.id === ids.alice)?.vote, v, `vote ${v} reached the service`);
      assert.equal(lastState(panel)?.myVote, v);
    }
    await panel.channel.receive({ type: 'vote', vote: 10 });
    assert.deepEqual(lastState(panel)?.policies.map((p) => p.statusLabel), ['Approved']);
  });

  it('a change made while the page is loading shows once the load ends, never the state read before it', async () => {
    const panel = await open(ref);
    await control.call('PUT', 'latency', { ms: 200 });
    try {
      const refreshing = panel.channel.receive({ type: 'refresh' });
      await panel.channel.receive({ type: 'vote', vote: -5 });
      assert.equal(lastState(panel)?.myVote, -5, 'the page shows the vote, not the pull request the running load read before it');
      await refreshing;
    } finally {
      await control.call('PUT', 'latency', { ms: 0 });
    }
    await panel.channel.receive({ type: 'vote', vote: 0 });
    assert.equal(lastState(panel)?.myVote, 0);
  });

  it('offers the next steps of a failure as buttons: only those offered run, "Try Again" loads again', async () => {
    const panel = await open(ref);
    const opened: string[] = [];
    api.setOpenExternal(async (url) => { opened.push(url); return true; });
    try {
      await control.addFault({ organization: ORG, fault: 'status', status: 401 });
      await panel.channel.receive({ type: 'refresh' });
      const refused = lastPosted(panel, 'error');
      assert.match(refused?.message ?? '', /personal access token/);
      assert.deepEqual(refused?.steps?.map((s) => [s.step, s.label]), [['enterToken', 'Enter Token Again'], ['createToken', 'Create Token…']]);
      await panel.channel.receive({ type: 'step', step: 'openSettings' });
      await panel.channel.receive({ type: 'step', step: 'retry' });
      assert.deepEqual(opened, [], 'steps the page did not offer do nothing');
      await panel.channel.receive({ type: 'step', step: 'createToken' });
      assert.deepEqual(opened, [`${emulator().url}/${ORG}/_usersSettings/tokens`], '"Create Token…" opens the tokens page of the organization');

      await control.clearFaults();
      await control.addFault({ organization: ORG, fault: 'status', status: 503 });
      await panel.channel.receive({ type: 'refresh' });
      const failing = lastPosted(panel, 'error');
      assert.ok(failing?.steps?.some((s) => s.step === 'retry'), `a server error offers Try Again (${JSON.stringify(failing?.steps)})`);
      await control.clearFaults();
      const before = panel.channel.posted.length;
      await panel.channel.receive({ type: 'step', step: 'retry' });
      assert.ok(panel.channel.posted.slice(before).some((m) => m.type === 'state'), '"Try Again" loaded the pull request again');
    } finally {
      await control.clearFaults();
      api.setOpenExternal(undefined);
    }
  });

  it('finds people as the user types and adds them as required or optional reviewers; removes them', async () => {
    const panel = await open(ref);
    await panel.channel.receive({ type: 'searchReviewers', query: 'bo' });
    const results = lastPosted(panel, 'reviewerResults');
    assert.deepEqual(results?.results.map((r) => r.displayName), ['Bob Builder']);
    await panel.channel.receive({ type: 'addReviewer', reviewer: results!.results[0], isRequired: true });
    let pr = await getPullRequest(alice(), ORG, PROJECT, REPO, ref.id);
    assert.equal(pr.reviewers.find((r) => r.id === ids.bob)?.isRequired, true);
    assert.match(lastPosted(panel, 'notice')?.message ?? '', /Bob Builder is a reviewer now/);
    await panel.channel.receive({ type: 'removeReviewer', id: ids.bob });
    pr = await getPullRequest(alice(), ORG, PROJECT, REPO, ref.id);
    assert.equal(pr.reviewers.some((r) => r.id === ids.bob), false);
    assert.equal(lastState(panel)?.reviewers.some((r) => r.id === ids.bob), false);
  });

  it('ignores malformed and unknown messages from the webview', async () => {
    const panel = await open(ref);
    await control.call('DELETE', 'log');
    for (const bad of [{ type: 'vote', vote: 7 }, { type: 'vote' }, { type: 'removeReviewer', id: 3 }, { type: 'openLink', url: 'javascript:alert(1)' }, { type: 'nope' }, 'vote', null, { type: 'complete', options: { mergeStrategy: 'octopus', deleteSourceBranch: true, transitionWorkItems: true } }]) {
      await panel.channel.receive(bad);
    }
    const log = (await control.call('GET', 'log')) as { entries: { method: string }[] };
    assert.deepEqual(log.entries.filter((e) => e.method !== 'GET'), [], 'no change reached the service');
  });

  it('opens a changed file as a diff with contents read from the service', async () => {
    const panel = await open(ref);
    await panel.channel.receive({ type: 'openFile', path: '/src/details.ts' });
    const tab = await waitFor(() => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      return t?.input instanceof vscode.TabInputTextDiff ? t : undefined;
    }, 'a diff editor');
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.modified.scheme, 'azdo-pr');
    assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), 'export const details = 1;\n');
    assert.equal((await vscode.workspace.openTextDocument(input.original)).getText(), '');
    assert.match(tab.label, /details\.ts/);
  });

  it('opens in the browser, copies the link, comments', async () => {
    const panel = await open(ref);
    const opened: string[] = [];
    api.setOpenExternal(async (url) => { opened.push(url); return true; });
    await panel.channel.receive({ type: 'openInBrowser' });
    await panel.channel.receive({ type: 'openWorkItem', id: 101 });
    assert.deepEqual(opened, [`${emulator().url}/${ORG}/${PROJECT}/_git/${REPO}/pullrequest/${ref.id}`, `${emulator().url}/${ORG}/${PROJECT}/_workitems/edit/101`]);
    await panel.channel.receive({ type: 'copyLink' });
    assert.equal(await vscode.env.clipboard.readText(), opened[0]);
    await panel.channel.receive({ type: 'addComment', text: 'Nice **work**' });
    const threads = await rest<{ value: { comments: { content: string }[] }[] }>('GET', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}/pullRequests/${ref.id}/threads`, alice());
    assert.deepEqual(threads.body.value.map((t) => t.comments[0].content), ['Nice **work**']);
    assert.deepEqual(lastState(panel)?.comments.map((c) => c.content), ['Nice **work**']);
    api.setOpenExternal(undefined);
  });

  it('checks out the source branch into a local branch tracking the remote; the status bar shows its pull request', async () => {
    const panel = await open(ref);
    await panel.channel.receive({ type: 'checkout' });
    assert.match(lastPosted(panel, 'notice')?.message ?? '', /Checked out details/);
    assert.equal((await git(clone.dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim(), 'details');
    assert.equal((await git(clone.dir, ['rev-parse', '--abbrev-ref', 'details@{upstream}'])).trim(), 'origin/details');
    assert.equal(lastState(panel)?.checkedOut, true);
    const status = await waitFor(() => {
      const s = api.deps.pullRequests.currentBranch.snapshot();
      return s.visible && s.text.includes(`#${ref.id}`) ? s : undefined;
    }, 'the status bar item of the current branch');
    assert.match(status.text, /Active/);
    assert.deepEqual(status.commandArguments, [ref]);
    await git(clone.dir, ['checkout', '-q', 'main']);
    await waitFor(() => !api.deps.pullRequests.currentBranch.snapshot().visible, 'the item to go when the branch has no pull request');
  });

  it('publishes a draft, sets and cancels auto-complete, abandons and reactivates', async () => {
    const draft = await newPullRequest('draft', { title: 'Draft work', isDraft: true, reviewers: [{ id: ids.carol, isRequired: true }] }, alice());
    const panel = await open(draft);
    assert.equal(lastState(panel)?.can.complete, false);
    await panel.channel.receive({ type: 'publish' });
    assert.equal((await getPullRequest(alice(), ORG, PROJECT, REPO, draft.id)).isDraft, false);
    const options = { mergeStrategy: 'squash' as const, deleteSourceBranch: true, transitionWorkItems: false };
    await panel.channel.receive({ type: 'setAutoComplete', enabled: true, options });
    let pr = await getPullRequest(alice(), ORG, PROJECT, REPO, draft.id);
    assert.equal(pr.autoCompleteSetBy?.id, ids.alice);
    assert.equal(pr.completionOptions?.mergeStrategy, 'squash');
    assert.equal(pr.status, 'active', 'the required reviewer has not approved');
    await panel.channel.receive({ type: 'setAutoComplete', enabled: false, options });
    assert.equal((await getPullRequest(alice(), ORG, PROJECT, REPO, draft.id)).autoCompleteSetBy, undefined);
    api.setPrompter(new ScriptedPrompter([{ warning: 'Abandon' }]));
    await panel.channel.receive({ type: 'abandon' });
    assert.equal((await getPullRequest(alice(), ORG, PROJECT, REPO, draft.id)).status, 'abandoned');
    assert.equal(lastState(panel)?.can.reactivate, true);
    await panel.channel.receive({ type: 'reactivate' });
    pr = await getPullRequest(alice(), ORG, PROJECT, REPO, draft.id);
    assert.equal(pr.status, 'active');
  });

  it('explains a refused completion (policy not met) in the page and keeps it usable', async () => {
    const blocked = await newPullRequest('blocked', { title: 'Needs Carol', reviewers: [{ id: ids.carol, isRequired: true }] }, alice());
    const panel = await open(blocked);
    api.setPrompter(new ScriptedPrompter([{ warning: 'Complete' }]));
    await panel.channel.receive({ type: 'complete', options: { mergeStrategy: 'noFastForward', deleteSourceBranch: false, transitionWorkItems: false } });
    assert.match(lastPosted(panel, 'error')?.message ?? '', /Required reviewers/);
    assert.equal((await getPullRequest(alice(), ORG, PROJECT, REPO, blocked.id)).status, 'active');
    api.setPrompter(new ScriptedPrompter([{ warning: undefined }]));
    await control.call('DELETE', 'log');
    await panel.channel.receive({ type: 'complete', options: { mergeStrategy: 'noFastForward', deleteSourceBranch: false, transitionWorkItems: false } });
    const log = (await control.call('GET', 'log')) as { entries: { method: string }[] };
    assert.equal(log.entries.filter((e) => e.method === 'PATCH').length, 0, 'cancelling the confirmation sends nothing');
  });

  it('completes with squash, deleting the source branch and completing the linked work item', async () => {
    await vote(alice(), ORG, PROJECT, REPO, ref.id, ids.alice, 10);
    const panel = await open(ref);
    const before = await headOf(alice(), ORG, PROJECT, REPO, 'main');
    api.setPrompter(new ScriptedPrompter([{ warning: 'Complete' }]));
    await panel.channel.receive({ type: 'complete', options: { mergeStrategy: 'squash', deleteSourceBranch: true, transitionWorkItems: true } });
    assert.match(lastPosted(panel, 'notice')?.message ?? '', /is completed/);
    const pr = await getPullRequest(alice(), ORG, PROJECT, REPO, ref.id);
    assert.equal(pr.status, 'completed');
    const after = await headOf(alice(), ORG, PROJECT, REPO, 'main');
    const commit = await rest<{ parents: string[]; comment: string }>('GET', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}/commits/${after}`, alice());
    assert.deepEqual(commit.body.parents, [before], 'a squash commit has the old main as its only parent');
    assert.equal(commit.body.comment, `Merged PR ${ref.id}: Show the details`);
    const refs = await rest<{ value: unknown[] }>('GET', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}/refs?filter=heads/details`, alice());
    assert.equal(refs.body.value.length, 0, 'the source branch is deleted');
    assert.equal(await workItemState(alice(), ORG, 101), 'Closed');
    assert.equal(lastState(panel)?.status, 'completed');
    assert.equal(lastState(panel)?.can.vote, false);
  });
});
