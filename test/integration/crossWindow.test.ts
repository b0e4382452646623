import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AccountStore, type AccountRecord, type StateStore } from '../../src/auth/accountStore';
import type { TestingApi } from '../../src/testing';
import { Redactor } from '../../src/util/redact';
import { emulator, extensionApi, orgToken, signOutEverywhere, waitFor } from './support/env';
import { ScriptedPrompter } from './support/prompter';

/** Another window's global state: its own copy, which this window cannot see change. */
class OtherWindowState implements StateStore {
  private readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { this.data.set(key, JSON.parse(JSON.stringify(value))); }
}

describe('Every window agrees (SecretStorage change events)', function () {
  let api: TestingApi;
  let other: AccountStore;
  const emu = emulator();

  before(async () => { api = await extensionApi(); });
  beforeEach(async () => {
    await signOutEverywhere(api);
    // A second window: the same SecretStorage (VS Code shares it and tells every window of a change), its own state.
    other = new AccountStore(new OtherWindowState(), api.secrets, new Redactor());
    await other.ready;
  });
  afterEach(() => other.dispose());
  after(async () => { await signOutEverywhere(api); });

  it('a sign-in and then a sign-out in another window show here: tree, status bar and Accounts menu', async () => {
    const record: AccountRecord = {
      key: `${emu.url}/beta`.toLowerCase(), kind: 'services', name: 'beta', url: `${emu.url}/beta`, auth: 'pat',
      user: { id: 'someone', displayName: 'Alice Example', uniqueName: 'alice@example.com' }, addedAt: new Date().toISOString(), tokenState: 'valid',
    };
    // Change 1 through SecretStorage: the other window signs in.
    await other.save(record, orgToken('beta'));
    await waitFor(() => api.deps.accounts.get(record.key), 'the sign-in from the other window');
    assert.equal(await api.deps.accounts.getToken(record.key), orgToken('beta'));
    await waitFor(async () => (await api.treeChildren()).some((r) => r.label === 'beta'), 'beta in the tree');
    assert.equal(api.statusBar().state, 'signedIn');
    assert.match(api.statusBar().text, /beta/);
    assert.deepEqual((await vscode.authentication.getAccounts('azure-devops-pat')).map((a) => a.label), ['beta — alice@example.com']);
    const projects = await waitFor(async () => {
      const [row] = await api.treeChildren();
      const children = await api.treeChildren(row.node);
      return children.length > 0 && children[0].contextValue === 'project' ? children : undefined;
    }, 'beta\'s projects, loaded with the token the other window stored');
    assert.ok(projects.length > 0);

    // Change 2 through SecretStorage: the other window signs out.
    await other.remove(record.key);
    await waitFor(() => api.deps.accounts.list().length === 0, 'the sign-out from the other window');
    assert.deepEqual(await api.treeChildren(), []);
    assert.equal(api.statusBar().state, 'signedOut');
    assert.deepEqual(await vscode.authentication.getAccounts('azure-devops-pat'), []);
  });

  it('a sign-in here, and hiding an organization here, reach the other window', async () => {
    const prompter = new ScriptedPrompter([{ input: 'alpha' }, { input: orgToken('alpha') }]);
    api.setPrompter(prompter);
    await vscode.commands.executeCommand('azureDevOps.signIn');
    await waitFor(() => other.list().some((a) => a.name === 'alpha'), 'alpha in the other window');
    const key = other.list()[0].key;
    assert.equal(await other.getToken(key), orgToken('alpha'));
    await vscode.commands.executeCommand('azureDevOps.hideOrganization', key);
    await waitFor(() => other.get(key)?.hidden === true, 'the hidden flag in the other window');
    assert.equal(other.revision, api.deps.accounts.revision);
  });
});
