import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { RepositoryInfo } from '../../src/azdo/types';
import { gitignoreTemplate } from '../../src/templates/gitignore';
import type { TestingApi } from '../../src/testing';
import { cleanSlate, control, emulator, extensionApi, orgToken, signOutEverywhere, userOf } from './support/env';
import { ScriptedPrompter, type Step } from './support/prompter';

const run = promisify(execFile);
const PROJECT = 'Tools';

/** A choice from a pick, by its label (the "no …" entries start with a codicon). */
const choose = (label: string | RegExp): Step => ({
  pick: (items) => {
    const item = items.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label)));
    if (!item) throw new Error(`no item ${String(label)} in ${items.map((i) => i.label).join(', ')}`);
    return item.value;
  },
});
const accept: Step = { input: (o) => o.value };

/** Real git over the emulator's smart HTTP; the token reaches git through a credential helper and the environment. */
async function git(args: string[], token: string, cwd?: string): Promise<string> {
  const helper = '!f() { echo username=pat; echo "password=$AZDO_TEST_TOKEN"; }; f';
  const { stdout } = await run('git', ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`, ...args], {
    cwd, env: { ...process.env, AZDO_TEST_TOKEN: token, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  return stdout;
}

/** The repositories of a project as the service lists them (REST). */
async function repositories(org: string, token: string): Promise<{ name: string; id: string; defaultBranch?: string }[]> {
  const res = await fetch(`${emulator().url}/${org}/${PROJECT}/_apis/git/repositories?api-version=7.1`, {
    headers: { Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}` },
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { value: { name: string; id: string; defaultBranch?: string }[] }).value;
}

describe('Create Repository', function () {
  let api: TestingApi;
  const emu = emulator();
  const org = emu.organizations[0];
  const token = orgToken(org);
  const year = new Date().getFullYear();
  let temp: string;
  let clipboard: string[] = [];
  let counter = 0;
  const uniqueName = (base: string) => `${base}-${Date.now().toString(36)}-${++counter}`;

  async function signIn(): Promise<void> {
    api.setPrompter(new ScriptedPrompter([{ input: org }, { input: token }]));
    assert.ok(await vscode.commands.executeCommand('azureDevOps.signIn'), `sign-in to ${org} failed`);
  }

  async function createWith(steps: Step[], arg?: unknown): Promise<{ result: RepositoryInfo | undefined; prompter: ScriptedPrompter }> {
    const prompter = new ScriptedPrompter(steps);
    api.setPrompter(prompter);
    const result = await vscode.commands.executeCommand<RepositoryInfo | undefined>('azureDevOps.createRepository', arg);
    assert.equal(prompter.remaining, 0, `unused steps; calls: ${JSON.stringify(prompter.calls.map((c) => `${c.kind}: ${c.text}`))}`);
    return { result, prompter };
  }

  before(async () => { api = await extensionApi(); });
  beforeEach(async () => {
    await cleanSlate(api);
    await signIn();
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'azdo-create-'));
    clipboard = [];
    api.deps.platform.writeClipboard = async (text) => { clipboard.push(text); };
  });
  afterEach(() => {
    api.deps.platform.writeClipboard = (text) => vscode.env.clipboard.writeText(text);
    fs.rmSync(temp, { recursive: true, force: true });
  });
  // The repositories made here must not show up in other files' expectations of the seed.
  after(async () => { await signOutEverywhere(api); await control.reset(); });

  it('creates a repository whose one commit holds exactly the chosen .gitignore, license and README (read back with git)', async () => {
    const name = uniqueName('with-files');
    const opened: string[] = [];
    api.setOpenExternal(async (url) => { opened.push(url); return true; });
    const { result, prompter } = await createWith([
      choose(PROJECT), { input: name }, choose('Node'), choose('MIT License'), accept, choose(/Add a README/), accept,
      { info: 'Open in Browser' },
    ]);
    assert.equal(result?.name, name);
    assert.equal(result?.defaultBranch, 'main');
    const holderBox = prompter.of('input')[1];
    assert.equal(holderBox?.options?.value, userOf(token).displayName, 'the holder defaults to the signed-in user');
    const [done] = prompter.of('info');
    assert.equal(done?.text, `Created the repository ${name} in ${PROJECT} with README.md, .gitignore and LICENSE on main.`);
    assert.ok(done?.actions?.includes('Open in Browser'));
    assert.deepEqual(opened, [`${emu.url}/${org}/${PROJECT}/_git/${name}`]);

    const clone = path.join(temp, 'clone');
    await git(['clone', '--quiet', `${emu.url}/${org}/${PROJECT}/_git/${name}`, clone], token);
    assert.deepEqual((await git(['ls-tree', '-r', '--name-only', 'HEAD'], token, clone)).trim().split('\n'), ['.gitignore', 'LICENSE', 'README.md']);
    assert.equal((await git(['rev-list', '--count', 'HEAD'], token, clone)).trim(), '1');
    assert.equal((await git(['symbolic-ref', '--short', 'HEAD'], token, clone)).trim(), 'main');
    assert.equal((await git(['log', '-1', '--format=%an|%s'], token, clone)).trim(), `${userOf(token).displayName}|Initial commit: add README.md, .gitignore and LICENSE`);
    assert.equal(fs.readFileSync(path.join(clone, 'README.md'), 'utf8'), `# ${name}\n`);
    assert.equal(fs.readFileSync(path.join(clone, '.gitignore'), 'utf8'), gitignoreTemplate('Node')?.text);
    const license = fs.readFileSync(path.join(clone, 'LICENSE'), 'utf8');
    assert.match(license, new RegExp(`^MIT License\\n\\nCopyright \\(c\\) ${year} ${userOf(token).displayName}\\n\\nPermission is hereby granted`));
    assert.doesNotMatch(license, /<year>|<copyright holders>/);

    // The tree shows it under the project, with its branch.
    const [orgRow] = await api.treeChildren();
    const projectRow = (await api.treeChildren(orgRow.node)).find((r) => r.label === PROJECT);
    const repoRow = (await api.treeChildren(projectRow!.node)).find((r) => r.label === name);
    assert.equal(repoRow?.description, 'main');
  });

  it('from a project in the tree: no organization or project question; an edited holder, a GPL license as published, another branch', async () => {
    const name = uniqueName('from-tree');
    const [orgRow] = await api.treeChildren();
    const projectRow = (await api.treeChildren(orgRow.node)).find((r) => r.label === PROJECT);
    assert.equal(projectRow?.contextValue, 'project');
    const { result, prompter } = await createWith([
      { input: name }, choose(/No \.gitignore/), choose('Apache License 2.0'), choose(/No README/), { input: 'trunk' }, { info: undefined },
    ], projectRow!.node);
    assert.equal(result?.defaultBranch, 'trunk');
    assert.equal(prompter.of('pick').length, 3, 'gitignore, license, README: no organization or project pick');
    const clone = path.join(temp, 'clone');
    await git(['clone', '--quiet', `${emu.url}/${org}/${PROJECT}/_git/${name}`, clone], token);
    assert.deepEqual((await git(['ls-tree', '-r', '--name-only', 'HEAD'], token, clone)).trim().split('\n'), ['LICENSE']);
    assert.equal((await git(['symbolic-ref', '--short', 'HEAD'], token, clone)).trim(), 'trunk');
    assert.match(fs.readFileSync(path.join(clone, 'LICENSE'), 'utf8'), /Copyright \[yyyy\] \[name of copyright owner\]/, 'Apache\'s example stays as published');

    const holder = uniqueName('with-holder');
    await createWith([
      { input: holder }, choose(/No \.gitignore/), choose('BSD 3-Clause "New" or "Revised" License'), { input: 'Contoso Ltd.' }, choose(/No README/), accept, { info: undefined },
    ], projectRow!.node);
    const clone2 = path.join(temp, 'clone2');
    await git(['clone', '--quiet', `${emu.url}/${org}/${PROJECT}/_git/${holder}`, clone2], token);
    assert.match(fs.readFileSync(path.join(clone2, 'LICENSE'), 'utf8'), new RegExp(`^Copyright \\(c\\) ${year} Contoso Ltd\\.\\.?\\n`));
  });

  it('checks the name as it is typed: Azure DevOps rules and names the project already has, case-insensitively', async () => {
    const before = await repositories(org, token);
    const existing = before[0]?.name ?? '';
    assert.ok(existing, 'the project has a repository');
    const { result, prompter } = await createWith([
      choose(PROJECT), { input: 'bad/name' }, { input: '_hidden' }, { input: 'ends.' }, { input: 'x'.repeat(65) }, { input: 'CON' }, { input: existing.toUpperCase() }, { input: undefined },
    ]);
    assert.equal(result, undefined);
    const refusals = prompter.of('validation').map((c) => c.text);
    assert.equal(refusals.length, 6, JSON.stringify(refusals));
    assert.match(refusals[0] ?? '', /must not contain "\/"/);
    assert.match(refusals[1] ?? '', /must not start with an underscore/);
    assert.match(refusals[2] ?? '', /must not start or end with a period/);
    assert.match(refusals[3] ?? '', /64/);
    assert.match(refusals[4] ?? '', /reserved/);
    assert.equal(refusals[5], `${PROJECT} already has a repository named "${existing.toUpperCase()}" (names are not case-sensitive). Choose another name.`);
    assert.deepEqual((await repositories(org, token)).map((r) => r.name), before.map((r) => r.name), 'nothing was created');
  });

  it('creates an empty repository when no file is chosen (no branch question), and offers its clone URL', async () => {
    const name = uniqueName('empty');
    const { result, prompter } = await createWith([
      choose(PROJECT), { input: name }, choose(/No \.gitignore/), choose(/No license/), choose(/No README/), { info: undefined },
    ]);
    assert.equal(result?.defaultBranch, undefined);
    assert.equal(prompter.of('input').length, 1, 'only the name was asked');
    assert.equal(prompter.of('info')[0]?.text, `Created the empty repository ${name} in ${PROJECT}.`);
    const listed = (await repositories(org, token)).find((r) => r.name === name);
    assert.ok(listed);
    assert.equal(listed.defaultBranch, undefined);
    assert.equal((await git(['ls-remote', `${emu.url}/${org}/${PROJECT}/_git/${name}`], token)).trim(), '', 'no refs');
    // With the clone command installed, the next step offered is to clone it (or open it in the browser).
    const offered = prompter.of('info')[0]?.actions ?? [];
    assert.ok(offered.includes('Clone') && offered.includes('Open in Browser'), JSON.stringify(offered));
  });

  it('a failed first commit says what exists on the server; "Retry Commit" then writes it with the same choices', async () => {
    const name = uniqueName('retry');
    await control.addFault({ method: 'POST', pathRegex: '/_apis/git/repositories/[^/]+/pushes$', fault: 'status', status: 503, times: 1 });
    const { result, prompter } = await createWith([
      choose(PROJECT), { input: name }, choose('Python'), choose('MIT License'), accept, choose(/Add a README/), accept,
      { warning: 'Retry Commit' }, { info: undefined },
    ]);
    const [warning] = prompter.of('warning');
    assert.equal(warning?.text, `The repository ${name} was created in ${PROJECT}, but its first commit (README.md, .gitignore and LICENSE) could not be written: on the server it exists and is empty.`);
    assert.deepEqual(warning?.actions, ['Retry Commit', 'Delete Repository', 'Keep It Empty']);
    assert.match(warning?.detail ?? '', /server error 503/);
    assert.equal(result?.defaultBranch, 'main');
    const clone = path.join(temp, 'clone');
    await git(['clone', '--quiet', `${emu.url}/${org}/${PROJECT}/_git/${name}`, clone], token);
    assert.deepEqual((await git(['ls-tree', '-r', '--name-only', 'HEAD'], token, clone)).trim().split('\n'), ['.gitignore', 'LICENSE', 'README.md']);
    assert.equal(fs.readFileSync(path.join(clone, '.gitignore'), 'utf8'), gitignoreTemplate('Python')?.text);
  });

  it('a failed first commit offers "Delete Repository": then nothing is left on the server', async () => {
    const name = uniqueName('delete');
    await control.addFault({ method: 'POST', pathRegex: '/_apis/git/repositories/[^/]+/pushes$', fault: 'status', status: 500 });
    const { result, prompter } = await createWith([
      choose(PROJECT), { input: name }, choose('Go'), choose(/No license/), choose(/No README/), accept, { warning: 'Delete Repository' },
    ]);
    await control.clearFaults();
    assert.equal(result, undefined);
    assert.match(prompter.of('warning')[0]?.text ?? '', /its first commit \(\.gitignore\) could not be written/);
    assert.equal(prompter.of('info')[0]?.text, `The repository ${name} was deleted from ${PROJECT}: nothing of it is left on the server.`);
    assert.equal((await repositories(org, token)).some((r) => r.name === name), false);
  });

  it('keeping the empty repository is said, not silent', async () => {
    const name = uniqueName('keep');
    await control.addFault({ method: 'POST', pathRegex: '/pushes$', fault: 'status', status: 500 });
    const { result, prompter } = await createWith([
      choose(PROJECT), { input: name }, choose(/No \.gitignore/), choose(/No license/), choose(/Add a README/), accept, { warning: undefined },
    ]);
    await control.clearFaults();
    assert.equal(result?.name, name);
    assert.match(prompter.of('info')[0]?.text ?? '', new RegExp(`^${name} stays in ${PROJECT}, empty`));
    assert.equal((await repositories(org, token)).find((r) => r.name === name)?.defaultBranch, undefined);
  });

  it('offers Clone and Add as Remote through the clone and remote commands when they are installed', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const calls: { command: string; arg: unknown }[] = [];
    const stubs: vscode.Disposable[] = [];
    for (const command of ['azureDevOps.cloneRepository', 'azureDevOps.addRemote']) {
      if (!registered.has(command)) stubs.push(vscode.commands.registerCommand(command, (arg: unknown) => { calls.push({ command, arg }); }));
    }
    try {
      const name = uniqueName('next');
      const { prompter } = await createWith([
        choose(PROJECT), { input: name }, choose(/No \.gitignore/), choose(/No license/), choose(/Add a README/), accept,
        { info: stubs.length === 2 ? 'Clone' : undefined },
      ]);
      const actions = prompter.of('info')[0]?.actions ?? [];
      assert.deepEqual(actions, ['Clone', 'Add as Remote', 'Open in Browser']);
      if (stubs.length === 2) {
        assert.equal(calls.length, 1);
        const node = calls[0]?.arg as { repository: RepositoryInfo; project: { name: string } };
        assert.equal(node.repository.name, name);
        assert.equal(node.project.name, PROJECT);
        assert.equal(node.repository.remoteUrl, `${emu.url}/${org}/${PROJECT}/_git/${name}`);
      }
    } finally {
      for (const stub of stubs) stub.dispose();
    }
  });

  it('a name taken meanwhile (409) asks for another name, keeping the other choices', async () => {
    const name = uniqueName('race');
    // Someone else creates the name between the check and the creation: the extension's request (to the
    // project-id route) waits two seconds, the other one (organization route) does not.
    await control.addFault({ method: 'POST', pathRegex: '^/[^/]+/[0-9a-f-]{36}/_apis/git/repositories$', fault: 'delay', delayMs: 2000, times: 1 });
    const { result, prompter } = await createWith([
      choose(PROJECT),
      { input: () => { void createElsewhere(name); return name; } },
      choose('Node'), choose(/No license/), choose(/No README/), accept,
      { input: `${name}-2` }, { info: undefined },
    ]);
    assert.equal(result?.name, `${name}-2`);
    const renameBox = prompter.of('input').at(-1);
    assert.equal(renameBox?.options?.value, name, 'the name box opens again with the name typed');
    const clone = path.join(temp, 'clone');
    await git(['clone', '--quiet', `${emu.url}/${org}/${PROJECT}/_git/${name}-2`, clone], token);
    assert.deepEqual((await git(['ls-tree', '-r', '--name-only', 'HEAD'], token, clone)).trim().split('\n'), ['.gitignore']);

    async function createElsewhere(repo: string): Promise<void> {
      const project = await fetch(`${emu.url}/${org}/_apis/projects/${PROJECT}?api-version=7.1`, { headers: { Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}` } });
      const { id } = (await project.json()) as { id: string };
      await fetch(`${emu.url}/${org}/_apis/git/repositories?api-version=7.1`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: repo, project: { id } }),
      });
    }
  });
});
