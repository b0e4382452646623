// SSH keys and ~/.ssh/config on a real file system (a temporary home), checked with the real ssh-keygen and ssh.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseOpenSshPublicKey } from '../../src/ssh/publicKey';
import {
  backupName, configureSsh, ensureSshDirectory, generateRsaKey, KEY_BASE_NAME, listRsaKeys, writeKeyPair,
} from '../../src/ssh/keyFiles';

const mode = (file: string): number => fs.statSync(file).mode & 0o777;

/** `ssh-keygen -y` (derive the public key) with the passphrase given through SSH_ASKPASS, never on the command line. */
function derivePublicKey(privateKey: string, passphrase: string, dir: string): { status: number | null; stdout: string } {
  const askpass = path.join(dir, 'askpass.sh');
  fs.writeFileSync(askpass, '#!/bin/sh\nprintf "%s\\n" "$TEST_PASSPHRASE"\n', { mode: 0o700 });
  const result = spawnSync('ssh-keygen', ['-y', '-f', privateKey], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', TEST_PASSPHRASE: passphrase, DISPLAY: '' },
  });
  return { status: result.status, stdout: result.stdout.trim() };
}

describe('SSH keys for Azure Repos (files, ssh-keygen, ssh)', function () {
  this.timeout(60_000);
  let home: string;
  let sshDir: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'azdo-ssh-home-'));
    sshDir = path.join(home, '.ssh');
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('generates an RSA 4096 key that ssh-keygen reads, encrypted with the passphrase', async () => {
    const key = await generateRsaKey({ passphrase: 'correct horse', comment: 'ada@desk' });
    assert.match(key.privateKeyPem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    assert.throws(() => createPrivateKey({ key: key.privateKeyPem, passphrase: 'wrong' }));
    assert.equal(createPrivateKey({ key: key.privateKeyPem, passphrase: 'correct horse' }).asymmetricKeyDetails?.modulusLength, 4096);
    assert.deepEqual((await ensureSshDirectory(sshDir)), { created: true });
    const files = await writeKeyPair(sshDir, key);
    assert.equal(files.privateKeyPath, path.join(sshDir, KEY_BASE_NAME));
    assert.equal(mode(sshDir), 0o700);
    assert.equal(mode(files.privateKeyPath), 0o600);
    assert.equal(mode(files.publicKeyPath), 0o644);
    const listed = execFileSync('ssh-keygen', ['-l', '-f', files.publicKeyPath], { encoding: 'utf8' }).trim();
    const parsed = parseOpenSshPublicKey(fs.readFileSync(files.publicKeyPath, 'utf8'));
    assert.match(listed, /^4096 SHA256:\S+ ada@desk \(RSA\)$/);
    assert.equal(listed.split(' ')[1], parsed?.fingerprint, 'our fingerprint is ssh-keygen\'s');
    assert.equal(parsed?.bits, 4096);
    const derived = derivePublicKey(files.privateKeyPath, 'correct horse', home);
    assert.equal(derived.status, 0);
    assert.equal(derived.stdout.split(' ').slice(0, 2).join(' '), files.publicKey.split(' ').slice(0, 2).join(' '));
    assert.notEqual(derivePublicKey(files.privateKeyPath, 'wrong', home).status, 0);
  });

  it('writes a key without a passphrase as an unencrypted key ssh-keygen reads', async () => {
    const key = await generateRsaKey({ comment: 'x' });
    assert.match(key.privateKeyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    await ensureSshDirectory(sshDir);
    const files = await writeKeyPair(sshDir, key);
    const derived = execFileSync('ssh-keygen', ['-y', '-f', files.privateKeyPath], { encoding: 'utf8' }).trim();
    assert.equal(derived.split(' ')[1], files.publicKey.split(' ')[1]);
  });

  it('never replaces a file: the next free name is taken (_2, _3, …), and an existing ~/.ssh keeps its mode', async () => {
    fs.mkdirSync(sshDir, { mode: 0o755 });
    fs.chmodSync(sshDir, 0o755);
    assert.deepEqual(await ensureSshDirectory(sshDir), { created: false });
    assert.equal(mode(sshDir), 0o755);
    fs.writeFileSync(path.join(sshDir, `${KEY_BASE_NAME}.pub`), 'not mine\n');
    fs.writeFileSync(path.join(sshDir, `${KEY_BASE_NAME}_2`), 'not mine either\n');
    const key = { privateKeyPem: 'PRIVATE\n', publicKey: 'ssh-rsa AAAA test' };
    const first = await writeKeyPair(sshDir, key);
    assert.equal(first.privateKeyPath, path.join(sshDir, `${KEY_BASE_NAME}_3`));
    const second = await writeKeyPair(sshDir, key);
    assert.equal(second.privateKeyPath, path.join(sshDir, `${KEY_BASE_NAME}_4`));
    assert.equal(fs.readFileSync(path.join(sshDir, `${KEY_BASE_NAME}.pub`), 'utf8'), 'not mine\n');
    assert.equal(fs.readFileSync(path.join(sshDir, `${KEY_BASE_NAME}_2`), 'utf8'), 'not mine either\n');
    assert.equal(fs.existsSync(path.join(sshDir, KEY_BASE_NAME)), false, 'no half pair is left behind');
  });

  it('lists the RSA key pairs in ~/.ssh (checked with ssh-keygen -l), not other types or lone public keys', async () => {
    fs.mkdirSync(sshDir, { mode: 0o700 });
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-C', 'work', '-f', path.join(sshDir, 'work_rsa')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ed', '-f', path.join(sshDir, 'id_ed25519')]);
    fs.copyFileSync(path.join(sshDir, 'work_rsa.pub'), path.join(sshDir, 'lonely.pub'));
    fs.writeFileSync(path.join(sshDir, 'garbage.pub'), 'hello\n');
    fs.writeFileSync(path.join(sshDir, 'garbage'), 'hello\n');
    const { keys, others } = await listRsaKeys(sshDir);
    assert.deepEqual(keys.map((k) => [path.basename(k.privateKeyPath), k.bits, k.comment]), [['work_rsa', 2048, 'work']]);
    assert.match(keys[0]?.fingerprint ?? '', /^SHA256:/);
    assert.equal(others, 1);
    assert.deepEqual(await listRsaKeys(path.join(home, 'missing')), { keys: [], others: 0 });
  });

  it('backs the config up, then adds the entry; ssh then offers this key first for both hosts', async () => {
    fs.mkdirSync(sshDir, { mode: 0o700 });
    const config = path.join(sshDir, 'config');
    const before = 'AddKeysToAgent yes\n\nHost *\n  IdentityFile ~/.ssh/id_ed25519\n';
    fs.writeFileSync(config, before, { mode: 0o640 });
    const identity = path.join(sshDir, KEY_BASE_NAME);
    const now = new Date('2026-11-21T04:58:12.345Z');
    const outcome = await configureSsh(sshDir, identity, { homeDir: home, now });
    assert.equal(outcome.kind, 'updated');
    assert.equal(outcome.kind === 'updated' && outcome.backupPath, path.join(sshDir, 'config.bak-20261121T045812Z'));
    assert.equal(backupName(now), 'config.bak-20261121T045812Z');
    assert.equal(fs.readFileSync(path.join(sshDir, 'config.bak-20261121T045812Z'), 'utf8'), before);
    assert.equal(mode(config), 0o640, 'the config keeps its mode');
    const after = fs.readFileSync(config, 'utf8');
    assert.match(after, /^AddKeysToAgent yes\n\n# Azure Repos over SSH.*\nHost ssh\.dev\.azure\.com vs-ssh\.visualstudio\.com\n {2}IdentityFile ~\/\.ssh\/id_rsa_azure_devops\n {2}IdentitiesOnly yes\n\nHost \*\n/);
    for (const host of ['ssh.dev.azure.com', 'vs-ssh.visualstudio.com']) {
      const effective = execFileSync('ssh', ['-G', '-F', config, host], { encoding: 'utf8', env: { ...process.env, HOME: home } });
      const identities = effective.split('\n').filter((l) => l.startsWith('identityfile ')).map((l) => l.slice('identityfile '.length));
      assert.equal(identities[0]?.replace(home, '~'), '~/.ssh/id_rsa_azure_devops', `${host}: ${identities.join(', ')}`);
      assert.match(effective, /^identitiesonly yes$/m);
    }
    // Again with the same key: nothing to do, no second backup.
    assert.equal((await configureSsh(sshDir, identity, { homeDir: home, now: new Date() })).kind, 'unchanged');
    assert.deepEqual(fs.readdirSync(sshDir).filter((f) => f.startsWith('config.bak-')), ['config.bak-20261121T045812Z']);
  });

  it('creates a missing config with mode 0600 and no backup; reports a conflict without touching the file', async () => {
    fs.mkdirSync(sshDir, { mode: 0o700 });
    const created = await configureSsh(sshDir, path.join(sshDir, 'k'), { homeDir: home });
    assert.equal(created.kind === 'updated' && created.backupPath, undefined);
    assert.equal(mode(path.join(sshDir, 'config')), 0o600);
    const text = fs.readFileSync(path.join(sshDir, 'config'), 'utf8');
    const conflict = await configureSsh(sshDir, path.join(sshDir, 'other'), { homeDir: home });
    assert.equal(conflict.kind, 'conflict');
    assert.equal(fs.readFileSync(path.join(sshDir, 'config'), 'utf8'), text);
    assert.deepEqual(fs.readdirSync(sshDir).filter((f) => f.startsWith('config.bak') || f.startsWith('.config')), []);
  });

  it('writes through a config that is a symbolic link, which stays a link', async () => {
    fs.mkdirSync(sshDir, { mode: 0o700 });
    const real = path.join(home, 'dotfiles-ssh-config');
    fs.writeFileSync(real, 'Host a\n  User b\n', { mode: 0o600 });
    fs.symlinkSync(real, path.join(sshDir, 'config'));
    const outcome = await configureSsh(sshDir, path.join(sshDir, 'k'), { homeDir: home });
    assert.equal(outcome.kind, 'updated');
    assert.equal(fs.lstatSync(path.join(sshDir, 'config')).isSymbolicLink(), true);
    assert.match(fs.readFileSync(real, 'utf8'), /^Host a\n {2}User b\n\n# Azure Repos/);
  });
});
