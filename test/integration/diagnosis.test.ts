import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AccountRecord } from '../../src/auth/accountStore';
import type { ReportEntry } from '../../src/accounts/signInReport';
import type { TestingApi } from '../../src/testing';
import { accountNamed, cleanSlate, control, emulator, extensionApi, orgToken, runScripted, signOutEverywhere, token, waitFor } from './support/env';

describe('Token diagnosis and "Check Sign-in"', function () {
  let api: TestingApi;
  const emu = emulator();
  const alice = { id: '', displayName: 'Alice Example', uniqueName: 'alice@example.com' };
  const bobGlobal = token((t) => t.organizations === '*' && t.user === 'bob', 'bob\'s global token');
  const noCode = token((t) => Array.isArray(t.scopes) && !t.scopes.some((s) => s.startsWith('vso.code')) && !t.expires, 'without the Code scope');
  const revocable = { name: 'diagnosis-delta', token: 'diagnosis-delta-token-0123456789abcdefghij', user: 'alice', organizations: ['delta'] };

  /** What the user once stored for an organization (the token may have changed or stopped working since). */
  async function stored(name: string, kind: 'services' | 'server', secret: string, expires?: string): Promise<AccountRecord> {
    const url = kind === 'services' ? `${emu.url}/${name}` : `${emu.serverUrl}/${name}`;
    const record: AccountRecord = {
      key: url.toLowerCase(), kind, name, url, auth: 'pat', user: { ...alice, id: await aliceId() },
      addedAt: new Date().toISOString(), tokenState: 'valid', tokenExpires: expires,
    };
    await api.deps.accounts.save(record, secret);
    return record;
  }
  let aliceIdCache: string | undefined;
  async function aliceId(): Promise<string> {
    if (aliceIdCache) return aliceIdCache;
    const res = await fetch(`${emu.url}/alpha/_apis/connectionData`, { headers: { Authorization: `Basic ${Buffer.from(`:${orgToken('alpha')}`).toString('base64')}` } });
    aliceIdCache = ((await res.json()) as { authenticatedUser: { id: string } }).authenticatedUser.id;
    return aliceIdCache;
  }

  before(async () => { api = await extensionApi(); });
  beforeEach(async () => { await cleanSlate(api); });
  after(async () => {
    await signOutEverywhere(api);
    await control.call('DELETE', `tokens/${revocable.name}`).catch(() => undefined);
  });

  it('tells which cause applies for every organization, in one report with links to the page that fixes it', async () => {
    await control.call('POST', 'tokens', revocable);
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'gamma' }, { input: orgToken('gamma') }]); // Bob, fine
    await stored('alpha', 'services', bobGlobal);            // a token of another user (Bob) where Alice signed in
    await stored('beta', 'services', orgToken('gamma'));      // a token made for gamma only
    await stored('delta', 'services', revocable.token);      // revoked below
    await stored(emu.collections[0], 'server', noCode);      // lacks the Code scope
    await control.revokeToken(revocable.name);

    const { result } = await runScripted<ReportEntry[]>(api, 'azureDevOps.checkSignIn', []);
    const causes = Object.fromEntries(result.map((e) => [e.account.name, e.diagnosis.cause]));
    assert.deepEqual(causes, {
      alpha: 'differentUser', beta: 'otherOrganization', delta: 'expiredOrRevoked', gamma: 'ok', [emu.collections[0]]: 'missingCodeScope',
    });
    const byName = (n: string) => result.find((e) => e.account.name === n)!;
    assert.match(byName('beta').explanation.message, /beta did not accept the token, but it works for gamma: it was created for that organization only/);
    assert.match(byName('alpha').explanation.message, /belongs to Bob Builder \(bob@example\.com\), not to Alice Example \(alice@example\.com\)/);
    assert.match(byName('delta').explanation.message, /invalid, expired or revoked/);
    assert.match(byName(emu.collections[0]).explanation.message, /lacks the Code \(Read & write\) scope/);

    const report = api.deps.reports.last;
    assert.ok(report, 'a report was shown');
    const md = report.markdown;
    assert.match(md, /^# Azure DevOps sign-in check/);
    assert.match(md, /4 need attention/);
    for (const org of ['alpha', 'beta', 'delta']) assert.ok(md.includes(`](${emu.url}/${org}/_usersSettings/tokens)`), `${org}: link to its token page`);
    assert.ok(md.includes(`](${emu.serverUrl}/${emu.collections[0]}/_usersSettings/tokens)`));
    assert.match(md, /\| ✓ \| \[gamma\]/);
    assert.match(md, /## ✗ beta: Token is for gamma/);
    for (const secret of [bobGlobal, orgToken('gamma'), revocable.token, noCode]) assert.ok(!md.includes(secret), 'no token in the report');
    // Shown as a rendered Markdown preview of the read-only document.
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /Sign-in Check/.test(t.label)), 'the report tab');
    assert.ok(tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType), `a Markdown preview, not ${JSON.stringify(tab.input)}`);
    assert.equal(report.uri.scheme, 'azure-devops-report');
    assert.equal((await vscode.workspace.openTextDocument(report.uri)).getText(), md);
    // What the check learnt is kept: the refused tokens are marked.
    assert.equal(accountNamed(api, 'delta').tokenState, 'rejected');
    assert.equal(api.statusBar().state, 'rejected');
  });

  it('the tree names the cause by itself when an organization refuses its token', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'gamma' }, { input: orgToken('gamma') }]);
    await stored('beta', 'services', orgToken('gamma'));
    await vscode.commands.executeCommand('azureDevOps.refresh');
    const beta = (await api.treeChildren()).find((r) => r.label === 'beta')!;
    const [node] = await waitFor(async () => {
      const c = await api.treeChildren(beta.node);
      return c.length > 0 ? c : undefined;
    }, 'beta\'s error node');
    assert.match(node.label, /^Token not accepted \(it is for gamma\): click to enter a new one$/);
    assert.equal(node.command, 'azureDevOps.replaceToken');
    assert.ok(node.tooltip?.includes(`${emu.url}/beta/_usersSettings/tokens`), node.tooltip);
  });

  it('signing in with a token made for another signed-in organization says where it works', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'gamma' }, { input: orgToken('gamma') }]);
    const { prompter } = await runScripted(api, 'azureDevOps.signIn', [{ input: 'beta' }, { input: orgToken('gamma') }, { error: 'Enter Token Again' }, { input: orgToken('beta') }]);
    const [error] = prompter.of('error');
    assert.match(error.text, /beta did not accept the token, but it works for gamma/);
    assert.deepEqual(error.actions, ['Enter Token Again', 'Create Token…', 'Change Organization']);
    assert.deepEqual(api.deps.accounts.list().map((a) => a.name), ['beta', 'gamma']);
  });

  it('a single organization can be checked from the tree; an expiry day that has passed is named', async () => {
    const yesterday = new Date(Date.now() - 86_400_000);
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
    await control.call('POST', 'tokens', revocable);
    const record = await stored('delta', 'services', revocable.token, day);
    await control.revokeToken(revocable.name);
    const { result } = await runScripted<ReportEntry[]>(api, 'azureDevOps.checkSignIn', [], record.key);
    assert.equal(result.length, 1);
    assert.equal(result[0].diagnosis.cause, 'expired');
    assert.match(result[0].explanation.message, new RegExp(`expired on ${day}`));
  });
});
