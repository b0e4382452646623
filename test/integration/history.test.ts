import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { API, Repository } from '../../src/git/git';
import type { TestingApi } from '../../src/testing';
import { cleanSlate, control, emulator, extensionApi, orgToken, signIn, signOutEverywhere } from './support/env';
import { cleanUpRepos, cloneRepo, createRepo, emulatorGet, git, gitApi, openRepo } from './support/gitRepos';
import { ScriptedPrompter } from './support/prompter';

describe('Source Control Graph details (author pictures, message links, Open Commit)', function () {
  let api: TestingApi;
  let gitExt: API;
  let clone: Repository;
  const emu = emulator();
  const webUrl = () => `${emu.url}/alpha/Web/_git/web-app`;

  before(async () => {
    api = await extensionApi();
    gitExt = await gitApi();
    assert.ok(await api.git.ready, 'the Git integration is on');
    await signOutEverywhere(api);
    api.setPrompter(new ScriptedPrompter([])); // the offer to sign in to alpha is recorded and dismissed
    clone = await openRepo(gitExt, cloneRepo(webUrl(), 'history-web-app', orgToken('alpha')));
  });
  beforeEach(async () => {
    await cleanSlate(api);
    api.git.avatars.clear();
  });
  after(async () => {
    await signOutEverywhere(api);
    await cleanUpRepos(gitExt);
  });

  it('links AB# to work items and ! to pull requests of the Azure Repos remote; other repositories are left alone', async () => {
    const provider = api.git.historyDetails;
    assert.equal(provider.provideMessageLinks(clone, 'Fix AB#12 after !34\n\nMerged PR 56: Search'),
      `Fix [AB#12](${emu.url}/alpha/Web/_workitems/edit/12) after [!34](${webUrl()}/pullrequest/34)\n\nMerged [PR 56](${webUrl()}/pullrequest/56): Search`);
    assert.equal(provider.provideMessageLinks(clone, 'Nothing to link, `AB#1` is code'), undefined);
    const elsewhere = await openRepo(gitExt, createRepo('github-only', { origin: 'https://github.com/microsoft/vscode.git' }));
    assert.equal(provider.provideMessageLinks(elsewhere, 'Fix AB#12'), undefined);
    assert.equal(provider.provideHoverCommands(elsewhere), undefined);
    assert.equal(await provider.provideAvatar(elsewhere, { commits: [{ hash: 'x', authorEmail: 'alice@example.com' }], size: 20 }), undefined);
  });

  it('gives the seeded authors their pictures from the organization, as files VS Code can load', async () => {
    await signIn(api, 'alpha');
    const commits = await clone.log({ maxEntries: 10 });
    const authors = new Set(commits.map((c) => c.authorEmail));
    assert.deepEqual([...authors].sort(), ['alice@example.com', 'bob@example.com'], 'the seed has commits by alice and bob');
    const query = { commits: [...commits.map((c) => ({ hash: c.hash, authorName: c.authorName, authorEmail: c.authorEmail })), { hash: 'f00', authorEmail: 'stranger@example.com' }], size: 20 };
    const avatars = await api.git.historyDetails.provideAvatar(clone, query);
    assert.ok(avatars, 'pictures for a signed-in organization');
    assert.equal(avatars.get('f00'), undefined, 'someone the organization does not know has none');
    const token = orgToken('alpha');
    for (const email of authors) {
      const identities = await emulatorGet<{ value: { subjectDescriptor: string }[] }>(
        `${emu.vsspsUrl}/alpha/_apis/identities?searchFilter=MailAddress&filterValue=${encodeURIComponent(email ?? '')}`, token);
      const res = await fetch(`${emu.url}/alpha/_apis/GraphProfile/MemberAvatars/${identities.value[0]!.subjectDescriptor}`,
        { headers: { Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}` } });
      const expected = Buffer.from(await res.arrayBuffer());
      for (const commit of commits.filter((c) => c.authorEmail === email)) {
        const uri: string = avatars.get(commit.hash) ?? '';
        assert.ok(uri.startsWith('file:///'), `a file URI for ${commit.hash}: ${uri}`);
        const file: string = vscode.Uri.parse(uri).fsPath;
        assert.deepEqual(fs.readFileSync(file), expected, `the picture of ${email}`);
        assert.ok(!uri.includes(token), 'no token in the URI');
      }
    }
    const files = new Set([...avatars.values()].filter(Boolean));
    assert.equal(files.size, 2, 'one file per author');
    // Asked again, the pictures come from memory: no further identity lookups.
    const before = ((await control.call('GET', 'log')) as { entries: { path: string }[] }).entries.filter((e) => e.path.endsWith('/_apis/identities')).length;
    await api.git.historyDetails.provideAvatar(clone, query);
    const afterCount = ((await control.call('GET', 'log')) as { entries: { path: string }[] }).entries.filter((e) => e.path.endsWith('/_apis/identities')).length;
    assert.equal(afterCount, before);
  });

  it('has no pictures while the organization is not signed in (links still work)', async () => {
    const commits = await clone.log({ maxEntries: 2 });
    assert.equal(await api.git.historyDetails.provideAvatar(clone, { commits, size: 20 }), undefined);
    assert.ok(api.git.historyDetails.provideMessageLinks(clone, 'AB#1'));
  });

  it('"Open Commit on Azure DevOps" opens the commit page, from a hover and from the palette', async () => {
    const opened: string[] = [];
    api.setOpenExternal(async (url) => { opened.push(url); return true; });
    const [command] = api.git.historyDetails.provideHoverCommands(clone) ?? [];
    assert.equal(command?.command, 'azureDevOps.openCommit');
    assert.match(command?.title ?? '', /Open Commit on Azure DevOps/);
    const head = git(clone.rootUri.fsPath, ['rev-parse', 'HEAD']).trim();
    // The Git extension calls it with the command's arguments and the commit hash appended.
    await vscode.commands.executeCommand(command!.command, ...(command!.arguments ?? []), head);
    api.setPrompter(new ScriptedPrompter([{ pick: (items) => items.find((i) => i.label.endsWith(' history-web-app'))?.value }]));
    await vscode.commands.executeCommand('azureDevOps.openCommit');
    assert.deepEqual(opened, [`${webUrl()}/commit/${head}`, `${webUrl()}/commit/${head}`]);
  });
});
