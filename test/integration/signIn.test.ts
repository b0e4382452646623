import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';
import { accountNamed, control, eachTestOnCleanSlate, emulator, extensionApi, orgToken, signOutEverywhere, testSeed, token, userOf } from './support/env';
import { ScriptedPrompter, type Step } from './support/prompter';

/** Runs "Azure DevOps: Sign In" through the real command with a scripted user. */
async function signInWith(api: TestingApi, steps: Step[]): Promise<{ prompter: ScriptedPrompter; result: unknown }> {
  const prompter = new ScriptedPrompter(steps);
  api.setPrompter(prompter);
  const result = await vscode.commands.executeCommand('azureDevOps.signIn');
  return { prompter, result };
}

describe('Sign in', function () {
  let api: TestingApi;
  const emu = emulator();
  const [orgA, orgB] = emu.organizations;

  before(async () => { api = await extensionApi(); });
  eachTestOnCleanSlate(() => api);

  it('signs in to an organization by name and keeps the token only in SecretStorage', async () => {
    const secret = orgToken(orgA);
    const { prompter, result } = await signInWith(api, [{ input: orgA }, { input: secret }]);
    assert.equal((result as { name?: string } | undefined)?.name, orgA, JSON.stringify(prompter.calls));
    const [account] = api.deps.accounts.list();
    assert.equal(account.name, orgA);
    assert.equal(account.kind, 'services');
    assert.equal(account.url, `${emu.url}/${orgA}`);
    assert.equal(account.user.displayName, userOf(secret).displayName);
    assert.equal(await api.deps.accounts.getToken(account.key), secret);
    assert.ok(!JSON.stringify(account).includes(secret), 'the account record must not hold the token');
    const info = prompter.of('info').map((c) => c.text).join('\n');
    assert.match(info, new RegExp(`Signed in to ${orgA} as ${userOf(secret).displayName}`));
    const bar = api.statusBar();
    assert.equal(bar.state, 'signedIn');
    assert.match(bar.text, new RegExp(orgA));
    assert.match(bar.tooltip, new RegExp(userOf(secret).displayName));
  });

  it('accepts the organization as a URL, a legacy visualstudio.com URL or a pasted repository URL', async () => {
    const secret = orgToken(orgA);
    for (const typed of [`${emu.url}/${orgA}/`, `https://${orgA}.visualstudio.com`, `${emu.url}/${orgA}/SomeProject/_git/SomeRepo`]) {
      await signOutEverywhere(api);
      const { prompter } = await signInWith(api, [{ input: typed }, { input: secret }]);
      assert.deepEqual(api.deps.accounts.list().map((a) => a.url), [`${emu.url}/${orgA}`], `${typed}: ${JSON.stringify(prompter.calls)}`);
    }
  });

  it('refuses an invalid organization name in the box, naming the rule, and takes the corrected one', async () => {
    const { prompter } = await signInWith(api, [{ input: 'my org!' }, { input: orgA }, { input: orgToken(orgA) }]);
    const [refusal] = prompter.of('validation');
    assert.ok(refusal, 'the invalid name must be refused');
    assert.match(refusal.text, /letters|digits|hyphen/i);
    assert.equal(api.deps.accounts.list().length, 1);
  });

  it('a token of another organization is refused (401); the organization is kept and only the token asked again', async () => {
    const wrong = orgToken(orgB);
    const { prompter } = await signInWith(api, [
      { input: orgA }, { input: wrong }, { error: 'Enter Token Again' }, { input: orgToken(orgA) },
    ]);
    const [error] = prompter.of('error');
    assert.match(error.text, new RegExp(`${orgA} did not accept the personal access token`));
    assert.match(error.text, /Code \(Read & write\)/);
    assert.deepEqual(error.actions, ['Enter Token Again', 'Create Token…', 'Change Organization']);
    const inputs = prompter.of('input');
    assert.equal(inputs.length, 3);
    assert.match(inputs[1].text, /2\/2/);
    assert.match(inputs[2].text, /2\/2/, 'the second try asks for the token, not the organization');
    assert.equal(inputs[2].options?.password, true);
    assert.equal(api.deps.accounts.list().length, 1);
    assert.equal(prompter.remaining, 0);
  });

  it('an expired token is explained as such and nothing is stored', async () => {
    const expired = token((t) => Boolean(t.expires), 'expired');
    const { prompter } = await signInWith(api, [{ input: orgA }, { input: expired }, { error: undefined }]);
    assert.match(prompter.of('error')[0].text, /invalid, expired or revoked/);
    assert.equal(api.deps.accounts.list().length, 0);
  });

  it('a 203 HTML sign-in page is recognised as a refused token, not read as data', async () => {
    await control.setSignInPage(orgA, true);
    try {
      const { prompter } = await signInWith(api, [{ input: orgA }, { input: 'not-a-valid-token-at-all' }, { error: undefined }]);
      assert.match(prompter.of('error')[0].text, /sign-in page/);
      assert.equal(api.deps.accounts.list().length, 0);
    } finally {
      await control.setSignInPage(orgA, false);
    }
  });

  it('a token without the Code scope (403 on git, connectionData fine) says which scope is missing', async () => {
    const noCode = token((t) => Array.isArray(t.scopes) && !t.scopes.some((s) => s.startsWith('vso.code')) && !t.expires, 'without the Code scope');
    const { prompter } = await signInWith(api, [{ input: orgA }, { input: noCode }, { error: undefined }]);
    assert.match(prompter.of('error')[0].text, /lacks the Code \(Read & write\) scope/);
    assert.equal(api.deps.accounts.list().length, 0);
  });

  it('an unknown organization (404) offers to change it, with what was typed kept in the box', async () => {
    const { prompter } = await signInWith(api, [
      { input: 'no-such-org-here' }, { input: emu.pat }, { error: 'Change Organization' },
      { input: (o) => { assert.equal(o.value, 'no-such-org-here'); return orgA; } }, { input: emu.pat },
    ]);
    assert.match(prompter.of('error')[0].text, /No Azure DevOps organization named "no-such-org-here"/);
    assert.deepEqual(prompter.of('error')[0].actions, ['Change Organization']);
    assert.deepEqual(api.deps.accounts.list().map((a) => a.name), [orgA]);
  });

  it('a server error is retried with the same token on "Try Again", without retyping', async () => {
    await control.addFault({ organization: orgA, pathRegex: '[Cc]onnection[Dd]ata', fault: 'status', status: 503, times: 1 });
    const { prompter } = await signInWith(api, [{ input: orgA }, { input: orgToken(orgA) }, { error: 'Try Again' }]);
    assert.match(prompter.of('error')[0].text, /server error 503/);
    assert.equal(prompter.of('input').length, 2, 'no third prompt: the token was kept');
    assert.deepEqual(api.deps.accounts.list().map((a) => a.name), [orgA]);
  });

  it('a host that does not resolve and a refused connection are named as such', async () => {
    const dns = await signInWith(api, [{ input: 'https://azdo-test.invalid/tfs/DefaultCollection' }, { input: 'x'.repeat(52) }, { error: undefined }]);
    assert.match(dns.prompter.of('error')[0].text, /Cannot reach azdo-test\.invalid: the host name does not resolve/);
    const refused = await signInWith(api, [{ input: 'http://127.0.0.1:9/tfs/DefaultCollection' }, { input: 'x'.repeat(52) }, { error: undefined }]);
    assert.match(refused.prompter.of('error')[0].text, /Cannot reach 127\.0\.0\.1:9/);
    assert.equal(api.deps.accounts.list().length, 0);
  });

  it('a server whose certificate is not trusted is named as a certificate problem', async function () {
    // A real TLS server with a self-signed certificate made by openssl for this test.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'azdo-cert-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) },
      (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const { prompter } = await signInWith(api, [{ input: `https://127.0.0.1:${port}/tfs/DefaultCollection` }, { input: 'y'.repeat(52) }, { error: undefined }]);
      assert.match(prompter.of('error')[0].text, /certificate of 127\.0\.0\.1:\d+ was refused/);
      assert.equal(api.deps.accounts.list().length, 0);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('signs in to an Azure DevOps Server collection by its URL', async () => {
    const collection = emu.collections[0];
    const { prompter } = await signInWith(api, [{ input: `${emu.serverUrl}/${collection}` }, { input: emu.pat }]);
    const [account] = api.deps.accounts.list();
    assert.ok(account, JSON.stringify(prompter.calls));
    assert.equal(account.kind, 'server');
    assert.equal(account.name, collection);
    assert.equal(account.url, `${emu.serverUrl}/${collection}`);
  });

  it('keeps several organizations, each with its own token, and signs out of one only', async () => {
    await signInWith(api, [{ input: orgA }, { input: orgToken(orgA) }]);
    await signInWith(api, [{ input: orgB }, { input: orgToken(orgB) }]);
    assert.deepEqual(api.deps.accounts.list().map((a) => a.name).sort(), [orgA, orgB].sort());
    const keyA = accountNamed(api, orgA).key;
    const keyB = accountNamed(api, orgB).key;
    assert.equal(await api.deps.accounts.getToken(keyB), orgToken(orgB));
    assert.match(api.statusBar().text, /2 organizations/);

    const prompter = new ScriptedPrompter([{ warning: 'Sign Out' }]);
    api.setPrompter(prompter);
    assert.equal(await vscode.commands.executeCommand('azureDevOps.signOut', keyA), true);
    assert.match(prompter.of('warning')[0].text, new RegExp(`Sign out of ${orgA}`));
    assert.deepEqual(api.deps.accounts.list().map((a) => a.name), [orgB]);
    assert.equal(await api.deps.accounts.getToken(keyA), undefined);
    assert.equal(await api.deps.accounts.getToken(keyB), orgToken(orgB));
  });

  it('cancelling at either box stores nothing', async () => {
    await signInWith(api, [{ input: undefined }]);
    await signInWith(api, [{ input: orgA }, { input: undefined }]);
    assert.equal(api.deps.accounts.list().length, 0);
    assert.equal(api.statusBar().state, 'signedOut');
  });

  it('uses the seed it was given (sanity check of the test data)', () => {
    assert.ok(testSeed().organizations.length >= 2, 'the test seed needs two organizations');
  });
});
