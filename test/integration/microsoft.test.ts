import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AccountRecord } from '../../src/auth/accountStore';
import { AZURE_DEVOPS_SCOPE } from '../../src/auth/microsoft';
import type { TestingApi } from '../../src/testing';
import { EntraStandIn, seedAccounts, STAND_IN_ID, tenants } from './support/entraStandIn';
import { accountNamed, cleanSlate, emulator, extensionApi, orgToken, runScripted, signOutEverywhere, token, waitFor } from './support/env';

describe('Microsoft sign-in', function () {
  let api: TestingApi;
  let standIn: EntraStandIn;
  const emu = emulator();
  const { alice, dave } = seedAccounts();
  const { contoso, fabrikam } = tenants();
  const names = (list: AccountRecord[] | undefined) => (list ?? []).map((a) => a.name).sort();

  before(async () => {
    api = await extensionApi();
    standIn = new EntraStandIn([alice, dave]).register();
  });
  beforeEach(async () => {
    await cleanSlate(api);
    standIn.signOutAll();
    standIn.refusals.clear();
    standIn.nextAccount = alice;
    api.setMicrosoftProvider(STAND_IN_ID);
  });
  after(async () => {
    await signOutEverywhere(api);
    api.setMicrosoftProvider(undefined);
    standIn.dispose();
  });

  it('asks VS Code\'s real "microsoft" provider for the Azure DevOps scopes, silently, without going online', async () => {
    const real = api.setMicrosoftProvider(undefined);
    assert.equal(real.providerId, 'microsoft');
    assert.equal(await real.getSession({ mode: 'silent' }), undefined);
    assert.deepEqual(real.lastRequest?.scopes, [AZURE_DEVOPS_SCOPE, 'offline_access']);
    assert.equal(real.lastRequest?.options.silent, true);
    assert.equal(await real.getSession({ mode: 'silent', tenant: contoso }), undefined);
    assert.deepEqual(real.lastRequest?.scopes, [AZURE_DEVOPS_SCOPE, 'offline_access', `VSCODE_TENANT:${contoso}`]);
    assert.deepEqual(await real.accounts(), [], 'nobody is signed in to Microsoft in the test host');
    // An organization signed in with Microsoft but without a session is diagnosed as such, not as a crash.
    const record: AccountRecord = {
      key: `${emu.url}/alpha`.toLowerCase(), kind: 'services', name: 'alpha', url: `${emu.url}/alpha`, auth: 'microsoft',
      user: { id: 'x', displayName: 'Alice Example' }, addedAt: new Date().toISOString(), tokenState: 'valid',
      microsoft: { id: `${alice.objectId}.${contoso}`, label: alice.label },
    };
    await api.deps.accounts.save(record);
    const { result } = await runScripted<{ diagnosis: { cause: string } }[]>(api, 'azureDevOps.checkSignIn', []);
    assert.equal(result[0].diagnosis.cause, 'microsoftSignedOut');
  });

  it('lists every organization of the account and shows them all, loading them with the Entra token as Bearer', async () => {
    assert.equal(await standIn.signInThroughAccountsMenu(alice), undefined);
    const { prompter, result } = await runScripted<AccountRecord[]>(api, 'azureDevOps.signInWithMicrosoft', []);
    assert.deepEqual(names(result), ['alpha', 'beta'], JSON.stringify(prompter.calls));
    const created = standIn.requests.filter((r) => r.kind === 'createSession');
    assert.deepEqual(created.at(-1)?.scopes, [AZURE_DEVOPS_SCOPE, 'offline_access']);
    assert.match(prompter.of('info')[0].text, /Signed in with Microsoft as alice@contoso\.example: 2 organizations \(alpha, beta\)/);
    for (const a of api.deps.accounts.list()) {
      assert.equal(a.auth, 'microsoft');
      assert.equal(a.microsoft?.label, alice.label);
      assert.equal(await api.deps.accounts.getToken(a.key), undefined, 'no token is stored for a Microsoft organization');
    }
    const rows = await api.treeChildren();
    assert.deepEqual(rows.map((r) => r.label), ['alpha', 'beta']);
    assert.match(rows[0].description ?? '', /^alice@contoso\.example · Microsoft account$/);
    assert.match(rows[0].tooltip ?? '', /with the Microsoft account alice@contoso\.example/);
    assert.match(rows[0].contextValue ?? '', /\.microsoft$/);
    const projects = await waitFor(async () => {
      const children = await api.treeChildren(rows[0].node);
      return children.length > 0 && children.every((c) => c.contextValue === 'project') ? children : undefined;
    }, 'the projects of alpha');
    assert.ok(projects.some((p) => p.label === 'Web'));
    assert.match(api.statusBar().tooltip, /alpha — \$\(account\) alice@contoso\.example/);
  });

  it('hides organizations the user does not want, and shows them again', async () => {
    await standIn.signInThroughAccountsMenu(alice);
    await runScripted(api, 'azureDevOps.signInWithMicrosoft', []);
    const beta = accountNamed(api, 'beta');
    assert.equal(await vscode.commands.executeCommand('azureDevOps.hideOrganization', beta.key), true);
    assert.deepEqual((await api.treeChildren()).map((r) => r.label), ['alpha']);
    assert.equal(api.deps.accounts.list().length, 2, 'still signed in');
    assert.match(api.statusBar().text, /alpha/);
    const alpha = accountNamed(api, 'alpha');
    await vscode.commands.executeCommand('azureDevOps.hideOrganization', alpha.key);
    assert.deepEqual(await api.treeChildren(), []);
    assert.match(api.statusBar().text, /2 hidden organizations/);
    assert.equal(api.statusBar().state, 'signedIn');
    // Signing in again keeps the choice.
    await runScripted(api, 'azureDevOps.signInWithMicrosoft', []);
    assert.deepEqual(await api.treeChildren(), []);
    const { prompter, result } = await runScripted<string[]>(api, 'azureDevOps.showHiddenOrganizations', [{ pick: (items) => items.find((i) => i.label === 'beta')?.value }]);
    assert.deepEqual(prompter.calls[0].actions, ['Show All 2', 'alpha', 'beta']);
    assert.deepEqual(result, [beta.key]);
    assert.deepEqual((await api.treeChildren()).map((r) => r.label), ['beta']);
    await runScripted(api, 'azureDevOps.showHiddenOrganizations', [{ pick: (items) => items[0].value }]);
    assert.deepEqual((await api.treeChildren()).map((r) => r.label), ['alpha', 'beta']);
  });

  it('"Choose Tenant…" asks VS Code for a token of that tenant (VSCODE_TENANT) and lists its organizations', async () => {
    await standIn.signInThroughAccountsMenu(alice, fabrikam);
    const { prompter, result } = await runScripted<AccountRecord[]>(api, 'azureDevOps.signInWithMicrosoftTenant', [
      { input: 'not a tenant' }, { input: fabrikam.toUpperCase() },
    ]);
    assert.match(prompter.of('validation')[0]?.text ?? '', /tenant \(directory\) id/);
    assert.deepEqual(names(result), ['delta'], JSON.stringify(prompter.calls));
    assert.deepEqual(standIn.requests.filter((r) => r.kind === 'createSession').at(-1)?.scopes, [AZURE_DEVOPS_SCOPE, 'offline_access', `VSCODE_TENANT:${fabrikam}`]);
    const [delta] = api.deps.accounts.list();
    assert.equal(delta.microsoft?.tenant, fabrikam);
    const [row] = await api.treeChildren();
    assert.match(row.tooltip ?? '', new RegExp(`tenant ${fabrikam}`));
    const children = await waitFor(async () => {
      const c = await api.treeChildren(row.node);
      return c.some((p) => p.label === 'Fabrikam') ? c : undefined;
    }, 'delta\'s project through the fabrikam token');
    assert.equal(children.length, 1);
    // The default tenant next to it: both directories side by side, each organization with its own session.
    await standIn.signInThroughAccountsMenu(alice);
    await runScripted(api, 'azureDevOps.signInWithMicrosoft', []);
    assert.deepEqual(api.deps.accounts.list().map((a) => `${a.name}:${a.microsoft?.tenant ?? 'home'}`), ['alpha:home', 'beta:home', `delta:${fabrikam}`]);
  });

  it('a personal Microsoft account: the message says Entra does not serve it and the token path signs in', async () => {
    assert.equal(await standIn.signInThroughAccountsMenu(dave), undefined);
    const { prompter, result } = await runScripted<AccountRecord[]>(api, 'azureDevOps.signInWithMicrosoft', [
      { error: 'Use a Personal Access Token' }, { input: 'alpha' }, { input: orgToken('alpha') },
    ]);
    const [error] = prompter.of('error');
    assert.match(error.text, /dave@outlook\.example is a personal Microsoft account: Microsoft Entra sign-in does not serve personal accounts/);
    assert.deepEqual(error.actions, ['Use a Personal Access Token', 'Use Another Microsoft Account']);
    assert.deepEqual(names(result), ['alpha']);
    assert.equal(api.deps.accounts.list()[0].auth, 'pat');
  });

  it('a sign-in VS Code cannot complete (a tenant that refuses, no consent) is explained and the token path offered', async () => {
    const refusing = '0badbad0-0000-4000-8000-000000000000';
    standIn.refusals.set(refusing, `AADSTS53003: Access has been blocked by Conditional Access policies. Tenant ${refusing}.`);
    // In the Accounts menu the tenant refuses (VS Code passes the provider's error on)...
    const refused = await standIn.signInThroughAccountsMenu(alice, refusing);
    assert.match(refused?.message ?? '', /AADSTS53003/);
    // ...and the extension's own request cannot complete either (here VS Code refuses the consent dialog in tests).
    const { prompter, result } = await runScripted<AccountRecord[]>(api, 'azureDevOps.signInWithMicrosoftTenant', [
      { input: refusing }, { error: 'Use a Personal Access Token' }, { input: 'beta' }, { input: orgToken('beta') },
    ]);
    const [error] = prompter.of('error');
    assert.match(error.text, /^Microsoft sign-in failed: .+ You can use a personal access token instead\.$/);
    assert.deepEqual(error.actions, ['Use a Personal Access Token', 'Try Again', 'Show Log']);
    assert.deepEqual(names(result), ['beta']);
    assert.equal(standIn.requests.filter((r) => r.kind === 'createSession' && r.scopes.includes(`VSCODE_TENANT:${refusing}`)).length, 1, 'only the Accounts menu sign-in reached the provider');
  });

  it('a Microsoft account plus a token for an organization outside its tenant; switching accounts per organization', async () => {
    await standIn.signInThroughAccountsMenu(alice);
    await standIn.signInThroughAccountsMenu(alice, fabrikam);
    await runScripted(api, 'azureDevOps.signInWithMicrosoft', []);
    // gamma is in another tenant and alice is no member: Bob's token for it.
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'gamma' }, { input: orgToken('gamma') }]);
    let rows = await api.treeChildren();
    assert.deepEqual(rows.map((r) => [r.label, r.description]), [
      ['alpha', 'alice@contoso.example · Microsoft account'],
      ['beta', 'alice@contoso.example · Microsoft account'],
      ['gamma', 'Bob Builder · token'],
    ]);

    // beta: switch to a personal access token; alpha keeps Microsoft.
    const beta = accountNamed(api, 'beta');
    const toToken = await runScripted<boolean>(api, 'azureDevOps.switchAccount', [
      { pick: (items) => { assert.deepEqual(items.map((i) => i.label), ['$(account) alice@contoso.example', '$(add) Another Microsoft Account…', '$(key) Personal Access Token…']); return items[2].value; } },
      { input: orgToken('beta') },
    ], beta.key);
    assert.equal(toToken.result, true, JSON.stringify(toToken.prompter.calls));
    assert.equal(api.deps.accounts.get(beta.key)?.auth, 'pat');
    assert.equal(accountNamed(api, 'alpha').auth, 'microsoft');

    // ...and back to the Microsoft account.
    const back = await runScripted<boolean>(api, 'azureDevOps.switchAccount', [{ pick: (items) => items[0].value }], beta.key);
    assert.equal(back.result, true);
    assert.equal(api.deps.accounts.get(beta.key)?.auth, 'microsoft');
    assert.equal(await api.deps.accounts.getToken(beta.key), undefined, 'the old token is gone');

    // delta (fabrikam) with alice's global token, then switched to her contoso session: refused (VS30063) → choose the tenant.
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'delta' }, { input: token((t) => t.organizations === '*' && t.user === 'alice' && t.kind !== 'entra', 'alice\'s global token') }]);
    const delta = accountNamed(api, 'delta');
    const switched = await runScripted<boolean>(api, 'azureDevOps.switchAccount', [
      { pick: (items) => items[0].value }, { error: 'Choose Tenant…' }, { input: fabrikam },
    ], delta.key);
    const [refusal] = switched.prompter.of('error');
    assert.match(refusal.text, /delta did not accept the Microsoft account alice@contoso\.example: the organization is connected to another Microsoft Entra directory/);
    assert.equal(switched.result, true);
    assert.deepEqual(api.deps.accounts.get(delta.key)?.microsoft, { id: `${alice.objectId}.${contoso}`, label: alice.label, tenant: fabrikam });
    rows = await api.treeChildren();
    assert.equal(rows.length, 4);

    // Signing out of one leaves the others alone.
    await runScripted(api, 'azureDevOps.signOut', [{ warning: 'Sign Out' }], beta.key);
    assert.deepEqual(api.deps.accounts.list().map((a) => a.name), ['alpha', 'delta', 'gamma']);
  });

  it('when VS Code signs the Microsoft account out, the tree says so and offers to switch the account', async () => {
    await standIn.signInThroughAccountsMenu(alice);
    await runScripted(api, 'azureDevOps.signInWithMicrosoft', []);
    standIn.signOutAll();
    await vscode.commands.executeCommand('azureDevOps.refresh');
    const [alpha] = await api.treeChildren();
    const [node] = await waitFor(async () => {
      const c = await api.treeChildren(alpha.node);
      return c.length > 0 ? c : undefined;
    }, 'the error node');
    assert.match(node.label, /Microsoft sign-in needed: click to switch account/);
    assert.equal(node.command, 'azureDevOps.switchAccount');
    assert.match(node.tooltip ?? '', /no longer signed in to the Microsoft account alice@contoso\.example/);
  });
});
