import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AddedRemote } from '../../src/commands/addRemote';
import type { API } from '../../src/git/git';
import type { TestingApi } from '../../src/testing';
import { cleanSlate, control, emulator, extensionApi, orgToken, signIn, signOutEverywhere, waitFor } from './support/env';
import { cleanUpRepos, cloneRepo, createRepo, emulatorGet, git, gitApi, openRepo, provideCredentials } from './support/gitRepos';
import { ScriptedPrompter, type Step } from './support/prompter';
import type { PickItem } from '../../src/ui/prompter';

function item(predicate: (i: PickItem<unknown>) => boolean, what: string) {
  return (items: PickItem<unknown>[]): unknown => {
    const found = items.find(predicate);
    assert.ok(found, `no pick item ${what} in ${JSON.stringify(items.map((i) => `${i.label} | ${i.description ?? ''}`))}`);
    return found.value;
  };
}

const repoItem = (name: string, where: string): Step => ({ pick: item((i) => i.label.endsWith(` ${name}`) && i.description === where, `${name} (${where})`) });

describe('Remotes and forks (Add Remote, fork-and-push)', function () {
  let api: TestingApi;
  let gitExt: API;
  const emu = emulator();
  const alphaToken = () => orgToken('alpha');
  const webApp = () => `${emu.url}/alpha/Web/_git/web-app`;

  before(async () => {
    api = await extensionApi();
    gitExt = await gitApi();
  });
  beforeEach(async () => {
    await cleanSlate(api);
    await signIn(api, 'alpha');
  });
  after(async () => {
    await signOutEverywhere(api);
    await cleanUpRepos(gitExt);
    await control.reset();
  });

  it('adds a repository picked from the signed-in organizations, and git fetches through it', async () => {
    const repo = await openRepo(gitExt, createRepo('add-picked'));
    const prompter = new ScriptedPrompter([repoItem('web-app', 'alpha / Web'), { pick: item((i) => /The repository itself/.test(i.detail ?? ''), 'itself') }, { input: (o) => o.value }]);
    api.setPrompter(prompter);
    const added = await vscode.commands.executeCommand<AddedRemote>('azureDevOps.addRemote', { rootUri: repo.rootUri });
    assert.equal(added?.name, 'origin', 'with no remote yet, the name offered is origin');
    assert.equal(added.url, webApp());
    await waitFor(() => repo.state.remotes.find((r) => r.name === 'origin')?.fetchUrl === webApp(), 'the new remote in the Git extension');
    assert.equal(git(repo.rootUri.fsPath, ['remote', 'get-url', 'origin']).trim(), webApp());
    assert.match(prompter.of('info').at(-1)?.text ?? '', /Added the remote origin/);
    const credentials = provideCredentials(gitExt, alphaToken());
    try {
      await repo.fetch('origin');
    } finally {
      credentials.dispose();
    }
    await waitFor(async () => (await repo.getRefs({ pattern: 'refs/remotes/origin/main' })).length === 1, 'origin/main after the fetch');
  });

  it('adds one of the repository\'s forks', async () => {
    const repo = await openRepo(gitExt, createRepo('add-fork', { origin: webApp() }));
    api.setPrompter(new ScriptedPrompter([
      repoItem('web-app', 'alpha / Web'),
      { pick: item((i) => i.label.endsWith(' web-app-fork') && /Fork of web-app/.test(i.detail ?? ''), 'the fork web-app-fork') },
      { input: (o) => { assert.equal(o.value, 'fork', 'a fork is offered as "fork" when origin exists'); return o.value; } },
    ]));
    const added = await vscode.commands.executeCommand<AddedRemote>('azureDevOps.addRemote', { rootUri: repo.rootUri });
    assert.equal(added?.url, `${emu.url}/alpha/Web/_git/web-app-fork`);
    await waitFor(() => repo.state.remotes.find((r) => r.name === 'fork')?.fetchUrl === added.url, 'the fork remote');
  });

  it('refuses a remote name that exists with a clear message, and keeps what was typed when git refuses it', async () => {
    const dir = createRepo('add-existing', { origin: 'https://example.com/other.git' });
    const repo = await openRepo(gitExt, dir);
    const prompter = new ScriptedPrompter([
      repoItem('scripts', 'alpha / Tools'),
      { pick: item((i) => /The repository itself/.test(i.detail ?? ''), 'itself') },
      { input: 'origin' },
      // Added behind the Git extension's back just before the answer: the box accepts it, git refuses it.
      { input: () => { git(dir, ['remote', 'add', 'late', 'https://example.com/late.git']); return 'late'; } },
      { input: (o) => { assert.equal(o.value, 'late', 'the box opens again with what was typed'); return 'tools'; } },
    ]);
    api.setPrompter(prompter);
    const added = await vscode.commands.executeCommand<AddedRemote>('azureDevOps.addRemote', repo.rootUri);
    const refusal = prompter.of('validation')[0];
    assert.equal(refusal?.answer, 'origin');
    assert.match(refusal?.text ?? '', /A remote named "origin" already exists in add-existing \(https:\/\/example\.com\/other\.git\)\. Choose another name\./);
    assert.match(prompter.of('error')[0]?.text ?? '', /A remote named "late" already exists in add-existing\. Choose another name\./);
    assert.equal(added?.name, 'tools');
    assert.equal(git(dir, ['remote', 'get-url', 'origin']).trim(), 'https://example.com/other.git', 'origin is untouched');
    assert.equal(git(dir, ['remote', 'get-url', 'tools']).trim(), `${emu.url}/alpha/Tools/_git/scripts`);
  });

  it('creates a fork into a chosen project and adds it; the service shows the fork with its parent', async () => {
    const repo = await openRepo(gitExt, createRepo('add-new-fork', { origin: webApp() }));
    const prompter = new ScriptedPrompter([
      repoItem('web-app', 'alpha / Web'),
      { pick: item((i) => /Create a Fork/.test(i.label), 'Create a Fork…') },
      { pick: item((i) => i.label.endsWith(' Tools'), 'project Tools') },
      { input: (o) => { assert.equal(o.value, 'web-app', 'Tools has no web-app: the parent\'s name is offered'); return 'web-app-tools'; } },
      { input: 'mine' },
    ]);
    api.setPrompter(prompter);
    const added = await vscode.commands.executeCommand<AddedRemote>('azureDevOps.addRemote', { rootUri: repo.rootUri });
    assert.equal(added?.url, `${emu.url}/alpha/Tools/_git/web-app-tools`);
    const fork = await emulatorGet<{ isFork: boolean; parentRepository?: { name: string; project?: { name: string } } }>(
      `${emu.url}/alpha/Tools/_apis/git/repositories/web-app-tools`, alphaToken());
    assert.equal(fork.isFork, true);
    assert.equal(fork.parentRepository?.name, 'web-app');
    assert.equal(fork.parentRepository?.project?.name, 'Web');
    await waitFor(() => repo.state.remotes.some((r) => r.name === 'mine' && r.fetchUrl === added.url), 'the remote of the new fork');
    // The new fork refuses a second fork with its name: the name box says so before anything is sent.
    const again = new ScriptedPrompter([
      repoItem('web-app', 'alpha / Web'), { pick: item((i) => /Create a Fork/.test(i.label), 'Create a Fork…') },
      { pick: item((i) => i.label.endsWith(' Tools'), 'project Tools') }, { input: 'web-app-tools' },
    ]);
    api.setPrompter(again);
    await waitFor(async () => {
      const state = await api.deps.catalog.load(api.deps.accounts.list()[0]!.key);
      return state.status === 'loaded' && [...state.data.repositories.values()].flat().some((r) => r.name === 'web-app-tools');
    }, 'the catalog to know the new fork');
    assert.equal(await vscode.commands.executeCommand('azureDevOps.addRemote', { rootUri: repo.rootUri }), undefined);
    assert.match(again.of('validation')[0]?.text ?? '', /already has a repository named web-app-tools/);
  });

  it('a push refused for lack of permission offers to fork; the push then lands on the fork', async () => {
    await control.call('PUT', 'organizations/alpha/repositories/Web/web-app/contribute', { user: 'alice', allowed: false });
    const dir = cloneRepo(webApp(), 'denied-push', alphaToken());
    fs.writeFileSync(path.join(dir, 'change.txt'), 'a change alice may not push\n');
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'Change for the fork']);
    const head = git(dir, ['rev-parse', 'HEAD']).trim();
    const repo = await openRepo(gitExt, dir);
    await waitFor(() => repo.state.HEAD?.commit === head, 'the Git extension to see the new commit');
    const credentials = provideCredentials(gitExt, alphaToken());
    // Declined: the push stays failed with git's own refusal, and nothing is created.
    const declined = new ScriptedPrompter([{ warning: undefined }]);
    api.setPrompter(declined);
    await assert.rejects(repo.push('origin', 'main'), (err: unknown) => /TF401027/.test(String((err as { stderr?: string }).stderr)));
    assert.equal(declined.of('warning').length, 1);
    assert.ok(!repo.state.remotes.some((r) => r.name === 'fork'));
    const prompter = new ScriptedPrompter([
      { warning: 'Fork and Push' },
      { pick: item((i) => /Create a Fork/.test(i.label), 'Create a Fork…') },
      { pick: item((i) => i.label.endsWith(' Tools'), 'project Tools') },
      { input: 'web-app-alice' },
    ]);
    api.setPrompter(prompter);
    try {
      await repo.push('origin', 'main');
    } finally {
      credentials.dispose();
    }
    const warning = prompter.of('warning')[0];
    assert.match(warning?.text ?? '', /Azure DevOps refused the push to origin: you may read Web\/web-app but not contribute to it/);
    assert.deepEqual(warning?.actions, ['Fork and Push']);
    const forkUrl = `${emu.url}/alpha/Tools/_git/web-app-alice`;
    await waitFor(() => repo.state.remotes.find((r) => r.name === 'fork')?.fetchUrl === forkUrl, 'the fork added as remote "fork"');
    const refs = await emulatorGet<{ value: { name: string; objectId: string }[] }>(
      `${emu.url}/alpha/Tools/_apis/git/repositories/web-app-alice/refs?filter=heads%2Fmain`, alphaToken());
    assert.equal(refs.value[0]?.objectId, head, 'the fork has the pushed commit');
    const parentRefs = await emulatorGet<{ value: { objectId: string }[] }>(`${emu.url}/alpha/Web/_apis/git/repositories/web-app/refs?filter=heads%2Fmain`, alphaToken());
    assert.notEqual(parentRefs.value[0]?.objectId, head, 'the refused repository did not change');
    await waitFor(() => repo.state.HEAD?.upstream?.remote === 'fork', 'main to track the fork');
    assert.match(prompter.of('info').at(-1)?.text ?? '', /Pushed main to your fork web-app-alice \(remote fork\)/);
  });

  it('leaves other push failures to the Git extension', async () => {
    const handler = api.git.pushErrorHandler;
    const dir = createRepo('other-failure', { origin: webApp() });
    const repo = await openRepo(gitExt, dir);
    const remote = repo.state.remotes[0]!;
    const rejected = Object.assign(new Error('Failed to execute git'), { gitErrorCode: 'PushRejected', stderr: ' ! [rejected] main -> main (fetch first)\nerror: failed to push some refs to' });
    const prompter = new ScriptedPrompter([]);
    api.setPrompter(prompter);
    assert.equal(await handler.handlePushError(repo, remote, 'main', rejected), false);
    const github = { ...remote, name: 'gh', fetchUrl: 'https://github.com/a/b.git', pushUrl: 'https://github.com/a/b.git' };
    const denied = Object.assign(new Error('Failed to execute git'), { gitErrorCode: 'PermissionDenied', stderr: 'remote: Permission denied' });
    assert.equal(await handler.handlePushError(repo, github, 'main', denied), false);
    assert.equal(prompter.calls.length, 0, 'nothing was asked');
  });
});
