// "Publish to Azure DevOps" in the real extension host: the publisher registered with the Git extension creates the
// repository on the emulator, adds the remote and pushes with real git; failures say what exists afterwards.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GitApi } from 'azure-devops-node-api/GitApi';
import { PersonalAccessTokenCredentialHandler } from 'azure-devops-node-api/handlers/personalaccesstoken';
import type { API } from '../../src/git/git';
import type { PublishOutcome } from '../../src/git/publisher';
import type { TestingApi } from '../../src/testing';
import { accountNamed, cleanSlate, control, emulator, extensionApi, orgToken, signIn, signOutEverywhere, waitFor } from './support/env';
import { git, localRepository, openRepository, tempDir } from './support/git';
import { ScriptedPrompter, type Step } from './support/prompter';

describe('Publish to Azure DevOps', function () {
  this.timeout(120_000);
  let api: TestingApi;
  let gitApi: API;
  let dir: string;
  const emu = emulator();
  const alphaToken = orgToken('alpha');
  const created: string[] = [];
  const rest = () => new GitApi(`${emu.url}/alpha`, [new PersonalAccessTokenCredentialHandler(alphaToken)]);
  const gitConfig = () => vscode.workspace.getConfiguration('git');
  let counter = 0;
  const uniqueName = (base: string) => `${base}-${Date.now().toString(36)}-${counter++}`;

  before(async () => {
    api = await extensionApi();
    const found = api.deps.git.api();
    assert.ok(found);
    gitApi = found;
    await gitConfig().update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
  });
  beforeEach(async () => {
    await cleanSlate(api);
    api.deps.git.remoteSources.forgetOffer();
    dir = tempDir('azdo-publish-');
    api.deps.git.credentials.requests.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(async () => {
    await control.clearFaults();
    for (const name of created) {
      const repo = await rest().getRepository(name, 'Web').catch(() => undefined);
      if (repo?.id) await rest().deleteRepository(repo.id, 'Web').catch(() => undefined);
    }
    await gitConfig().update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    await signOutEverywhere(api);
  });

  async function publish(folder: string, steps: Step[]): Promise<{ outcome: PublishOutcome; prompter: ScriptedPrompter }> {
    const opened = await openRepository(gitApi, folder);
    try {
      await waitFor(() => opened.repository.state.HEAD?.name, 'the Git extension reads HEAD');
      const prompter = new ScriptedPrompter(steps);
      api.setPrompter(prompter);
      const outcome = await api.deps.git.publisher.publish(opened.repository);
      return { outcome, prompter };
    } finally {
      await opened.close();
    }
  }

  it('creates the repository (name checked as typed), adds origin and pushes the branch with upstream', async () => {
    await signIn(api, 'alpha', alphaToken);
    await signIn(api, 'beta', orgToken('beta'));
    const folder = localRepository(dir, 'my-project');
    const name = uniqueName('published');
    created.push(name);
    const { outcome, prompter } = await publish(folder, [
      { pick: (items) => items.find((i) => i.label === 'alpha')?.value },
      { pick: (items) => items.find((i) => i.label === 'Web')?.value },
      { input: (o) => { assert.equal(o.value, 'my-project', 'the folder name is suggested'); return 'bad:name'; } },
      { input: 'WEB-APP' },
      { input: name },
    ]);
    assert.equal(outcome.kind, 'published', JSON.stringify(outcome));
    const [invalid, taken] = prompter.of('validation');
    assert.match(invalid.text, /must not contain ":"/);
    assert.match(taken.text, /Web already has a repository named "WEB-APP"/);

    const head = git(folder, ['rev-parse', 'HEAD']).trim();
    const refs = await rest().getRefs(name, 'Web', 'heads/');
    assert.deepEqual(refs.map((r) => [r.name, r.objectId]), [['refs/heads/main', head]], 'the emulator has the pushed commit');
    assert.equal((await rest().getRepository(name, 'Web')).defaultBranch, 'refs/heads/main');
    assert.equal(git(folder, ['remote', 'get-url', 'origin']).trim(), `${emu.url}/alpha/Web/_git/${name}`);
    assert.equal(git(folder, ['rev-parse', '--abbrev-ref', 'main@{upstream}']).trim(), 'origin/main');
    assert.deepEqual(api.deps.git.credentials.requests.map((r) => [r.organization, r.reason, r.outcome]), [['alpha', 'operation', 'handed']]);
    assert.match(prompter.of('info').at(-1)?.text ?? '', new RegExp(`Published main to alpha/Web/${name}`));
    await waitFor(() => {
      const state = api.deps.catalog.state(accountNamed(api, 'alpha').key);
      return state?.status === 'loaded' && [...state.data.repositories.values()].flat().some((r) => r.name === name);
    }, 'the tree knows the new repository');
  });

  it('asks for another remote name when origin is taken', async () => {
    await signIn(api, 'alpha', alphaToken);
    const folder = localRepository(dir, 'with-origin', { origin: 'https://github.com/example/with-origin.git' });
    const name = uniqueName('second-remote');
    created.push(name);
    const { outcome, prompter } = await publish(folder, [
      { pick: (items) => items.find((i) => i.label === 'Web')?.value },
      { input: name },
      { input: (o) => { assert.equal(o.value, 'azure'); return 'origin'; } },
      { input: 'azure' },
    ]);
    assert.equal(outcome.kind, 'published', JSON.stringify(outcome));
    assert.match(prompter.of('input')[1].options?.prompt ?? '', /already has a remote "origin" \(https:\/\/github\.com\/example\/with-origin\.git\)/);
    assert.match(prompter.of('validation')[0].text, /The remote "origin" exists already/);
    assert.equal(git(folder, ['remote', 'get-url', 'origin']).trim(), 'https://github.com/example/with-origin.git');
    assert.equal(git(folder, ['remote', 'get-url', 'azure']).trim(), `${emu.url}/alpha/Web/_git/${name}`);
    assert.equal(git(folder, ['rev-parse', '--abbrev-ref', 'main@{upstream}']).trim(), 'azure/main');
  });

  it('a failed push after the repository was created says so, and what exists', async () => {
    await signIn(api, 'alpha', alphaToken);
    const folder = localRepository(dir, 'push-fails');
    const name = uniqueName('push-fails');
    created.push(name);
    await control.addFault({ organization: 'alpha', pathRegex: `_git/${name}/info/refs`, fault: 'status', status: 403 });
    const { outcome, prompter } = await publish(folder, [{ pick: (items) => items.find((i) => i.label === 'Web')?.value }, { input: name }]);
    assert.equal(outcome.kind, 'failed');
    assert.equal(outcome.kind === 'failed' && outcome.stage, 'push');
    const error = prompter.of('error')[0];
    assert.match(error.text, new RegExp(`Created the repository alpha/Web/${name} and added the remote "origin", but pushing main failed: alpha refused git access \\(403\\)`));
    assert.match(error.text, /still empty; push again with "Git: Push"/);
    assert.deepEqual(error.actions, ['Enter Token Again', 'Create Token…']);
    const repo = await rest().getRepository(name, 'Web');
    assert.ok(repo?.id, 'the repository exists on the service');
    assert.equal(repo.defaultBranch, undefined, 'and is empty');
    assert.equal(git(folder, ['remote', 'get-url', 'origin']).trim(), `${emu.url}/alpha/Web/_git/${name}`, 'the remote stays, ready for a push');
  });

  it('a repository the service refuses to create leaves the local repository untouched', async () => {
    await signIn(api, 'alpha', alphaToken);
    const folder = localRepository(dir, 'create-fails');
    await control.addFault({ organization: 'alpha', method: 'POST', pathRegex: '_apis/git/repositories', fault: 'status', status: 500 });
    const name = uniqueName('create-fails');
    const { outcome, prompter } = await publish(folder, [{ pick: (items) => items.find((i) => i.label === 'Web')?.value }, { input: name }]);
    assert.equal(outcome.kind === 'failed' && outcome.stage, 'create');
    assert.match(prompter.of('error')[0].text, new RegExp(`The repository alpha/Web/${name} was not created, and nothing changed in your local repository. alpha failed to answer \\(server error 500\\)`));
    assert.equal(git(folder, ['remote']).trim(), '');
    await control.clearFaults();
    assert.equal(await rest().getRepository(name, 'Web'), null);
  });

  it('refuses to publish a branch without commits, and asks to sign in when signed out', async () => {
    const empty = path.join(dir, 'no-commits');
    fs.mkdirSync(empty);
    git(empty, ['init', '-q', '-b', 'main']);
    await signIn(api, 'alpha', alphaToken);
    const first = await publish(empty, []);
    assert.equal(first.outcome.kind === 'failed' && first.outcome.stage, 'precondition');
    assert.match(first.prompter.of('error')[0].text, /Commit first: the branch main has no commits yet/);

    await signOutEverywhere(api);
    const folder = localRepository(dir, 'signed-out');
    const second = await publish(folder, [{ info: undefined }]);
    assert.deepEqual(second.outcome, { kind: 'cancelled' });
    assert.match(second.prompter.of('info')[0].text, /Sign in to an Azure DevOps organization to publish to it/);
    assert.deepEqual(second.prompter.of('info')[0].actions, ['Sign In']);
  });
});
