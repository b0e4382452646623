import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { SshKeyResult } from '../../src/commands/generateSshKey';
import type { TestingApi } from '../../src/testing';
import { cleanSlate, emulator, extensionApi, orgToken, signOutEverywhere } from './support/env';
import { ScriptedPrompter, type Step } from './support/prompter';

const run = promisify(execFile);
const mode = (file: string): number => fs.statSync(file).mode & 0o777;
const choose = (label: string | RegExp): Step => ({
  pick: (items) => {
    const item = items.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label)));
    if (!item) throw new Error(`no item ${String(label)} in ${items.map((i) => i.label).join(', ')}`);
    return item.value;
  },
});

/** The identity files ssh would offer for a host with this config, in order (`ssh -G`, nothing is connected). */
async function identitiesFor(host: string, home: string): Promise<{ identities: string[]; identitiesOnly: boolean }> {
  const { stdout } = await run('ssh', ['-G', '-F', path.join(home, '.ssh', 'config'), host], { env: { ...process.env, HOME: home } });
  const identities = stdout.split('\n').filter((l) => l.startsWith('identityfile ')).map((l) => l.slice('identityfile '.length).replace(home, '~'));
  return { identities, identitiesOnly: /^identitiesonly yes$/m.test(stdout) };
}

describe('Generate SSH Key', function () {
  let api: TestingApi;
  const emu = emulator();
  const org = emu.organizations[0];
  let home: string;
  let sshDir: string;
  let clipboard: string[];
  let opened: string[];

  async function generate(steps: Step[]): Promise<{ result: SshKeyResult | undefined; prompter: ScriptedPrompter }> {
    const prompter = new ScriptedPrompter(steps);
    api.setPrompter(prompter);
    const result = await vscode.commands.executeCommand<SshKeyResult | undefined>('azureDevOps.generateSshKey');
    assert.equal(prompter.remaining, 0, `unused steps; calls: ${JSON.stringify(prompter.calls.map((c) => `${c.kind}: ${c.text}`))}`);
    return { result, prompter };
  }

  before(async () => { api = await extensionApi(); });
  beforeEach(async () => {
    await cleanSlate(api);
    api.setPrompter(new ScriptedPrompter([{ input: org }, { input: orgToken(org) }]));
    assert.ok(await vscode.commands.executeCommand('azureDevOps.signIn'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'azdo-home-'));
    sshDir = path.join(home, '.ssh');
    api.setHomeDir(home);
    clipboard = [];
    opened = [];
    api.deps.platform.writeClipboard = async (text) => { clipboard.push(text); };
    api.setOpenExternal(async (url) => { opened.push(url); return true; });
  });
  afterEach(() => {
    api.deps.platform.writeClipboard = (text) => vscode.env.clipboard.writeText(text);
    fs.rmSync(home, { recursive: true, force: true });
  });
  after(async () => { await signOutEverywhere(api); });

  it('generates an RSA 4096 key with a passphrase under ~/.ssh (0700, 0600, 0644), points ssh at it, and opens the keys page', async () => {
    const { result, prompter } = await generate([
      choose(/Protect the key with a passphrase/), { input: 'correct horse battery' }, { input: 'correct horse batery' }, { input: 'correct horse battery' }, { info: undefined },
    ]);
    assert.ok(result);
    assert.equal(result.privateKeyPath, path.join(sshDir, 'id_rsa_azure_devops'));
    assert.equal(result.publicKeyPath, path.join(sshDir, 'id_rsa_azure_devops.pub'));
    assert.equal(result.generated, true);
    assert.equal(mode(sshDir), 0o700);
    assert.equal(mode(result.privateKeyPath), 0o600);
    assert.equal(mode(result.publicKeyPath), 0o644);
    assert.deepEqual(prompter.of('validation').map((c) => c.text), ['The two passphrases differ: type the same one again.']);
    assert.equal(prompter.of('input').every((c) => c.options?.password === true), true, 'passphrases are typed into password boxes');

    const { stdout } = await run('ssh-keygen', ['-l', '-f', result.publicKeyPath]);
    assert.match(stdout.trim(), /^4096 SHA256:\S+ .+ \(RSA\)$/);
    const pem = fs.readFileSync(result.privateKeyPath, 'utf8');
    assert.match(pem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    assert.equal(createPrivateKey({ key: pem, passphrase: 'correct horse battery' }).asymmetricKeyDetails?.modulusLength, 4096);
    assert.throws(() => createPrivateKey({ key: pem, passphrase: 'wrong' }));

    assert.deepEqual(clipboard, [fs.readFileSync(result.publicKeyPath, 'utf8').trim()]);
    assert.deepEqual(opened, [`${emu.url}/${org}/_usersSettings/keys`]);
    const [message] = prompter.of('info');
    assert.match(message?.text ?? '', /^The public key ~\/\.ssh\/id_rsa_azure_devops\.pub is on the clipboard\. In the page that opened .*"New Key", paste it into "Public Key Data"/);
    assert.match(message?.text ?? '', /~\/\.ssh\/config now uses this key for ssh\.dev\.azure\.com and vs-ssh\.visualstudio\.com\./);

    assert.equal(result.config.kind, 'updated');
    assert.equal(mode(path.join(sshDir, 'config')), 0o600);
    assert.deepEqual(fs.readdirSync(sshDir).filter((f) => f.startsWith('config.bak')), [], 'no backup of a file that did not exist');
    for (const host of ['ssh.dev.azure.com', 'vs-ssh.visualstudio.com']) {
      const effective = await identitiesFor(host, home);
      assert.equal(effective.identities[0], '~/.ssh/id_rsa_azure_devops', host);
      assert.equal(effective.identitiesOnly, true, host);
    }
    const log = api.deps.redactor.redact('correct horse battery');
    assert.equal(log.includes('correct horse battery'), false, 'the passphrase is redacted from every log line');
  });

  it('never overwrites: with id_rsa_azure_devops taken the key is _2; the config is backed up and keeps every line', async () => {
    fs.mkdirSync(sshDir, { mode: 0o700 });
    fs.writeFileSync(path.join(sshDir, 'id_rsa_azure_devops.pub'), 'someone else\'s\n');
    const before = 'ServerAliveInterval 30\n\nHost github.com\n  User git\n\nHost *\n  IdentityFile ~/.ssh/id_ed25519\n';
    fs.writeFileSync(path.join(sshDir, 'config'), before, { mode: 0o600 });
    const { result } = await generate([choose(/No passphrase/), { info: undefined }]);
    assert.equal(result?.privateKeyPath, path.join(sshDir, 'id_rsa_azure_devops_2'));
    assert.equal(fs.readFileSync(path.join(sshDir, 'id_rsa_azure_devops.pub'), 'utf8'), 'someone else\'s\n');
    assert.match(fs.readFileSync(result!.privateKeyPath, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    const backups = fs.readdirSync(sshDir).filter((f) => /^config\.bak-\d{8}T\d{6}Z$/.test(f));
    assert.equal(backups.length, 1);
    assert.equal(fs.readFileSync(path.join(sshDir, backups[0]!), 'utf8'), before);
    const after = fs.readFileSync(path.join(sshDir, 'config'), 'utf8');
    assert.equal(after.split('\n').filter((l) => !/Azure Repos over SSH|^Host ssh\.dev|id_rsa_azure_devops_2|IdentitiesOnly yes/.test(l)).filter(Boolean).join('\n'),
      before.split('\n').filter(Boolean).join('\n'));
    const effective = await identitiesFor('ssh.dev.azure.com', home);
    assert.deepEqual(effective.identities.slice(0, 2), ['~/.ssh/id_rsa_azure_devops_2', '~/.ssh/id_ed25519'], 'ours first, before Host *');
  });

  it('reports an entry that gives Azure Repos another key, and leaves the config untouched', async () => {
    fs.mkdirSync(sshDir, { mode: 0o700 });
    const before = 'Host ssh.dev.azure.com\n  IdentityFile ~/.ssh/work_rsa\n';
    fs.writeFileSync(path.join(sshDir, 'config'), before, { mode: 0o600 });
    const { result, prompter } = await generate([choose(/No passphrase/), { warning: undefined }, { info: undefined }]);
    assert.equal(result?.config.kind, 'conflict');
    const [warning] = prompter.of('warning');
    assert.equal(warning?.text, '~/.ssh/config was not changed: it already has an entry for Azure Repos.');
    assert.match(warning?.detail ?? '', /^line 1 \(Host ssh\.dev\.azure\.com\) gives ssh\.dev\.azure\.com the key ~\/\.ssh\/work_rsa\. Edit that entry/);
    assert.deepEqual(warning?.actions, ['Open SSH Config']);
    assert.equal(fs.readFileSync(path.join(sshDir, 'config'), 'utf8'), before);
    assert.deepEqual(fs.readdirSync(sshDir).filter((f) => f.startsWith('config.bak')), []);
    assert.match(prompter.of('info')[0]?.text ?? '', /~\/\.ssh\/config was left as it was\./);
    assert.equal(clipboard.length, 1, 'the new public key is still on the clipboard');
  });

  it('uses an existing RSA key instead (other key types are not offered)', async () => {
    fs.mkdirSync(sshDir, { mode: 0o700 });
    await run('ssh-keygen', ['-q', '-t', 'rsa', '-b', '3072', '-N', '', '-C', 'work laptop', '-f', path.join(sshDir, 'work_rsa')]);
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ed', '-f', path.join(sshDir, 'id_ed25519')]);
    const { result, prompter } = await generate([choose('work_rsa'), { info: undefined }]);
    const [pick] = prompter.of('pick');
    assert.deepEqual(pick?.actions, ['$(add) Generate a new RSA key (4096 bits)', 'work_rsa']);
    assert.equal(result?.generated, false);
    assert.equal(result?.privateKeyPath, path.join(sshDir, 'work_rsa'));
    assert.deepEqual(clipboard, [fs.readFileSync(path.join(sshDir, 'work_rsa.pub'), 'utf8').trim()]);
    assert.deepEqual((await identitiesFor('ssh.dev.azure.com', home)).identities[0], '~/.ssh/work_rsa');
    assert.deepEqual(fs.readdirSync(sshDir).filter((f) => f.startsWith('id_rsa_azure_devops')), [], 'no new key');
  });
});
