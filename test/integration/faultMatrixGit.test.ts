// The fault matrix, repository actions: clone, add remote, create repository and publish, each against every fault.
// Besides the message, each cell checks the disk (no clone folder, no remote left) and the service (no repository
// created without the user knowing), and that the name typed for a new repository is offered again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CloneResult } from '../../src/commands/cloneRepository';
import type { RepositoryInfo } from '../../src/azdo/types';
import type { API, Repository } from '../../src/git/git';
import type { AddedRemote } from '../../src/commands/addRemote';
import type { TestingApi, TreeRow } from '../../src/testing';
import { emulator, scratchDir, signIn, signOutEverywhere, waitFor } from './support/env';
import { faultMatrix, type MatrixAction, type Outcome } from './support/faults';
import { git, localRepository, openRepository, repositoryRow } from './support/git';
import { ScriptedPrompter, type Step } from './support/prompter';
import { rest } from './support/rest';

const ORG = emulator().organizations[0];
const REPOSITORIES = /^\/[^/]+\/[^/]+\/_apis\/git\/repositories$/.source;
/** Says that the repository may exist after all (an answer that never arrived or could not be read). */
const MAY_EXIST = /may have been created|did not confirm/;
let dir: string;
let gitApi: API;
let counter = 0;
const unique = (base: string) => `${base}-${Date.now().toString(36)}-${++counter}`;

async function ensureSignedIn(api: TestingApi): Promise<void> {
  if (api.deps.accounts.list().some((a) => a.name === ORG)) return;
  await signOutEverywhere(api);
  await signIn(api, ORG);
}

function firstMessage(prompter: ScriptedPrompter): { message: string; nextSteps: string[] } {
  const shown = prompter.calls.find((c) => c.kind === 'error' || (c.kind === 'warning' && c.actions?.length));
  return { message: shown ? [shown.text, shown.detail].filter(Boolean).join(' ') : '', nextSteps: shown?.actions ?? [] };
}

async function repositoryOnServer(project: string, name: string): Promise<{ id: string } | undefined> {
  const res = await rest<{ value: { id: string; name: string }[] }>('GET', `${ORG}/${encodeURIComponent(project)}/_apis/git/repositories?api-version=7.1`, emulator().pat);
  return res.body.value.find((r) => r.name === name);
}

async function deleteOnServer(project: string, name: string): Promise<void> {
  const repo = await repositoryOnServer(project, name);
  if (repo) await rest('DELETE', `${ORG}/${encodeURIComponent(project)}/_apis/git/repositories/${repo.id}?api-version=7.1`, emulator().pat);
}

const remotesOf = (folder: string) => git(folder, ['remote']).split('\n').filter(Boolean);

let cloneRow: TreeRow;
let cloneTarget = '';
const clone: MatrixAction = {
  name: 'clone',
  target: 'the access check before git runs (GET repositories of the project)',
  scope: { method: 'GET', pathRegex: REPOSITORIES },
  expect: { 404: /has no project "Web" that you can see/ },
  async prepare(api) {
    await ensureSignedIn(api);
    if (!cloneRow) {
      api.deps.catalog.invalidate();
      cloneRow = await repositoryRow(api, ORG, 'Web', 'web-app');
    }
    cloneTarget = path.join(dir, unique('clone'));
    fs.mkdirSync(cloneTarget);
  },
  async run(api) {
    const prompter = new ScriptedPrompter([]);
    api.setPrompter(prompter);
    const result = await vscode.commands.executeCommand<CloneResult>('azureDevOps.cloneRepository', cloneRow.node, { parentPath: cloneTarget });
    const cloned = fs.existsSync(path.join(cloneTarget, 'web-app', '.git'));
    return { ...firstMessage(prompter), succeeded: result.kind === 'cloning' && cloned };
  },
  async check(_api, outcome) {
    const left = fs.readdirSync(cloneTarget);
    return !outcome.succeeded && left.length > 0 ? `left in the clone folder: ${left.join(', ')}` : undefined;
  },
  async cleanup() { fs.rmSync(cloneTarget, { recursive: true, force: true }); },
};

let remoteTarget: { folder: string; repository: Repository } | undefined;
const addRemote: MatrixAction = {
  name: 'add remote',
  target: 'every request of the organization (the repository lookup)',
  async prepare(api) {
    await ensureSignedIn(api);
    if (!remoteTarget) {
      const folder = localRepository(dir, 'add-remote-target');
      remoteTarget = { folder, repository: (await openRepository(gitApi, folder)).repository };
    }
    api.deps.catalog.invalidate(); // the repositories are looked up again, through the fault
  },
  async run(api) {
    const prompter = new ScriptedPrompter([
      { pick: (items) => items.find((i) => /\bweb-app$/.test(i.label))?.value },
      { pick: (items) => items[0].value },
      { input: (o) => o.value },
    ]);
    api.setPrompter(prompter);
    const added = await vscode.commands.executeCommand<AddedRemote | undefined>('azureDevOps.addRemote', remoteTarget!.repository.rootUri);
    return { ...firstMessage(prompter), succeeded: Boolean(added) };
  },
  async check(_api, outcome) {
    const remotes = remotesOf(remoteTarget!.folder);
    return !outcome.succeeded && remotes.length > 0 ? `a remote was added although the lookup failed: ${remotes.join(', ')}` : undefined;
  },
  async cleanup() {
    for (const remote of remotesOf(remoteTarget!.folder)) git(remoteTarget!.folder, ['remote', 'remove', remote]);
    await waitFor(() => remoteTarget!.repository.state.remotes.length === 0, 'the Git extension to see the remote gone');
  },
};

let toolsRow: TreeRow | undefined;
let typedName = '';
const createRepository: MatrixAction = {
  name: 'create repository',
  target: 'POST repositories (the lookups before it work)',
  scope: { method: 'POST', pathRegex: REPOSITORIES },
  expect: { 409: /already has a repository named/, 404: /not found \(404\)/ },
  mayRecover: ['malformed JSON'],
  async prepare(api) {
    await ensureSignedIn(api);
    if (!toolsRow) {
      api.deps.catalog.invalidate(); // whatever a faulted cell before left, the tree loads again
      const orgRow = (await api.treeChildren()).find((r) => r.label === ORG)!;
      toolsRow = (await api.treeChildren(orgRow.node)).find((r) => r.label === 'Tools');
    }
    typedName = unique('matrix-repo');
  },
  async run(api) {
    const none = (label: RegExp): Step => ({ pick: (items) => items.find((i) => label.test(i.label))?.value });
    const prompter = new ScriptedPrompter([{ input: typedName }, none(/No \.gitignore/), none(/No license/), none(/No README/), { input: (o) => o.value }]);
    api.setPrompter(prompter);
    const created = await vscode.commands.executeCommand<RepositoryInfo | undefined>('azureDevOps.createRepository', toolsRow!.node);
    const shown = firstMessage(prompter);
    const refusedName = prompter.of('validation')[0];
    if (!shown.message && refusedName) {
      // A conflict: the name box comes back with the name as typed and says why.
      const box = prompter.of('input')[1];
      return { message: refusedName.text, nextSteps: box?.options?.value === typedName ? ['the name box again, as typed'] : [], succeeded: Boolean(created) };
    }
    return { ...shown, succeeded: Boolean(created) };
  },
  async check(api, outcome) {
    const exists = await repositoryOnServer('Tools', typedName);
    if (exists && !outcome.succeeded && !MAY_EXIST.test(outcome.message) && !/already has/.test(outcome.message)) return 'a repository was created although the user was told it was not';
    if (!exists && outcome.succeeded) return 'success was reported, but there is no repository';
    if (outcome.succeeded) return undefined;
    // What the user typed is offered again.
    const again = new ScriptedPrompter([{ input: () => undefined }]);
    api.setPrompter(again);
    await vscode.commands.executeCommand('azureDevOps.createRepository', toolsRow!.node);
    const offered = again.of('input')[0]?.options?.value;
    return offered === typedName ? undefined : `the name typed was not offered again (offered: ${offered ?? 'nothing'})`;
  },
  async cleanup() { await deleteOnServer('Tools', typedName); },
};

let publishTarget: { folder: string; repository: Repository; close(): Promise<void> } | undefined;
let publishName = '';
const publish: MatrixAction = {
  name: 'publish',
  target: 'POST repositories (projects load; git push is not faulted)',
  scope: { method: 'POST', pathRegex: REPOSITORIES },
  expect: { 404: /not found \(404\)/ },
  mayRecover: ['malformed JSON'],
  async prepare(api) {
    await ensureSignedIn(api);
    publishName = unique('matrix-publish');
    const folder = localRepository(dir, publishName);
    const opened = await openRepository(gitApi, folder);
    await waitFor(() => opened.repository.state.HEAD?.name, 'the Git extension reads HEAD');
    publishTarget = { folder, ...opened };
  },
  async run(api) {
    const prompter = new ScriptedPrompter([{ pick: (items) => items.find((i) => i.label === 'Web')?.value }, { input: publishName }]);
    api.setPrompter(prompter);
    const outcome = await api.deps.git.publisher.publish(publishTarget!.repository);
    return { ...firstMessage(prompter), succeeded: outcome.kind === 'published' };
  },
  async check(_api, outcome: Outcome) {
    const exists = await repositoryOnServer('Web', publishName);
    const remotes = remotesOf(publishTarget!.folder);
    if (!outcome.succeeded && remotes.length > 0 && !/added the remote/.test(outcome.message)) return `a remote was added silently: ${remotes.join(', ')}`;
    if (exists && !outcome.succeeded && !MAY_EXIST.test(outcome.message)) return 'a repository was created although the user was told it was not';
    return undefined;
  },
  async cleanup() {
    await publishTarget?.close();
    await deleteOnServer('Web', publishName);
  },
};

const gitConfig = () => vscode.workspace.getConfiguration('git');
faultMatrix('Fault matrix: repositories', [clone, addRemote, createRepository, publish], {
  async before(api) {
    dir = scratchDir('fault-matrix');
    const found = api.deps.git.api();
    if (!found) throw new Error('the Git extension API is not available');
    gitApi = found;
    await gitConfig().update('openAfterClone', 'alwaysNewWindow', vscode.ConfigurationTarget.Global);
    await gitConfig().update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
  },
  async after() {
    if (remoteTarget) await vscode.commands.executeCommand('git.close', remoteTarget.repository.rootUri);
    await gitConfig().update('openAfterClone', undefined, vscode.ConfigurationTarget.Global);
    await gitConfig().update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(dir, { recursive: true, force: true });
  },
});
