import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { AZURE_SSH_HOSTS } from '../ssh/sshConfig';
import {
  configureSsh, ensureSshDirectory, generateRsaKey, listRsaKeys, RSA_BITS, writeKeyPair,
  type ConfigOutcome, type ExistingKey, type KeyPairFiles,
} from '../ssh/keyFiles';
import { accountOf, type CommandDeps } from './deps';
import { pickAccount } from './pickAccount';

export interface SshKeyResult extends KeyPairFiles {
  generated: boolean;
  config: ConfigOutcome;
  /** The organization's SSH keys page that was opened, if an organization is signed in. */
  keysPage?: string;
}

/** The page where Azure DevOps takes SSH public keys (User settings → SSH public keys). */
export function sshKeysPage(account: AccountRecord): string {
  return `${account.url.replace(/\/+$/, '')}/_usersSettings/keys`;
}

/**
 * "Azure DevOps: Generate SSH Key": a new RSA key of 4096 bits (optionally with a passphrase) under ~/.ssh, or an
 * RSA key already there; ~/.ssh/config gets an entry for Azure Repos (backed up first; a conflicting entry is
 * reported, not replaced); the public key goes to the clipboard and the organization's SSH keys page opens.
 */
export function generateSshKey(deps: CommandDeps) {
  return async (arg?: unknown): Promise<SshKeyResult | undefined> => {
    const prompter = deps.prompter();
    const title = vscode.l10n.t('SSH Key for Azure Repos');
    let account = accountOf(deps, arg);
    if (!account && deps.accounts.list().length > 0) {
      account = await pickAccount(deps, vscode.l10n.t('Add the SSH key to which organization?'));
      if (!account) return undefined;
    }
    const home = deps.platform.homeDir();
    const sshDir = path.join(home, '.ssh');
    const { keys, others } = await listRsaKeys(sshDir);
    deps.log.info(`SSH keys in ${sshDir}: ${keys.length} RSA, ${others} of other types`);

    let choice: ExistingKey | 'new' | undefined = 'new';
    if (keys.length > 0) {
      choice = await prompter.pick<ExistingKey | 'new'>([
        { label: vscode.l10n.t('$(add) Generate a new RSA key ({0} bits)', String(RSA_BITS)), description: vscode.l10n.t('recommended'), value: 'new' },
        ...keys.map((k) => ({
          label: path.basename(k.privateKeyPath),
          description: `RSA ${k.bits ?? '?'}`,
          detail: `${k.fingerprint}${k.comment ? ` · ${k.comment}` : ''}`,
          value: k,
        })),
      ], { title, placeholder: vscode.l10n.t('Generate a new key, or use an RSA key from {0} (Azure Repos accepts RSA keys only)', sshDir) });
      if (!choice) return undefined;
    }

    let files: KeyPairFiles;
    if (choice === 'new') {
      const passphrase = await askPassphrase(deps, title);
      if (passphrase === undefined) return undefined;
      if (passphrase) deps.redactor.add(passphrase);
      const comment = `${os.userInfo().username}@${os.hostname()}`;
      files = await deps.platform.withProgress(vscode.l10n.t('Generating an RSA key of {0} bits…', String(RSA_BITS)), async () => {
        const key = await generateRsaKey({ passphrase: passphrase || undefined, comment });
        await ensureSshDirectory(sshDir);
        return writeKeyPair(sshDir, key);
      });
      deps.log.info(`Generated ${files.privateKeyPath} (RSA ${RSA_BITS}, ${passphrase ? 'with' : 'without'} a passphrase)`);
    } else {
      files = { privateKeyPath: choice.privateKeyPath, publicKeyPath: choice.publicKeyPath, publicKey: choice.publicKey };
    }

    const config = await configureSsh(sshDir, files.privateKeyPath, { homeDir: home });
    deps.log.info(`${config.configPath}: ${config.kind}${config.kind === 'updated' && config.backupPath ? ` (backup ${config.backupPath})` : ''}`);
    await deps.platform.writeClipboard(files.publicKey);
    const keysPage = account ? sshKeysPage(account) : undefined;
    if (keysPage) await deps.platform.openExternal(keysPage);

    const result: SshKeyResult = { ...files, generated: choice === 'new', config, keysPage };
    if (config.kind === 'conflict') await reportConflict(deps, config);
    await explainNextSteps(deps, result, account);
    return result;
  };
}

/** '' for no passphrase, the passphrase, or undefined when cancelled. It is never logged or passed to a process. */
async function askPassphrase(deps: CommandDeps, title: string): Promise<string | undefined> {
  const prompter = deps.prompter();
  const protect = await prompter.pick([
    { label: vscode.l10n.t('$(lock) Protect the key with a passphrase'), description: vscode.l10n.t('recommended'), value: true },
    { label: vscode.l10n.t('$(unlock) No passphrase'), description: vscode.l10n.t('anyone who can read the file can use the key'), value: false },
  ], { title, placeholder: vscode.l10n.t('Protect the new private key with a passphrase?') });
  if (protect === undefined) return undefined;
  if (!protect) return '';
  const passphrase = await prompter.input({ title, prompt: vscode.l10n.t('Passphrase for the new key'), password: true });
  if (passphrase === undefined) return undefined;
  const again = await prompter.input({
    title,
    prompt: vscode.l10n.t('The same passphrase again'),
    password: true,
    validate: (v) => (v === passphrase ? undefined : vscode.l10n.t('The two passphrases differ: type the same one again.')),
  });
  return again === undefined ? undefined : passphrase;
}

function displayPath(file: string, home: string): string {
  return file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}

async function reportConflict(deps: CommandDeps, config: Extract<ConfigOutcome, { kind: 'conflict' }>): Promise<void> {
  const home = deps.platform.homeDir();
  const lines = config.plan.conflicts.map((c) => c.identityFile
    ? vscode.l10n.t('line {0} ({1}) gives {2} the key {3}', String(c.line), c.entry, c.host, c.identityFile)
    : vscode.l10n.t('line {0} ({1}) may apply to {2}', String(c.line), c.entry, c.host));
  const open = vscode.l10n.t('Open SSH Config');
  const choice = await deps.prompter().warning(
    vscode.l10n.t('{0} was not changed: it already has an entry for Azure Repos.', displayPath(config.configPath, home)),
    { modal: true, detail: vscode.l10n.t('{0}. Edit that entry to use the new key (IdentityFile and IdentitiesOnly yes), or keep it as it is.', [...new Set(lines)].join('; ')) },
    open,
  );
  if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(config.configPath));
}

async function explainNextSteps(deps: CommandDeps, result: SshKeyResult, account: AccountRecord | undefined): Promise<void> {
  const home = deps.platform.homeDir();
  const key = displayPath(result.publicKeyPath, home);
  const where = account
    ? vscode.l10n.t('In the page that opened ({0} → User settings → SSH public keys), choose "New Key", paste it into "Public Key Data" and add it.', account.name)
    : vscode.l10n.t('In Azure DevOps, open User settings → SSH public keys, choose "New Key", paste it into "Public Key Data" and add it.');
  const config = result.config;
  const hosts = AZURE_SSH_HOSTS.join(' and ');
  const configLine = config.kind === 'updated'
    ? vscode.l10n.t('{0} now uses this key for {1}{2}.', displayPath(config.configPath, home), config.hosts.join(' and '),
      config.backupPath ? vscode.l10n.t(' (the previous file is kept as {0})', path.basename(config.backupPath)) : '')
    : config.kind === 'unchanged'
      ? vscode.l10n.t('{0} already uses this key for {1}.', displayPath(config.configPath, home), hosts)
      : vscode.l10n.t('{0} was left as it was.', displayPath(config.configPath, home));
  const copy = vscode.l10n.t('Copy Public Key');
  const openPage = vscode.l10n.t('Open SSH Keys Page');
  const openConfig = vscode.l10n.t('Open SSH Config');
  const actions = [copy, ...(result.keysPage ? [openPage] : []), openConfig];
  const choice = await deps.prompter().info(
    vscode.l10n.t('The public key {0} is on the clipboard. {1} {2} Then clone with the SSH URL.', key, where, configLine),
    ...actions,
  );
  if (choice === copy) await deps.platform.writeClipboard(result.publicKey);
  if (choice === openPage && result.keysPage) await deps.platform.openExternal(result.keysPage);
  if (choice === openConfig) await vscode.window.showTextDocument(vscode.Uri.file(config.configPath));
}
