import * as assert from 'node:assert/strict';
import type { TestingApi } from '../../src/testing';
import { eachTestOnCleanSlate, extensionApi, orgToken, runScripted } from './support/env';
import type { Step } from './support/prompter';

function dayAfter(days: number): string {
  const d = new Date();
  const t = new Date(d.getFullYear(), d.getMonth(), d.getDate() + days);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
}

describe('Token expiry', function () {
  let api: TestingApi;
  const pickLabel = (label: string): Step => ({ pick: (items) => items.find((i) => i.label === label)?.value });

  before(async () => { api = await extensionApi(); });
  eachTestOnCleanSlate(() => api);

  it('offers 7, 30, 90, 180, 365 days, a date or "I don\'t know" when a token is added', async () => {
    const { prompter } = await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }, pickLabel('90 days')]);
    assert.deepEqual(prompter.of('pick')[0].actions, ['7 days', '30 days', '90 days', '180 days', '365 days', 'On a date…', 'I don\'t know']);
    assert.equal(api.deps.accounts.list()[0].tokenExpires, dayAfter(90));
    assert.equal(api.statusBar().state, 'signedIn');
    assert.match((await api.treeChildren())[0].tooltip ?? '', new RegExp(`expires ${dayAfter(90)}`));
  });

  it('the status bar warns seven days ahead and offers to replace the token', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }, pickLabel('7 days')]);
    const bar = api.statusBar();
    assert.equal(bar.state, 'expiring');
    assert.equal(bar.warning, true);
    assert.match(bar.text, /\$\(clock\) Azure DevOps: token expires in 7 days/);
    assert.match(bar.tooltip, new RegExp(`The token for alpha expires on ${dayAfter(7)}\\. Click to replace it`));
    assert.equal(bar.command, 'azureDevOps.replaceToken');
    const [row] = await api.treeChildren();
    assert.match(row.description ?? '', /token expires in 7 days/);

    // The click: a new token, a new lifetime; the warning is gone.
    const { prompter } = await runScripted(api, bar.command!, [{ input: orgToken('alpha') }, pickLabel('180 days')], ...(bar.commandArguments ?? []));
    assert.equal(prompter.of('input').length, 1);
    assert.equal(api.deps.accounts.list()[0].tokenExpires, dayAfter(180));
    assert.equal(api.statusBar().state, 'signedIn');
    assert.equal(api.statusBar().warning, false);
  });

  it('"On a date…" checks the typed date; "I don\'t know" stores none', async () => {
    const { prompter } = await runScripted(api, 'azureDevOps.signIn', [
      { input: 'alpha' }, { input: orgToken('alpha') }, pickLabel('On a date…'), { input: '2020-01-01' }, { input: dayAfter(3) },
    ]);
    assert.match(prompter.of('validation')[0].text, /That day has passed/);
    assert.equal(api.deps.accounts.list()[0].tokenExpires, dayAfter(3));
    assert.match(api.statusBar().text, /token expires in 3 days/);
    await runScripted(api, 'azureDevOps.replaceToken', [{ input: orgToken('alpha') }, pickLabel('I don\'t know')], api.deps.accounts.list()[0].key);
    assert.equal(api.deps.accounts.list()[0].tokenExpires, undefined);
    assert.equal(api.statusBar().state, 'signedIn');
  });

  it('a rejected token still turns the status bar into the "token rejected" warning (it outranks expiry)', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }, pickLabel('7 days')]);
    await api.deps.accounts.setTokenState(api.deps.accounts.list()[0].key, 'rejected');
    assert.equal(api.statusBar().state, 'rejected');
    assert.match(api.statusBar().text, /token rejected/);
  });
});
