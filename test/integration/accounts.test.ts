import * as assert from 'node:assert/strict';
import type { TestingApi } from '../../src/testing';
import { accountNamed, eachTestOnCleanSlate, emulator, extensionApi, orgToken, runScripted, token, waitFor } from './support/env';

describe('Several accounts side by side', function () {
  let api: TestingApi;
  const emu = emulator();
  const collection = emu.collections[0];
  const bobGlobal = token((t) => t.organizations === '*' && t.user === 'bob', 'bob\'s global token');

  before(async () => { api = await extensionApi(); });
  eachTestOnCleanSlate(() => api);

  it('two organizations as two different users, and a server collection: each shows which account it uses', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }]);
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'gamma' }, { input: orgToken('gamma') }]);
    await runScripted(api, 'azureDevOps.signIn', [{ input: `${emu.serverUrl}/${collection}` }, { input: emu.pat }]);
    const rows = await api.treeChildren();
    assert.deepEqual(rows.map((r) => [r.label, r.description]), [
      ['alpha', 'Alice Example · token'],
      [collection, 'Alice Example · token · Azure DevOps Server'],
      ['gamma', 'Bob Builder · token'],
    ]);
    assert.match(rows[2].tooltip ?? '', /Signed in as Bob Builder \(bob@example\.com\) with a personal access token/);
    assert.match(api.statusBar().tooltip, /gamma — \$\(key\) Bob Builder \(bob@example\.com\)/);
    // Each loads with its own credential.
    for (const row of rows) {
      await waitFor(async () => (await api.treeChildren(row.node)).some((c) => c.contextValue === 'project'), `${row.label}'s projects`);
    }
  });

  it('"Switch Account…" gives one organization another user\'s token; the others keep theirs', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }]);
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'beta' }, { input: orgToken('beta') }]);
    const alpha = accountNamed(api, 'alpha');
    const { prompter, result } = await runScripted<boolean>(api, 'azureDevOps.switchAccount', [
      { pick: (items) => items.find((i) => /Personal Access Token/.test(i.label))?.value },
      { input: bobGlobal },
    ], alpha.key);
    assert.equal(result, true, JSON.stringify(prompter.calls));
    assert.match(prompter.of('pick')[0].text, /alpha now uses a token of Alice Example/);
    assert.equal(prompter.of('info').filter((c) => /Add all/i.test(c.text)).length, 0, 'switching one organization adds no others');
    assert.match(prompter.of('info').at(-1)?.text ?? '', /alpha now uses a personal access token of Bob Builder/);
    assert.deepEqual(api.deps.accounts.list().map((a) => [a.name, a.user.displayName]), [['alpha', 'Bob Builder'], ['beta', 'Alice Example']]);
    assert.equal(await api.deps.accounts.getToken(alpha.key), bobGlobal);
    assert.equal(await api.deps.accounts.getToken(api.deps.accounts.list()[1].key), orgToken('beta'));
  });

  it('signs out of one account without touching the others', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }]);
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'gamma' }, { input: orgToken('gamma') }]);
    const gamma = accountNamed(api, 'gamma');
    const { prompter } = await runScripted(api, 'azureDevOps.signOut', [{ warning: 'Sign Out' }], gamma.key);
    assert.match(prompter.of('warning')[0].text, /Sign out of gamma/);
    assert.deepEqual(api.deps.accounts.list().map((a) => a.name), ['alpha']);
    assert.equal(await api.deps.accounts.getToken(api.deps.accounts.list()[0].key), orgToken('alpha'));
  });
});
