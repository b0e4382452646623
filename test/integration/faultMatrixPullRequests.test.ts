// The fault matrix, pull requests: create (the form), vote and complete (the details page), each against every fault
// on the action's own request. Each cell also checks that the form keeps what was typed (panel and draft) and that
// the service holds no change the user was not told about.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';
import type { CreateForm } from '../../src/webviews/createPullRequest/messages';
import type { CreatePullRequestPanel } from '../../src/webviews/createPullRequest/panel';
import type { DetailsState } from '../../src/webviews/pullRequest/messages';
import type { PullRequestPanel } from '../../src/webviews/pullRequest/panel';
import { control, emulator, orgToken, testSeed, waitFor } from './support/env';
import { faultMatrix, stepsInText, type MatrixAction } from './support/faults';
import { cloneAndOpen, commitOnNewBranch, git, removeClones, type Clone } from './support/prGit';
import { lastPosted } from './support/posted';
import { ScriptedPrompter } from './support/prompter';
import { createPullRequest, getPullRequest, headOf, identityId, listPullRequests, pushBranch, rest, vote } from './support/rest';

const ORG = 'alpha';
const PROJECT = 'Web';
const REPO = 'web-app';
const BRANCH = 'feature/fault-matrix';
const MAY_HAVE = /may have|did not confirm/;
const alice = () => emulator().pat;
const bob = () => testSeed().tokens['bob-global'].token;
const prPath = (id: number | string = '') => `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}/pullrequests/${id}`;

let clone: Clone;
let aliceId = '';
let repoId = '';
let projectId = '';
let counter = 0;

async function abandonActive(source: string): Promise<void> {
  for (const pr of await listPullRequests(alice(), ORG, PROJECT, REPO, 'searchCriteria.status=active')) {
    if (pr.sourceRefName === `refs/heads/${source}`) await rest('PATCH', prPath(pr.pullRequestId), alice(), { status: 'abandoned' });
  }
}

const stateOf = (panel: PullRequestPanel): DetailsState | undefined => lastPosted(panel, 'state')?.state;

async function openDetails(id: number): Promise<PullRequestPanel> {
  const ref = { accountKey: `${emulator().url}/${ORG}`.toLowerCase(), projectId, repositoryId: repoId, id };
  const panel = await vscode.commands.executeCommand<PullRequestPanel>('azureDevOps.openPullRequest', ref);
  await waitFor(() => stateOf(panel)?.id === id && stateOf(panel)?.pending.length === 0, 'the details page to show the whole pull request', 60_000);
  return panel;
}

/** Runs one action of the details page; its outcome is the error it posted, or none. */
async function detailsAction(panel: PullRequestPanel, message: Parameters<PullRequestPanel['channel']['receive']>[0]): Promise<{ message: string; nextSteps: string[]; failed: boolean }> {
  const before = panel.channel.posted.length;
  await panel.channel.receive(message);
  const error = lastPosted(panel, 'error', before);
  return { message: error?.message ?? '', nextSteps: stepsInText(error?.message ?? ''), failed: Boolean(error) };
}

let form: CreatePullRequestPanel | undefined;
let typed: CreateForm;
const create: MatrixAction = {
  name: 'create pull request',
  target: 'POST pullRequests (branches, checks and the lookup for an existing one work)',
  scope: { method: 'POST', pathRegex: '/pull[Rr]equests$' },
  expect: { 404: /not found \(404\)/ },
  mayRecover: ['malformed JSON'],
  async prepare(api) {
    await abandonActive(BRANCH);
    if (!form) {
      form = await vscode.commands.executeCommand<CreatePullRequestPanel>('azureDevOps.createPullRequest', { rootUri: clone.repo.rootUri });
      await waitFor(() => lastPosted(form!, 'init'), 'the create form to be ready', 60_000);
    }
    const init = lastPosted(form, 'init')!;
    typed = { ...structuredClone(init.form), sourceBranch: BRANCH, title: `Typed title ${++counter}`, description: 'Typed **by hand**', labels: ['matrix'] };
    await form.channel.receive({ type: 'formChanged', form: typed });
    api.setPrompter(new ScriptedPrompter([]));
  },
  async run(api) {
    const before = form!.channel.posted.length;
    await form!.channel.receive({ type: 'submit', form: typed });
    const result = form!.channel.posted.slice(before).find((m) => m.type === 'created' || m.type === 'failed');
    const message = result?.type === 'failed' ? result.message : '';
    const kept = JSON.stringify(form!.form) === JSON.stringify(typed) ? undefined : 'the form lost what was typed';
    const draft = result?.type === 'failed' && JSON.stringify(api.deps.pullRequests.drafts.get(form!.draftKey(typed))) !== JSON.stringify(typed) ? 'the draft is not what was typed' : undefined;
    return { message, nextSteps: stepsInText(message), succeeded: result?.type === 'created', halfDone: kept ?? draft };
  },
  async check(_api, outcome) {
    const active = (await listPullRequests(alice(), ORG, PROJECT, REPO, 'searchCriteria.status=active')).filter((p) => p.sourceRefName === `refs/heads/${BRANCH}`);
    if (active.length > 0 && !outcome.succeeded && !MAY_HAVE.test(outcome.message)) return 'a pull request was created although the form said it failed';
    return undefined;
  },
};

let votePanel: PullRequestPanel | undefined;
let voteId = 0;
const castVote: MatrixAction = {
  name: 'vote',
  target: 'PUT reviewers/{me} (the page loads)',
  scope: { method: 'PUT', pathRegex: '/reviewers/[^/]+$' },
  expect: { 404: /not found \(404\)/ },
  mayRecover: ['malformed JSON'],
  async prepare() {
    await vote(alice(), ORG, PROJECT, REPO, voteId, aliceId, 0);
    votePanel ??= await openDetails(voteId);
    await votePanel.reload();
    assert.equal(stateOf(votePanel)?.myVote, 0);
  },
  async run() {
    const result = await detailsAction(votePanel!, { type: 'vote', vote: 10 });
    return { ...result, succeeded: !result.failed && stateOf(votePanel!)?.myVote === 10 };
  },
  async check(_api, outcome) {
    const onServer = (await getPullRequest(alice(), ORG, PROJECT, REPO, voteId)).reviewers.find((r) => r.id === aliceId)?.vote ?? 0;
    if (onServer === 10 && !outcome.succeeded && !MAY_HAVE.test(outcome.message)) return 'the vote reached the service although the page said it failed';
    return undefined;
  },
};

let completePanel: PullRequestPanel | undefined;
let completeId = 0;
const complete: MatrixAction = {
  name: 'complete',
  target: 'PATCH pullRequests/{id} (the page loads)',
  scope: { method: 'PATCH', pathRegex: '/pull[Rr]equests/\\d+$' },
  expect: { 404: /not found \(404\)/ },
  mayRecover: ['malformed JSON'],
  async prepare(api) {
    const branch = `fault-matrix-complete-${Date.now().toString(36)}-${++counter}`;
    const main = await headOf(alice(), ORG, PROJECT, REPO, 'main');
    await pushBranch(alice(), ORG, PROJECT, REPO, branch, main, { [`matrix/${branch}.txt`]: `${branch}\n` }, `Add ${branch}`);
    completeId = (await createPullRequest(bob(), ORG, PROJECT, REPO, { sourceRefName: `refs/heads/${branch}`, targetRefName: 'refs/heads/main', title: `Complete ${branch}` })).pullRequestId;
    completePanel = await openDetails(completeId);
    api.setPrompter(new ScriptedPrompter([{ warning: 'Complete' }]));
  },
  async run() {
    const result = await detailsAction(completePanel!, { type: 'complete', options: { mergeStrategy: 'squash', deleteSourceBranch: false, transitionWorkItems: false } });
    return { ...result, succeeded: !result.failed && stateOf(completePanel!)?.status === 'completed' };
  },
  async check(_api, outcome) {
    const status = (await getPullRequest(alice(), ORG, PROJECT, REPO, completeId)).status;
    if (status === 'completed' && !outcome.succeeded && !MAY_HAVE.test(outcome.message)) return 'the pull request was completed although the page said it failed';
    return undefined;
  },
  async cleanup() {
    completePanel?.panel.dispose();
    const pr = await getPullRequest(alice(), ORG, PROJECT, REPO, completeId);
    if (pr.status === 'active') await rest('PATCH', prPath(completeId), alice(), { status: 'abandoned' });
  },
};

faultMatrix('Fault matrix: pull requests', [create, castVote, complete], {
  async before(api: TestingApi) {
    await control.reset(); // from the seed; the cells complete pull requests into main, so `after` resets again
    const repo = await rest<{ id: string; project: { id: string } }>('GET', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}`, alice());
    repoId = repo.body.id;
    projectId = repo.body.project.id;
    aliceId = await identityId(alice(), ORG, 'alice');
    api.setPrompter(new ScriptedPrompter([{ input: ORG }, { input: orgToken(ORG) }]));
    assert.ok(await vscode.commands.executeCommand('azureDevOps.signIn'));
    clone = await cloneAndOpen(ORG, PROJECT, REPO, alice());
    await commitOnNewBranch(clone.dir, BRANCH, 'src/matrix.ts', 'export const matrix = true;\n', 'Add the matrix');
    await git(clone.dir, ['push', '-q', '-u', 'origin', BRANCH]);
    await waitFor(() => clone.repo.state.HEAD?.name === BRANCH && clone.repo.state.HEAD.upstream, 'the Git extension to see the pushed branch');
    const main = await headOf(alice(), ORG, PROJECT, REPO, 'main');
    await pushBranch(alice(), ORG, PROJECT, REPO, 'fault-matrix-vote', main, { 'matrix/vote.txt': 'vote\n' }, 'Add a file to vote on');
    voteId = (await createPullRequest(bob(), ORG, PROJECT, REPO, { sourceRefName: 'refs/heads/fault-matrix-vote', targetRefName: 'refs/heads/main', title: 'Vote on me' })).pullRequestId;
  },
  async after() {
    form?.panel.dispose();
    votePanel?.panel.dispose();
    await abandonActive(BRANCH);
    await rest('PATCH', prPath(voteId), alice(), { status: 'abandoned' });
    await removeClones();
    await control.reset();
  },
});
