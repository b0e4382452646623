import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';
import type { CreateForm, ToWebview } from '../../src/webviews/createPullRequest/messages';
import type { CreatePullRequestPanel } from '../../src/webviews/createPullRequest/panel';
import { control, emulator, extensionApi, orgToken, signOutEverywhere, waitFor } from './support/env';
import { cloneAndOpen, commitOnNewBranch, git, removeClones, type Clone } from './support/prGit';
import { lastPosted } from './support/posted';
import { ScriptedPrompter } from './support/prompter';
import { identityId, listPullRequests, pushBranch, rest, type RawPullRequest } from './support/rest';

const ORG = 'alpha';
const PROJECT = 'Web';
const REPO = 'web-app';

describe('Pull requests: create', function () {
  this.timeout(90_000);
  let api: TestingApi;
  let clone: Clone;
  const alice = () => emulator().pat;

  async function openForm(...args: unknown[]): Promise<{ panel: CreatePullRequestPanel; form: CreateForm; init: Extract<ToWebview, { type: 'init' }> }> {
    const before = api.deps.pullRequests.create.current?.channel.posted.length ?? 0;
    const panel = await vscode.commands.executeCommand<CreatePullRequestPanel>('azureDevOps.createPullRequest', ...args);
    assert.ok(panel, 'the create form opened');
    const init = await waitFor(() => lastPosted(panel, 'init', panel === api.deps.pullRequests.create.current && before <= panel.channel.posted.length ? before : 0),
      `the form to be ready (posted so far: ${panel.channel.posted.map((m) => m.type).join(', ') || 'nothing'})`, 60_000);
    return { panel, form: structuredClone(init.form), init };
  }

  async function submit(panel: CreatePullRequestPanel, form: CreateForm): Promise<Extract<ToWebview, { type: 'created' | 'failed' }>> {
    const before = panel.channel.posted.length;
    await panel.channel.receive({ type: 'submit', form });
    const result = panel.channel.posted.slice(before).find((m): m is Extract<ToWebview, { type: 'created' | 'failed' }> => m.type === 'created' || m.type === 'failed');
    assert.ok(result, 'the form got an answer');
    return result;
  }

  const scm = () => ({ rootUri: clone.repo.rootUri });

  before(async () => {
    api = await extensionApi();
    await signOutEverywhere(api);
    await control.reset();
    api.setPrompter(new ScriptedPrompter([{ input: ORG }, { input: orgToken(ORG) }]));
    assert.ok(await vscode.commands.executeCommand('azureDevOps.signIn'));
    clone = await cloneAndOpen(ORG, PROJECT, REPO, alice());
    await commitOnNewBranch(clone.dir, 'feature/create-form', 'src/form.ts', 'export const form = true;\n', 'Add the create form\n\nIt asks for a title and reviewers.');
    await waitFor(() => clone.repo.state.HEAD?.name === 'feature/create-form', 'the Git extension to see the new branch');
  });
  after(async () => {
    api.deps.pullRequests.create.current?.panel.dispose();
    await signOutEverywhere(api);
    await removeClones();
    await control.reset();
  });

  it('prefills from the current branch and its commit, and asks to push a branch that is not published', async () => {
    const { panel, form, init } = await openForm(scm());
    assert.equal(form.sourceBranch, 'feature/create-form');
    assert.equal(form.targetBranch, 'main');
    assert.equal(form.title, 'Add the create form');
    assert.equal(form.description, 'It asks for a title and reviewers.');
    assert.match(init.context.pushNeeded ?? '', /not published/);
    const refused = await submit(panel, { ...form, title: 'Edited title' });
    assert.equal(refused.type, 'failed');
    assert.match(refused.type === 'failed' ? refused.message : '', /push it first/);
    assert.equal(refused.type === 'failed' && refused.canPush, true);
    assert.equal(panel.form?.title, 'Edited title', 'the form keeps what was typed');
    await panel.channel.receive({ type: 'push' });
    const pushed = await rest<{ value: unknown[] }>('GET', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}/refs?filter=heads/feature/create-form`, alice());
    assert.equal(pushed.body.value.length, 1, 'the branch reached the service');
    await waitFor(() => lastPosted(panel, 'context') && !lastPosted(panel, 'context')?.context.pushNeeded, 'the push warning to go');
  });

  it('finds reviewers and work items as the user types, creates with them, and sets auto-complete', async () => {
    const { panel, form } = await openForm(scm());
    await panel.channel.receive({ type: 'searchReviewers', query: 'bob' });
    const bob = lastPosted(panel, 'identities')?.results[0];
    assert.equal(bob?.displayName, 'Bob Builder');
    await panel.channel.receive({ type: 'searchReviewers', query: 'web' });
    const team = lastPosted(panel, 'identities')?.results.find((r) => r.isGroup);
    assert.equal(team?.displayName, '[Web]\\Web Team');
    await panel.channel.receive({ type: 'searchWorkItems', query: 'blank' });
    const item = lastPosted(panel, 'workItems')?.results[0];
    assert.deepEqual(item && [item.id, item.type], [101, 'Bug']);
    const filled: CreateForm = {
      ...form, title: 'Create form', description: 'With **reviewers**.', reviewers: [{ ...bob!, isRequired: true }, { ...team!, isRequired: false }],
      workItems: [item!], labels: ['ui'], autoComplete: true, mergeStrategy: 'squash', deleteSourceBranch: true, transitionWorkItems: true,
    };
    await panel.channel.receive({ type: 'formChanged', form: filled });
    const result = await submit(panel, filled);
    assert.equal(result.type, 'created', JSON.stringify(result));
    const created = result as Extract<ToWebview, { type: 'created' }>;
    assert.equal(created.webUrl, `${emulator().url}/${ORG}/${PROJECT}/_git/${REPO}/pullrequest/${created.id}`);
    const pr = (await rest<RawPullRequest>('GET', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}/pullrequests/${created.id}?includeWorkItemRefs=true`, alice())).body;
    assert.equal(pr.title, 'Create form');
    assert.equal(pr.description, 'With **reviewers**.');
    assert.equal(pr.sourceRefName, 'refs/heads/feature/create-form');
    assert.deepEqual(pr.reviewers.map((r) => [r.displayName, r.isRequired === true]), [['Bob Builder', true], ['[Web]\\Web Team', false]]);
    assert.deepEqual(pr.workItemRefs?.map((w) => w.id), ['101']);
    assert.deepEqual(pr.labels?.map((l) => l.name), ['ui']);
    assert.equal(pr.autoCompleteSetBy?.id, await identityId(alice(), ORG, 'alice'));
    assert.deepEqual(pr.completionOptions, { mergeStrategy: 'squash', deleteSourceBranch: true, transitionWorkItems: true });
    assert.equal(api.deps.pullRequests.drafts.get(panel.draftKey(filled)), undefined, 'the draft is gone once created');
  });

  it('refuses what cannot be created: an existing pull request (offered), the same branch, nothing to merge', async () => {
    const { panel, form } = await openForm(scm());
    const existing = await submit(panel, form);
    assert.equal(existing.type, 'failed');
    const dup = existing as Extract<ToWebview, { type: 'failed' }>;
    assert.match(dup.message, /already merges feature\/create-form into main/);
    assert.ok(dup.existing?.id);
    const same = await submit(panel, { ...form, targetBranch: 'feature/create-form' });
    assert.match(same.type === 'failed' ? same.message : '', /both feature\/create-form/);
    const nothing = await submit(panel, { ...form, sourceBranch: 'release/1.0' });
    assert.match(nothing.type === 'failed' ? nothing.message : '', /Nothing to merge: release\/1\.0/);
    assert.equal((await listPullRequests(alice(), ORG, PROJECT, REPO)).length, 1, 'nothing else was created');
  });

  it('keeps the form when the service fails, shows its reason, and keeps a draft across closing and reopening', async () => {
    await git(clone.dir, ['checkout', '-q', '-b', 'feature/second', 'origin/main']);
    await git(clone.dir, ['commit', '-q', '--allow-empty', '-m', 'First step']);
    await git(clone.dir, ['commit', '-q', '--allow-empty', '-m', 'Second step']);
    await git(clone.dir, ['push', '-q', '-u', 'origin', 'feature/second']);
    await waitFor(() => clone.repo.state.HEAD?.name === 'feature/second' && clone.repo.state.HEAD.upstream, 'the Git extension to see the pushed branch');
    let { panel, form } = await openForm(scm());
    assert.equal(form.title, 'Second');
    assert.equal(form.description, '- First step\n- Second step');
    const typed = { ...form, title: 'My own title', description: 'Typed by hand' };
    await panel.channel.receive({ type: 'formChanged', form: typed });
    await control.addFault({ method: 'POST', pathRegex: '/pull[Rr]equests$', fault: 'status', status: 400, body: { $id: '1', innerException: null, message: 'TF401999: The service refused it for a test.', typeName: 'X', typeKey: 'X', errorCode: 0, eventId: 3000 } });
    try {
      const failed = await submit(panel, typed);
      assert.equal(failed.type, 'failed');
      assert.match(failed.type === 'failed' ? failed.message : '', /TF401999: The service refused it for a test/);
      assert.deepEqual(panel.form, typed, 'the form stays as the user left it');

      // A refused token: its next steps come as buttons; only those offered run (the form's own button retries).
      await control.clearFaults();
      await control.addFault({ method: 'POST', pathRegex: '/pull[Rr]equests$', fault: 'status', status: 401 });
      const refused = await submit(panel, typed);
      assert.equal(refused.type, 'failed');
      const steps = refused.type === 'failed' ? refused.steps : undefined;
      assert.deepEqual(steps?.map((st) => [st.step, st.label]), [['enterToken', 'Enter Token Again'], ['createToken', 'Create Token…']]);
      const opened: string[] = [];
      api.setOpenExternal(async (url) => { opened.push(url); return true; });
      await panel.channel.receive({ type: 'step', step: 'retry' });
      await panel.channel.receive({ type: 'step', step: 'openSettings' });
      assert.deepEqual(opened, [], 'steps the form did not offer do nothing');
      await panel.channel.receive({ type: 'step', step: 'createToken' });
      assert.deepEqual(opened, [`${emulator().url}/${ORG}/_usersSettings/tokens`]);
      assert.deepEqual(panel.form, typed, 'the form is still as typed');
    } finally {
      api.setOpenExternal(undefined);
      await control.clearFaults();
    }
    panel.panel.dispose();
    ({ panel, form } = await openForm(scm()));
    assert.equal(form.title, 'My own title');
    assert.equal(lastPosted(panel, 'init')?.context.restored, true);
    await panel.channel.receive({ type: 'startOver' });
    const fresh = await waitFor(() => lastPosted(panel, 'init') && lastPosted(panel, 'init')!.form.title === 'Second' ? lastPosted(panel, 'init') : undefined, 'the prefilled form again');
    assert.equal(fresh.context.restored, false);
  });

  it('takes the description from the repository\'s pull request template', async () => {
    const main = (await rest<{ value: { objectId: string }[] }>('GET', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}/refs?filter=heads/main`, alice())).body.value[0].objectId;
    const push = await rest('POST', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}/pushes`, alice(), {
      refUpdates: [{ name: 'refs/heads/main', oldObjectId: main }],
      commits: [{ comment: 'Add a template', changes: [{ changeType: 'add', item: { path: '/.azuredevops/pull_request_template.md' }, newContent: { content: '## What changed\n\n## How it was tested\n', contentType: 'rawtext' } }] }],
    });
    assert.equal(push.status, 201);
    api.deps.pullRequests.create.current?.panel.dispose();
    await api.deps.pullRequests.drafts.delete(`${emulator().url}/${ORG}`.toLowerCase() + '|x|y');
    const { panel } = await openForm(scm());
    await panel.channel.receive({ type: 'startOver' });
    const init = await waitFor(() => lastPosted(panel, 'init')?.context.template ? lastPosted(panel, 'init') : undefined, 'a form from the template');
    assert.equal(init.context.template, '/.azuredevops/pull_request_template.md');
    assert.equal(init.form.description, '## What changed\n\n## How it was tested\n');
  });

  it('opens from a repository of the Azure DevOps tree without a clone: branches come from the service', async () => {
    const tools = await rest<{ value: { objectId: string }[] }>('GET', `${ORG}/Tools/_apis/git/repositories/scripts/refs?filter=heads/main`, alice());
    await pushBranch(alice(), ORG, 'Tools', 'scripts', 'docs/tweak', tools.body.value[0].objectId, { 'docs/tweak.md': 'tweak\n' }, 'Tweak the docs');
    const [org] = await api.treeChildren();
    const project = (await api.treeChildren(org.node)).find((r) => r.label === 'Tools');
    assert.ok(project);
    const repo = (await api.treeChildren(project.node)).find((r) => r.label === 'scripts');
    assert.ok(repo);
    const { form, init } = await openForm(repo.node);
    assert.deepEqual(init.context.sourceRepository.branches, ['docs/tweak', 'main']);
    assert.equal(init.context.pushNeeded, undefined);
    assert.equal(form.sourceBranch, 'docs/tweak');
    assert.equal(form.targetBranch, 'main');
    assert.equal(form.title, 'Tweak', 'without a clone the title comes from the branch name');
  });

  it('creates from a fork into its parent, and opens on a branch of the Source Control graph', async () => {
    const [org] = await api.treeChildren();
    const web = (await api.treeChildren(org.node)).find((r) => r.label === PROJECT);
    const forkRow = (await api.treeChildren(web!.node)).find((r) => r.label === 'web-app-fork');
    assert.ok(forkRow);
    const forkMain = (await rest<{ value: { objectId: string }[] }>('GET', `${ORG}/${PROJECT}/_apis/git/repositories/web-app-fork/refs?filter=heads/main`, alice())).body.value[0].objectId;
    await pushBranch(alice(), ORG, PROJECT, 'web-app-fork', 'from-fork', forkMain, { 'src/fork.ts': 'export const fork = 1;\n' }, 'Work in the fork');
    const { panel, form, init } = await openForm(forkRow.node);
    assert.deepEqual(init.context.targetRepositories.map((r) => r.label), ['Web/web-app-fork', 'Web/web-app'], 'the fork and its parent');
    const parent = init.context.targetRepositories[1];
    const result = await submit(panel, { ...form, sourceBranch: 'from-fork', targetRepositoryId: parent.id, targetBranch: 'main', title: 'From the fork' });
    assert.equal(result.type, 'created', JSON.stringify(result));
    const created = result as Extract<ToWebview, { type: 'created' }>;
    const pr = (await rest<RawPullRequest & { forkSource?: { repository: { name: string } } }>('GET', `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}/pullrequests/${created.id}`, alice())).body;
    assert.equal(pr.forkSource?.repository.name, 'web-app-fork');
    assert.equal(pr.sourceRefName, 'refs/heads/from-fork');

    const graph = await openForm(scm(), { id: 'refs/heads/feature/create-form', name: 'feature/create-form', revision: 'x' });
    assert.equal(graph.form.sourceBranch, 'feature/create-form', 'the branch chosen in the graph is the source');
  });
});
