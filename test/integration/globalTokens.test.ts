import * as assert from 'node:assert/strict';
import type { AccountRecord } from '../../src/auth/accountStore';
import type { TestingApi } from '../../src/testing';
import { control, eachTestOnCleanSlate, extensionApi, orgToken, runScripted, token } from './support/env';

describe('Global tokens while they last, and organization tokens', function () {
  let api: TestingApi;
  const aliceGlobal = token((t) => t.organizations === '*' && t.user === 'alice' && t.kind !== 'entra', 'alice\'s global token');
  const bobGlobal = token((t) => t.organizations === '*' && t.user === 'bob', 'bob\'s global token');
  const names = () => api.deps.accounts.list().map((a) => a.name);

  before(async () => { api = await extensionApi(); });
  eachTestOnCleanSlate(() => api);

  it('Sign In with a token that can list accounts offers "Add all N organizations" and adds them with one token', async () => {
    const { prompter } = await runScripted(api, 'azureDevOps.signIn', [
      { input: 'alpha' }, { input: aliceGlobal }, { info: 'Add All 3 Organizations' },
      { pick: (items) => items.find((i) => i.label === '30 days')?.value },
    ]);
    const [offer] = prompter.of('info');
    assert.match(offer.text, /This token can also open beta, delta\. Add all 3 organizations with it\?/);
    assert.match(offer.text, /1 December 2026/);
    assert.deepEqual(offer.actions, ['Add All 3 Organizations', 'Only alpha']);
    assert.deepEqual(names(), ['alpha', 'beta', 'delta']);
    for (const a of api.deps.accounts.list()) {
      assert.equal(await api.deps.accounts.getToken(a.key), aliceGlobal);
      assert.ok(a.tokenExpires, 'the expiry applies to every organization added with the token');
    }
    assert.deepEqual(prompter.of('pick').map((p) => p.text), ['The lifetime you chose when you created the token; the status bar reminds you 7 days ahead']);
  });

  it('"Only alpha" keeps just the organization asked for', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: aliceGlobal }, { info: 'Only alpha' }]);
    assert.deepEqual(names(), ['alpha']);
  });

  it('an organization token is not offered more (app.vssps refuses it) and signs in as before', async () => {
    const { prompter } = await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }]);
    assert.equal(prompter.of('info').filter((c) => /Add all/.test(c.text)).length, 0);
    assert.deepEqual(names(), ['alpha']);
  });

  it('Add Organizations from a Token: a global token lists its organizations; "Add All" adds every one', async () => {
    const { prompter, result } = await runScripted<AccountRecord[]>(api, 'azureDevOps.signInWithToken', [
      { input: bobGlobal },
      { pick: (items) => { assert.deepEqual(items.map((i) => i.label), ['Add All 3 Organizations', 'alpha', 'beta', 'gamma', 'Another Organization…']); return items[0].value; } },
      { pick: (items) => items.find((i) => i.label === 'I don\'t know')?.value },
    ]);
    assert.equal(prompter.of('input')[0].options?.password, true);
    assert.match(prompter.of('pick')[0].text, /Global tokens stop working on 1 December 2026/);
    assert.deepEqual(result.map((a) => a.name), ['alpha', 'beta', 'gamma']);
    assert.ok(api.deps.accounts.list().every((a) => a.user.displayName === 'Bob Builder' && a.tokenExpires === undefined));
    assert.match(prompter.of('info')[0].text, /Signed in to alpha, beta, gamma as Bob Builder/);
  });

  it('Add Organizations from a Token: one organization of the list', async () => {
    await runScripted(api, 'azureDevOps.signInWithToken', [{ input: bobGlobal }, { pick: (items) => items.find((i) => i.label === 'gamma')?.value }]);
    assert.deepEqual(names(), ['gamma']);
  });

  it('an organization token that app.vssps refuses (401): explains organization tokens are the norm and asks for the organization', async () => {
    const { prompter, result } = await runScripted<AccountRecord[]>(api, 'azureDevOps.signInWithToken', [
      { input: orgToken('beta') }, { input: 'no such org!' }, { input: 'beta' },
    ]);
    const ask = prompter.of('input')[1];
    assert.equal(ask.text, 'Organization of This Token');
    assert.match(ask.options?.prompt ?? '', /works for one organization only.*Organization tokens are the norm now.*1 December 2026/);
    assert.equal(prompter.of('validation').length, 1, 'the invalid name is refused in the box');
    assert.deepEqual(result.map((a) => a.name), ['beta']);
    assert.equal(prompter.of('error').length, 0, 'nothing failed');
    assert.equal(await api.deps.accounts.getToken(result[0].key), orgToken('beta'));
  });

  it('an organization token for the wrong organization: the token is asked again, the organization kept', async () => {
    const { prompter, result } = await runScripted<AccountRecord[]>(api, 'azureDevOps.signInWithToken', [
      { input: orgToken('beta') }, { input: 'alpha' }, { error: 'Enter Token Again' }, { input: orgToken('alpha') },
    ]);
    assert.match(prompter.of('error')[0].text, /alpha did not accept the personal access token/);
    assert.deepEqual(result.map((a) => a.name), ['alpha']);
  });

  it('a token pasted where Sign In asks for the organization is taken as a token (never kept as typed text)', async () => {
    // Real personal access tokens have 52 (or 84) characters; organization names at most 50.
    const realistic = 'b0bg10ba1t0ken52charsabcdefghijklmnopqrstuvwxyz23456';
    assert.equal(realistic.length, 52);
    await control.call('POST', 'tokens', { name: 'bob-global-52', token: realistic, user: 'bob', organizations: '*' });
    const { prompter, result } = await runScripted<AccountRecord | undefined>(api, 'azureDevOps.signIn', [
      { input: realistic }, { pick: (items) => items.find((i) => i.label === 'beta')?.value },
    ]).finally(() => control.call('DELETE', 'tokens/bob-global-52'));
    assert.equal(prompter.of('validation').length, 0);
    assert.equal(result?.name, 'beta');
    assert.equal(prompter.of('input').length, 1, 'the token was not asked again');
  });

  it('the profile service failing is explained, not mistaken for an organization token', async () => {
    await control.addFault({ listener: 'vssps', fault: 'status', status: 500 });
    const { prompter } = await runScripted(api, 'azureDevOps.signInWithToken', [{ input: aliceGlobal }, { error: undefined }]);
    assert.match(prompter.of('error')[0].text, /server error 500/);
    assert.deepEqual(prompter.of('error')[0].actions, ['Try Again', 'Show Log']);
    assert.equal(api.deps.accounts.list().length, 0);
  });
});
