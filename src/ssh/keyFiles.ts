/**
 * SSH keys on disk for Azure Repos: a new RSA key (the only type Azure Repos accepts) written under ~/.ssh without
 * ever replacing a file, the RSA keys already there, and the backed-up update of ~/.ssh/config.
 *
 * Keys are made with Node's crypto, not ssh-keygen: `ssh-keygen -N` would put the passphrase on the command line,
 * where other users can read it. The private key is PKCS#8 PEM, encrypted (AES-256-CBC, PBKDF2) when a passphrase
 * is given; OpenSSH reads it like its own format, and `ssh-keygen -p -f <key>` converts it to OpenSSH's format.
 */
import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPair } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseOpenSshPublicKey, toOpenSshPublicKey, type PublicKeyInfo } from './publicKey';
import { planSshConfig, type ConfigPlan } from './sshConfig';

export const KEY_BASE_NAME = 'id_rsa_azure_devops';
export const RSA_BITS = 4096;

export interface KeyPairFiles {
  privateKeyPath: string;
  publicKeyPath: string;
  /** The `ssh-rsa …` line, as in the .pub file (without the newline). */
  publicKey: string;
}

/** Generates an RSA key of 4096 bits; the passphrase stays in this process. */
export function generateRsaKey(options: { passphrase?: string; comment: string }): Promise<{ privateKeyPem: string; publicKey: string }> {
  return new Promise((resolve, reject) => {
    const encryption = options.passphrase ? { cipher: 'aes-256-cbc', passphrase: options.passphrase } : {};
    generateKeyPair('rsa', {
      modulusLength: RSA_BITS,
      publicExponent: 0x10001,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem', ...encryption },
    }, (err, publicPem, privateKeyPem) => {
      if (err) {
        reject(err);
        return;
      }
      resolve({ privateKeyPem, publicKey: toOpenSshPublicKey(createPublicKey(publicPem), options.comment) });
    });
  });
}

/** Creates the ssh directory with mode 0700 when it is missing; an existing one is left as it is. */
export async function ensureSshDirectory(sshDir: string): Promise<{ created: boolean }> {
  try {
    await fs.mkdir(sshDir, { mode: 0o700 });
    await fs.chmod(sshDir, 0o700);
    return { created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { created: false };
    throw err;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** Creates `file` with `content` and `mode`, failing with EEXIST rather than replacing anything. */
async function createExclusive(file: string, content: string, mode: number): Promise<void> {
  const handle = await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await handle.writeFile(content);
    await handle.chmod(mode); // the umask may have narrowed it
  } finally {
    await handle.close();
  }
}

/**
 * Writes the key as `id_rsa_azure_devops` (+ `.pub`), or `id_rsa_azure_devops_2`, `_3`, … when that name is taken:
 * an existing file is never replaced. Private key 0600, public key 0644.
 */
export async function writeKeyPair(sshDir: string, key: { privateKeyPem: string; publicKey: string }): Promise<KeyPairFiles> {
  for (let n = 1; n <= 1000; n++) {
    const name = n === 1 ? KEY_BASE_NAME : `${KEY_BASE_NAME}_${n}`;
    const privateKeyPath = path.join(sshDir, name);
    const publicKeyPath = `${privateKeyPath}.pub`;
    if (await exists(privateKeyPath) || await exists(publicKeyPath)) continue;
    try {
      await createExclusive(privateKeyPath, key.privateKeyPem, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    try {
      await createExclusive(publicKeyPath, `${key.publicKey}\n`, 0o644);
    } catch (err) {
      await fs.rm(privateKeyPath, { force: true });
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    return { privateKeyPath, publicKeyPath, publicKey: key.publicKey };
  }
  throw new Error(`Every name from ${KEY_BASE_NAME} to ${KEY_BASE_NAME}_1000 is taken in ${sshDir}.`);
}

export interface ExistingKey extends PublicKeyInfo {
  publicKeyPath: string;
  privateKeyPath: string;
  publicKey: string;
}

/** What `ssh-keygen -l -f <file>` says of a public key ("4096 SHA256:… comment (RSA)"); undefined when it cannot read it. */
export function sshKeygenFingerprint(file: string): Promise<{ bits: number; fingerprint: string; comment: string; type: string } | undefined | 'unavailable'> {
  return new Promise((resolve) => {
    execFile('ssh-keygen', ['-l', '-f', file], { timeout: 10_000, windowsHide: true }, (err, stdout) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        resolve('unavailable');
        return;
      }
      const match = err ? null : /^(\d+)\s+(\S+)\s+(.*?)\s*\(([^)]+)\)\s*$/.exec(stdout.trim());
      resolve(match ? { bits: Number(match[1]), fingerprint: match[2] ?? '', comment: match[3] ?? '', type: match[4] ?? '' } : undefined);
    });
  });
}

/**
 * The RSA keys in `sshDir` that have both halves (`name` and `name.pub`), checked with `ssh-keygen -l` (or read
 * directly when ssh-keygen is not installed). `others` counts the key pairs of other types, which Azure Repos refuses.
 */
export async function listRsaKeys(sshDir: string): Promise<{ keys: ExistingKey[]; others: number }> {
  let names: string[];
  try {
    names = await fs.readdir(sshDir);
  } catch {
    return { keys: [], others: 0 };
  }
  const keys: ExistingKey[] = [];
  let others = 0;
  for (const name of names.filter((n) => n.endsWith('.pub')).sort()) {
    const publicKeyPath = path.join(sshDir, name);
    const privateKeyPath = publicKeyPath.slice(0, -'.pub'.length);
    if (!(await exists(privateKeyPath))) continue;
    const publicKey = (await fs.readFile(publicKeyPath, 'utf8').catch(() => '')).split(/\r?\n/)[0]?.trim() ?? '';
    const parsed = parseOpenSshPublicKey(publicKey);
    if (!parsed) continue;
    const checked = await sshKeygenFingerprint(publicKeyPath);
    if (checked === undefined) continue; // ssh-keygen cannot read it: not a usable key
    const isRsa = checked === 'unavailable' ? parsed.type === 'ssh-rsa' : checked.type.toUpperCase() === 'RSA';
    if (!isRsa) {
      others++;
      continue;
    }
    const info: PublicKeyInfo = checked === 'unavailable' ? parsed : { type: 'ssh-rsa', bits: checked.bits, fingerprint: checked.fingerprint, comment: parsed.comment };
    keys.push({ ...info, publicKeyPath, privateKeyPath, publicKey });
  }
  return { keys, others };
}

export type ConfigOutcome =
  | { kind: 'unchanged'; configPath: string }
  | { kind: 'updated'; configPath: string; backupPath?: string; hosts: string[]; line: number }
  | { kind: 'conflict'; configPath: string; plan: Extract<ConfigPlan, { kind: 'conflict' }> };

/** `config.bak-20261121T045812Z`: the time of the backup, in UTC, safe in a file name. */
export function backupName(now: Date): string {
  return `config.bak-${now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')}`;
}

/**
 * Points ssh at `identityFile` for Azure Repos in `<sshDir>/config`: a copy of the current file is kept as
 * `config.bak-<timestamp>` first, then the new text replaces it in one rename (mode 0600 for a new file, the
 * old mode otherwise). A conflicting entry is reported and nothing is written.
 */
export async function configureSsh(sshDir: string, identityFile: string, options: { homeDir: string; now?: Date }): Promise<ConfigOutcome> {
  const configPath = path.join(sshDir, 'config');
  const now = options.now ?? new Date();
  let existing: string | undefined;
  let mode = 0o600;
  try {
    existing = await fs.readFile(configPath, 'utf8');
    mode = (await fs.stat(configPath)).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const plan = planSshConfig(existing, identityFile, {
    homeDir: options.homeDir, date: now.toISOString().slice(0, 10), caseInsensitivePaths: process.platform === 'win32',
  });
  if (plan.kind === 'unchanged') return { kind: 'unchanged', configPath };
  if (plan.kind === 'conflict') return { kind: 'conflict', configPath, plan };
  let backupPath: string | undefined;
  if (existing !== undefined) {
    backupPath = path.join(sshDir, backupName(now));
    for (let n = 2; await exists(backupPath); n++) backupPath = path.join(sshDir, `${backupName(now)}-${n}`);
    await fs.copyFile(configPath, backupPath, constants.COPYFILE_EXCL);
    await fs.chmod(backupPath, mode);
  }
  // A config that is a symbolic link (dotfiles) is written through the link, which stays.
  const target = existing === undefined ? configPath : await fs.realpath(configPath);
  const temporary = path.join(path.dirname(target), `.config.azure-devops-${process.pid}-${now.getTime()}`);
  await createExclusive(temporary, plan.text, mode);
  try {
    await fs.rename(temporary, target);
  } finally {
    await fs.rm(temporary, { force: true });
  }
  return { kind: 'updated', configPath, backupPath, hosts: plan.hosts, line: plan.line };
}
