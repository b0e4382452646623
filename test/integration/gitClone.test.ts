// Clone and git credentials in the real extension host, with the real Git extension and real git against the
// emulator's git smart HTTP. The Git extension's post-clone question is a modal dialog nothing here can answer,
// so these tests set git.openAfterClone to "alwaysNewWindow" (the clone opens in another browser tab).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CloneResult } from '../../src/commands/cloneRepository';
import type { API } from '../../src/git/git';
import type { TestingApi } from '../../src/testing';
import { explainGitFailure } from '../../src/ui/explain';
import { cleanSlate, control, emulator, extensionApi, orgToken, signIn, signOutEverywhere, testSeed, within } from './support/env';
import { filesContaining, git, gitProcesses, openRepository, repositoryRow, tempDir, watchAskpassCache, watchProcesses } from './support/git';
import { ScriptedPrompter } from './support/prompter';

describe('Clone and git credentials', function () {
  this.timeout(120_000);
  let api: TestingApi;
  let gitApi: API;
  let dir: string;
  let askpass: ReturnType<typeof watchAskpassCache> | undefined;
  const emu = emulator();
  const alphaToken = orgToken('alpha');
  const betaToken = orgToken('beta');
  const gitConfig = () => vscode.workspace.getConfiguration('git');
  const settings = () => vscode.workspace.getConfiguration('azureDevOps');

  before(async () => {
    api = await extensionApi();
    const found = api.deps.git.api();
    assert.ok(found, 'the Git extension API is available');
    gitApi = found;
    await gitConfig().update('openAfterClone', 'alwaysNewWindow', vscode.ConfigurationTarget.Global);
    // Clones land in temporary folders outside the workspace; let the Git extension open them.
    await gitConfig().update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
    askpass = watchAskpassCache();
  });
  beforeEach(async () => {
    await cleanSlate(api);
    dir = tempDir('azdo-clone-');
    api.deps.git.credentials.requests.length = 0;
    api.deps.git.remoteSources.forgetOffer();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(async () => {
    askpass?.dispose();
    await gitConfig().update('openAfterClone', undefined, vscode.ConfigurationTarget.Global);
    await gitConfig().update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('clone.protocol', undefined, vscode.ConfigurationTarget.Global);
    await signOutEverywhere(api);
  });

  /** What the credentials provider saw, the operations it tracks and the git processes running, for a step that hangs. */
  const state = async () => ({
    credentialRequests: api.deps.git.credentials.requests.slice(-6), operations: api.deps.git.credentials.pendingOperations, git: gitProcesses(),
    // The Git extension's askpass cache: the provider's answer waits there for git's password prompt.
    askpass: askpass?.events(),
    // What reached the emulator's git endpoints last, and whether it was answered (a hang on either side shows here).
    emulator: (await control.log()).entries.filter((e) => e.path.includes('/_git/')).slice(-8)
      .map((e) => `${e.method} ${e.path}${e.query} (${e.credential ?? '?'}) → ${e.end === undefined ? 'open' : `${e.status ?? '?'} in ${Math.round(e.end - e.start)} ms`}`),
  });
  const clone = (arg: unknown, parentPath = dir) =>
    vscode.commands.executeCommand<CloneResult>('azureDevOps.cloneRepository', arg, { parentPath });

  it('registers with the Git extension: "Git: Clone" lists every signed-in organization\'s repositories and searches them', async () => {
    assert.equal(api.deps.git.registered(), true);
    await signIn(api, 'alpha', alphaToken);
    await signIn(api, 'beta', betaToken);
    const provider = api.deps.git.remoteSources;
    assert.equal(provider.name, 'Azure DevOps');
    assert.equal(provider.icon, 'azure-devops');
    const all = await provider.getRemoteSources();
    const byName = new Map(all.map((s) => [s.name, s]));
    const seed = testSeed();
    for (const org of seed.organizations.filter((o) => o.name === 'alpha' || o.name === 'beta')) {
      for (const project of org.projects) {
        for (const repo of project.repositories ?? []) {
          if (repo.isDisabled) {
            assert.ok(!byName.has(repo.name), `the disabled repository ${repo.name} is not offered`);
            continue;
          }
          const source = byName.get(repo.name);
          assert.ok(source, `${org.name}/${project.name}/${repo.name} is listed`);
          assert.equal(source.url, `${emu.url}/${org.name}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`);
          assert.match(source.description ?? '', new RegExp(`^${org.name} / ${project.name}`));
        }
      }
    }
    assert.ok(!all.some((s) => s.description?.startsWith('gamma')), 'no repositories of an organization nobody signed in to');
    assert.match(byName.get('empty-repo')?.description ?? '', /empty/);

    const beta = await provider.getRemoteSources('beta');
    assert.ok(beta.length > 0 && beta.every((s) => s.description?.startsWith('beta / ')), JSON.stringify(beta.map((s) => s.description)));
    assert.deepEqual((await provider.getRemoteSources('alpha/web web-app')).map((s) => s.name).sort(), ['web-app', 'web-app-fork']);
    assert.deepEqual(await provider.getRemoteSources('no-such-repository'), []);

    // Through the Git extension's own picker (git-base): the Azure DevOps source, first item accepted.
    let served = 0;
    const original = provider.getRemoteSources.bind(provider);
    provider.getRemoteSources = async (query?: string) => { const r = await original(query); served++; return r; };
    try {
      const picked = vscode.commands.executeCommand<string | undefined>('git-base.api.getRemoteSources', { providerName: 'Azure DevOps' });
      const deadline = Date.now() + 20_000;
      while (served === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 300));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(await picked, all[0].url, 'git-base returned the URL of the first Azure DevOps repository');
    } finally {
      provider.getRemoteSources = original;
    }

    await settings().update('clone.protocol', 'ssh', vscode.ConfigurationTarget.Global);
    try {
      const [ssh] = await provider.getRemoteSources('web-app');
      assert.equal(ssh.url, 'git@ssh.dev.azure.com:v3/alpha/Web/web-app');
    } finally {
      await settings().update('clone.protocol', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('clones a private repository with the organization\'s token, which ends up in no file, git config or process', async () => {
    await signIn(api, 'alpha', alphaToken);
    const row = await repositoryRow(api, 'alpha', 'Web', 'web-app');
    api.setPrompter(new ScriptedPrompter([]));
    const { result, leaks, gitCommands } = await watchProcesses(alphaToken, () => within('cloning alpha/web-app', clone(row.node), 60_000, state));
    assert.deepEqual(result, { kind: 'cloning', url: `${emu.url}/alpha/Web/_git/web-app`, organization: 'alpha' });
    const cloneDir = path.join(dir, 'web-app');
    assert.equal(fs.readFileSync(path.join(cloneDir, 'src', 'index.ts'), 'utf8'), "export function main(): string {\n  return 'hello, world';\n}\n");
    assert.equal(git(cloneDir, ['log', '-1', '--format=%s']).trim(), 'Fix greeting');
    assert.equal(git(cloneDir, ['remote', 'get-url', 'origin']).trim(), `${emu.url}/alpha/Web/_git/web-app`);

    assert.deepEqual(api.deps.git.credentials.requests, [{ url: `${emu.url}/`, organization: 'alpha', reason: 'onlyAccount', outcome: 'handed' }],
      'the Git extension asked for the bare host (no path: credential.useHttpPath is not set) and got alpha\'s token');
    assert.deepEqual(filesContaining(cloneDir, alphaToken), [], 'no file of the clone (.git included) holds the token');
    assert.ok(!git(cloneDir, ['config', '--list', '--show-origin']).includes(alphaToken), 'git config (all levels) does not hold the token');
    const stored = path.join(os.homedir(), '.git-credentials');
    assert.ok(!fs.existsSync(stored) || !fs.readFileSync(stored, 'utf8').includes(alphaToken), '~/.git-credentials does not hold the token');
    assert.deepEqual(leaks, [], 'no process had the token in its arguments, nor a git process in its environment');
    assert.ok(gitCommands.has('clone'), `the sampler saw git clone run (saw: ${[...gitCommands].join(', ')})`);
  });

  it('two organizations, two tokens: clones from alpha with alpha\'s token and from beta with beta\'s; fetch tells them apart', async () => {
    await signIn(api, 'alpha', alphaToken);
    await signIn(api, 'beta', betaToken);
    api.setPrompter(new ScriptedPrompter([]));
    // Each step is bounded, so that a step that hangs (seen once in a while after the fault matrix) names itself.
    assert.equal((await within('cloning alpha/web-app', clone(`${emu.url}/alpha/Web/_git/web-app`), 40_000, state)).kind, 'cloning');
    assert.equal((await within('cloning beta/ios', clone(`${emu.url.replace('://', '://beta@')}/beta/Mobile/_git/ios`), 40_000, state)).kind, 'cloning');
    assert.ok(fs.existsSync(path.join(dir, 'web-app', 'README.md')), 'alpha/web-app cloned');
    assert.ok(fs.existsSync(path.join(dir, 'ios', 'README.md')), 'beta/ios cloned');
    assert.equal(git(path.join(dir, 'ios'), ['remote', 'get-url', 'origin']).trim(), `${emu.url}/beta/Mobile/_git/ios`, 'the user name of the pasted URL is dropped');
    assert.deepEqual(api.deps.git.credentials.requests.map((r) => [r.organization, r.reason, r.outcome]),
      [['alpha', 'operation', 'handed'], ['beta', 'operation', 'handed']], 'both organizations share the host; the clone in progress decided');

    const alphaRepo = await within('opening web-app', openRepository(gitApi, path.join(dir, 'web-app')), 20_000, state);
    const betaRepo = await within('opening ios', openRepository(gitApi, path.join(dir, 'ios')), 20_000, state);
    try {
      // Both open, same host, no path: nothing tells them apart, so the user is asked which organization.
      api.deps.git.credentials.requests.length = 0;
      const prompter = new ScriptedPrompter([{ pick: (items) => items.find((i) => i.label === 'beta')?.value }]);
      api.setPrompter(prompter);
      await within('fetching ios (organization picked)', betaRepo.repository.fetch(), 20_000, state);
      assert.deepEqual(prompter.of('pick')[0].actions, ['alpha', 'beta']);
      assert.deepEqual(api.deps.git.credentials.requests.map((r) => [r.organization, r.reason]), [['beta', 'picked']]);

      // With credential.useHttpPath git names the repository path, and each fetch gets its own organization's token.
      for (const r of [alphaRepo, betaRepo]) await r.repository.setConfig('credential.useHttpPath', 'true');
      api.deps.git.credentials.requests.length = 0;
      api.setPrompter(new ScriptedPrompter([]));
      await within('fetching web-app (useHttpPath)', alphaRepo.repository.fetch(), 20_000, state);
      await within('fetching ios (useHttpPath)', betaRepo.repository.fetch(), 20_000, state);
      assert.deepEqual(api.deps.git.credentials.requests, [
        { url: `${emu.url}/alpha/Web/_git/web-app`, organization: 'alpha', reason: 'path', outcome: 'handed' },
        { url: `${emu.url}/beta/Mobile/_git/ios`, organization: 'beta', reason: 'path', outcome: 'handed' },
      ]);
    } finally {
      await alphaRepo.close();
      await betaRepo.close();
    }
  });

  it('a refused token stops the clone before git runs, with a clear message and the next steps', async () => {
    await signIn(api, 'alpha', alphaToken);
    const row = await repositoryRow(api, 'alpha', 'Web', 'web-app');
    const account = api.deps.accounts.list()[0];
    await api.deps.accounts.save(account, betaToken); // now alpha's stored token is one alpha refuses
    const prompter = new ScriptedPrompter([]);
    api.setPrompter(prompter);
    const result = await clone(row.node);
    assert.equal(result.kind, 'refused');
    assert.match(prompter.of('error')[0].text, /alpha did not accept the personal access token/);
    assert.deepEqual(prompter.of('error')[0].actions, ['Enter Token Again', 'Create Token…']);
    assert.deepEqual(fs.readdirSync(dir), [], 'nothing was cloned');
    assert.deepEqual(api.deps.git.credentials.requests, []);
  });

  it('git itself refusing the token (fetch) is explained by organization, with the next step', async () => {
    await signIn(api, 'alpha', alphaToken);
    api.setPrompter(new ScriptedPrompter([]));
    assert.equal((await clone(`${emu.url}/alpha/Web/_git/web-app`)).kind, 'cloning');
    const opened = await openRepository(gitApi, path.join(dir, 'web-app'));
    try {
      await api.deps.accounts.save(api.deps.accounts.list()[0], betaToken);
      const error = await opened.repository.fetch().then(() => undefined, (e: unknown) => e);
      assert.ok(error, 'the fetch failed');
      const explained = explainGitFailure(error, { organization: 'alpha', url: `${emu.url}/alpha/Web/_git/web-app`, operation: 'fetch' });
      assert.match(explained.message, /alpha did not accept the token git was given/);
      assert.deepEqual(explained.steps, ['enterToken', 'createToken']);
      assert.equal(api.deps.git.credentials.requests.at(-1)?.organization, 'alpha');
    } finally {
      await opened.close();
    }
  });

  it('a disabled repository is refused with a clear message; an empty one clones', async () => {
    await signIn(api, 'alpha', alphaToken);
    const prompter = new ScriptedPrompter([]);
    api.setPrompter(prompter);
    const disabled = await clone((await repositoryRow(api, 'alpha', 'Web', 'legacy')).node);
    assert.equal(disabled.kind, 'refused');
    assert.match(prompter.of('error')[0].text, /legacy is disabled, so Azure DevOps refuses to clone it/);
    const empty = await clone((await repositoryRow(api, 'alpha', 'Web', 'empty-repo')).node);
    assert.equal(empty.kind, 'cloning');
    assert.ok(fs.existsSync(path.join(dir, 'empty-repo', '.git')), 'the empty repository was cloned');
    assert.equal(git(path.join(dir, 'empty-repo'), ['rev-list', '--all']).trim(), '');
  });

  it('the palette: pick from all organizations, or paste a URL (checked as typed); not signed in offers to sign in', async () => {
    await signIn(api, 'alpha', alphaToken);
    await signIn(api, 'beta', betaToken);
    const picker = new ScriptedPrompter([{ pick: (items) => items.find((i) => i.label.endsWith(' api') && i.description?.startsWith('beta / Backend'))?.value }]);
    api.setPrompter(picker);
    assert.deepEqual(await clone(undefined), { kind: 'cloning', url: `${emu.url}/beta/Backend/_git/api`, organization: 'beta' });
    const labels = picker.of('pick')[0].actions ?? [];
    assert.match(labels[0], /Clone from URL/);
    assert.ok(labels.some((l) => l.endsWith(' web-app')) && labels.some((l) => l.endsWith(' ios')), 'both organizations are listed');
    assert.ok(fs.existsSync(path.join(dir, 'api', 'README.md')));

    const paste = new ScriptedPrompter([
      { pick: (items) => items[0].value },
      { input: 'https://github.com/microsoft/vscode' },
      { input: `${emu.url}/alpha/Tools/_git/scripts?path=/README.md&version=GBmain` },
    ]);
    api.setPrompter(paste);
    assert.deepEqual(await clone(undefined), { kind: 'cloning', url: `${emu.url}/alpha/Tools/_git/scripts`, organization: 'alpha' });
    assert.match(paste.of('validation')[0].text, /not an Azure Repos URL/);
    assert.ok(fs.existsSync(path.join(dir, 'scripts', 'README.md')));

    const gamma = new ScriptedPrompter([{ warning: undefined }]);
    api.setPrompter(gamma);
    assert.deepEqual(await clone(`${emu.url}/gamma/Secret/_git/vault`), { kind: 'cancelled' });
    assert.match(gamma.of('warning')[0].text, /not signed in to gamma/);
    assert.deepEqual(gamma.of('warning')[0].actions, ['Sign In', 'Clone Anyway']);

    const missing = new ScriptedPrompter([]);
    api.setPrompter(missing);
    assert.equal((await clone(`${emu.url}/alpha/Web/_git/no-such-repo`)).kind, 'refused');
    assert.match(missing.of('error')[0].text, /alpha has no repository "no-such-repo" in the project "Web"/);
  });

  it('a remote URL with a user name ({org}@host) never reaches a credentials provider: documented limitation', async () => {
    await signIn(api, 'alpha', alphaToken);
    api.setPrompter(new ScriptedPrompter([]));
    assert.equal((await clone(`${emu.url}/alpha/Web/_git/web-app`)).kind, 'cloning');
    const repoDir = path.join(dir, 'web-app');
    git(repoDir, ['remote', 'set-url', 'origin', `${emu.url.replace('://', '://alpha@')}/alpha/Web/_git/web-app`]);
    api.deps.git.credentials.requests.length = 0;
    const opened = await openRepository(gitApi, repoDir);
    try {
      api.setPrompter(new ScriptedPrompter([]));
      let outcome: string | undefined;
      const fetching = opened.repository.fetch().then(() => 'fetched', () => 'failed').then((o) => { outcome = o; });
      // git asks only for the password; the Git extension shows its own password box, which is dismissed here.
      for (let i = 0; i < 100 && outcome === undefined; i++) {
        await new Promise((r) => setTimeout(r, 200));
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      }
      await fetching;
      assert.equal(outcome, 'failed');
      assert.deepEqual(api.deps.git.credentials.requests, [], 'the provider was never asked');
    } finally {
      await opened.close();
    }
  });
});
