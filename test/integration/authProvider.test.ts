import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';
import { accountNamed, eachTestOnCleanSlate, emulator, EXTENSION_ID, extensionApi, orgToken, runScripted, waitFor } from './support/env';
import { ScriptedPrompter } from './support/prompter';

const PROVIDER = 'azure-devops-pat';

/** Chooses "Sign in with Azure DevOps to use …" in the Accounts menu, which VS Code adds after a getSession without createIfNone. */
async function chooseAccountsMenuRequest(): Promise<void> {
  const prefix = `${PROVIDER}:${EXTENSION_ID}:signin`.toLowerCase();
  const id = await waitFor(async () => (await vscode.commands.getCommands()).find((c) => c.toLowerCase().startsWith(prefix)), 'the Accounts menu sign-in request');
  await vscode.commands.executeCommand(id);
}

describe('The "Azure DevOps" authentication provider (Accounts menu, sessions for other extensions)', function () {
  let api: TestingApi;
  const emu = emulator();

  before(async () => { api = await extensionApi(); });
  eachTestOnCleanSlate(() => api);

  it('is registered and declared, and activates on an authentication request', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { activationEvents: string[]; contributes: { authentication: { id: string; label: string }[] } };
    assert.deepEqual(pkg.contributes.authentication, [{ id: PROVIDER, label: 'Azure DevOps' }]);
    assert.ok(pkg.activationEvents.includes(`onAuthenticationRequest:${PROVIDER}`));
    assert.deepEqual(await vscode.authentication.getAccounts(PROVIDER), []);
  });

  it('lists one account per organization signed in with a token, as the Accounts menu shows them', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }]);
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'gamma' }, { input: orgToken('gamma') }]);
    const accounts = await vscode.authentication.getAccounts(PROVIDER);
    assert.deepEqual(accounts.map((a) => a.label).sort(), ['alpha — alice@example.com', 'gamma — bob@example.com']);
    const sessions = await api.authProvider.getSessions(undefined, {});
    assert.deepEqual(sessions.map((s) => s.scopes), [[`${emu.url}/alpha`], [`${emu.url}/gamma`]]);
  });

  it('gives another extension the session of the organization its scope names, once the user allowed it', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }]);
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'beta' }, { input: orgToken('beta') }]);
    const scopes = [`${emu.url}/alpha`];
    // Not allowed yet: silently nothing.
    assert.equal(await vscode.authentication.getSession(PROVIDER, scopes, { silent: true }), undefined);
    // The request shows in the Accounts menu ("Grant access to Azure DevOps for …"); the user chooses it and picks the session.
    assert.equal(await vscode.authentication.getSession(PROVIDER, scopes, {}), undefined);
    const grant = await waitFor(async () => (await vscode.commands.getCommands()).find((c) => c.toLowerCase() === `${PROVIDER}${EXTENSION_ID}access`), 'the access request');
    await vscode.commands.executeCommand(grant);
    await new Promise((r) => setTimeout(r, 300)); // the quick pick of sessions opens
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const session = await waitFor(() => Promise.resolve(vscode.authentication.getSession(PROVIDER, scopes, { silent: true })), 'the allowed session');
    assert.equal(session.accessToken, orgToken('alpha'), 'the token of the organization the scope names');
    assert.deepEqual(session.scopes, scopes);
    assert.equal(session.account.label, 'alpha — alice@example.com');
    // Another way of writing the organization names the same session.
    assert.equal((await api.authProvider.getSessions(['https://alpha.visualstudio.com'.replace('https://alpha.visualstudio.com', `${emu.url}/alpha/`)], {}))[0]?.id, session.id);
    assert.equal((await api.authProvider.getSessions([`${emu.url}/gamma`], {})).length, 0);
  });

  it('an extension asking for an organization not signed in yet: "Sign in" from the Accounts menu signs in to it', async () => {
    const prompter = new ScriptedPrompter([{ input: orgToken('beta') }]);
    api.setPrompter(prompter);
    assert.equal(await vscode.authentication.getSession(PROVIDER, [`${emu.url}/beta`], {}), undefined);
    await chooseAccountsMenuRequest();
    assert.equal(prompter.of('input')[0].text, 'Sign In to beta');
    assert.deepEqual(api.deps.accounts.list().map((a) => a.name), ['beta']);
    const session = await vscode.authentication.getSession(PROVIDER, [`${emu.url}/beta`], { silent: true });
    assert.equal(session?.accessToken, orgToken('beta'), 'now allowed, silently');
    assert.equal(session?.account.label, 'beta — alice@example.com');
  });

  it('"Sign Out" in the Accounts menu removes that organization only, and VS Code is told', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }]);
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'beta' }, { input: orgToken('beta') }]);
    const alpha = accountNamed(api, 'alpha');
    const changes: string[] = [];
    const listener = vscode.authentication.onDidChangeSessions((e) => changes.push(e.provider.id));
    try {
      await api.authProvider.removeSession(alpha.key); // what VS Code calls after the user confirmed "Sign Out"
      assert.deepEqual(api.deps.accounts.list().map((a) => a.name), ['beta']);
      assert.equal(await api.deps.accounts.getToken(alpha.key), undefined);
      await waitFor(() => changes.includes(PROVIDER), 'the sessions change event');
      assert.deepEqual((await vscode.authentication.getAccounts(PROVIDER)).map((a) => a.label), ['beta — alice@example.com']);
    } finally {
      listener.dispose();
    }
  });

  it('a new token for an organization is announced as a changed session', async () => {
    await runScripted(api, 'azureDevOps.signIn', [{ input: 'alpha' }, { input: orgToken('alpha') }]);
    const alpha = api.deps.accounts.list()[0];
    const changed: string[] = [];
    const listener = api.authProvider.onDidChangeSessions((e) => changed.push(...(e.changed ?? []).map((c) => c.id)));
    try {
      await runScripted(api, 'azureDevOps.replaceToken', [{ input: emu.pat }], alpha.key);
      await waitFor(() => changed.includes(alpha.key), 'the changed session');
      assert.equal((await api.authProvider.getSessions([alpha.url], {}))[0].accessToken, emu.pat);
    } finally {
      listener.dispose();
    }
  });

  it('organizations signed in with Microsoft are not offered as token sessions', async () => {
    await api.deps.accounts.save({
      key: `${emu.url}/alpha`.toLowerCase(), kind: 'services', name: 'alpha', url: `${emu.url}/alpha`, auth: 'microsoft',
      user: { id: 'x', displayName: 'Alice' }, addedAt: new Date().toISOString(), tokenState: 'valid', microsoft: { id: 'o.t', label: 'alice@contoso.example' },
    });
    assert.deepEqual(await api.authProvider.getSessions(undefined, {}), []);
  });
});
