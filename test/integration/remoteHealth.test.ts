import * as assert from 'node:assert/strict';
import type { API } from '../../src/git/git';
import type { TestingApi } from '../../src/testing';
import { cleanSlate, emulator, extensionApi, orgToken, signIn, signOutEverywhere, waitFor } from './support/env';
import { cleanUpRepos, createRepo, git, gitApi, openRepo, provideCredentials } from './support/gitRepos';
import { ScriptedPrompter } from './support/prompter';

const LEGACY = 'https://alpha.visualstudio.com/Web/_git/web-app';

describe('Remote health (legacy addresses, organizations not signed in)', function () {
  let api: TestingApi;
  let gitExt: API;
  const emu = emulator();

  before(async () => {
    api = await extensionApi();
    gitExt = await gitApi();
    assert.ok(await api.git.ready, 'the Git integration is on');
  });
  beforeEach(async () => {
    await cleanSlate(api);
    await signIn(api, 'alpha');
  });
  after(async () => {
    await signOutEverywhere(api);
    await cleanUpRepos(gitExt);
  });

  it('offers to rewrite a visualstudio.com remote and rewrites it to dev.azure.com (here: the configured service URL)', async () => {
    const prompter = new ScriptedPrompter([{ info: 'Rewrite Remotes' }]);
    api.setPrompter(prompter);
    const dir = createRepo('legacy-rewrite', { origin: LEGACY });
    const repo = await openRepo(gitExt, dir);
    await api.git.remoteHealth.settled(repo);
    const offer = prompter.of('info')[0];
    assert.match(offer?.text ?? '', /The repository legacy-rewrite reaches Azure DevOps through the old address alpha\.visualstudio\.com \(remote origin\)\. Rewrite the remotes to dev\.azure\.com\?/);
    assert.deepEqual(offer?.actions, ['Rewrite Remotes', 'Not Now', "Don't Ask Again"]);
    const expected = `${emu.url}/alpha/Web/_git/web-app`;
    assert.equal(git(dir, ['remote', 'get-url', 'origin']).trim(), expected);
    assert.match(prompter.of('info')[1]?.text ?? '', new RegExp(`Rewrote legacy-rewrite: origin → ${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // The rewritten remote works: git fetches from it.
    await waitFor(() => repo.state.remotes[0]?.fetchUrl === expected, 'the Git extension to see the new URL');
    const credentials = provideCredentials(gitExt, orgToken('alpha'));
    try {
      await repo.fetch('origin');
    } finally {
      credentials.dispose();
    }
    await waitFor(async () => (await repo.getRefs({ pattern: 'refs/remotes/origin/main' })).length === 1, 'origin/main fetched through the rewritten remote');
    assert.equal(prompter.of('info').length, 2, 'alpha is signed in: no sign-in offer');
  });

  it('"Not Now" changes nothing; "Don\'t Ask Again" is remembered for the repository', async () => {
    const notNow = new ScriptedPrompter([{ info: 'Not Now' }]);
    api.setPrompter(notNow);
    const dir = createRepo('legacy-kept', { origin: LEGACY });
    const repo = await openRepo(gitExt, dir);
    await api.git.remoteHealth.settled(repo);
    assert.equal(notNow.of('info').length, 1);
    assert.equal(git(dir, ['remote', 'get-url', 'origin']).trim(), LEGACY);

    const never = new ScriptedPrompter([{ info: "Don't Ask Again" }]);
    api.setPrompter(never);
    api.git.remoteHealth.forgetSession();
    await api.git.remoteHealth.check(repo);
    assert.equal(never.of('info').length, 1);
    assert.equal(git(dir, ['remote', 'get-url', 'origin']).trim(), LEGACY);

    const after = new ScriptedPrompter([]);
    api.setPrompter(after);
    api.git.remoteHealth.forgetSession();
    await api.git.remoteHealth.check(repo);
    assert.equal(after.calls.length, 0, 'not asked again for this repository');
  });

  it('offers "Sign in to {org}" for a remote of an organization not signed in, with the organization filled in', async () => {
    const prompter = new ScriptedPrompter([
      { info: 'Sign in to beta' },
      { input: (o) => { assert.equal(o.value, 'beta', 'the organization box is prefilled'); return o.value; } },
      { input: orgToken('beta') },
    ]);
    api.setPrompter(prompter);
    const repo = await openRepo(gitExt, createRepo('other-org', { origin: `${emu.url}/beta/Mobile/_git/ios`, mirror: `${emu.url}/alpha/Web/_git/web-app` }));
    await api.git.remoteHealth.settled(repo);
    const offer = prompter.of('info')[0];
    assert.match(offer?.text ?? '', /The remote origin of other-org is in the Azure DevOps organization beta, which you are not signed in to\./);
    assert.deepEqual(offer?.actions, ['Sign in to beta', "Don't Ask Again"]);
    await waitFor(() => api.deps.accounts.list().some((a) => a.name === 'beta'), 'the sign-in to beta');
    assert.equal(prompter.of('info').filter((c) => /not signed in/.test(c.text)).length, 1, 'alpha (signed in) was not offered');
  });
});
