import * as vscode from 'vscode';
import { parseRemoteUrl } from '../azdo/remoteUrl';
import { gitConfig, isTrue, readCredentialSetup, runGit, type CredentialSetup } from '../git/gitConfig';
import type { CommandDeps } from './deps';

export interface CredentialCheckReport extends CredentialSetup {
  /** scheme://host[:port] of Azure DevOps Services (the serviceUrl setting). */
  origin: string;
  /** Signed-in organizations on that host. */
  organizationsOnHost: string[];
  /** Remotes of open repositories whose HTTPS URL carries a user name (they bypass the credentials provider). */
  remotesWithUserName: { repository: string; remote: string; url: string }[];
  message: string;
  detail: string;
  /** What the user chose to do. */
  action?: 'setUseHttpPath' | 'removeUserNames';
}

/**
 * "Azure DevOps: Check Git Credential Setup": reads git's credential.helper and credential.<host>.useHttpPath, says
 * what git will do with several organizations on one host in VS Code and on the command line, and offers SmartGit's
 * advice (useHttpPath, so git asks per repository path) and to drop user names from remote URLs.
 */
export function checkGitCredentials(deps: CommandDeps) {
  return async (): Promise<CredentialCheckReport> => {
    const base = deps.settings().serviceUrl;
    const origin = new URL(base).origin.toLowerCase();
    const host = new URL(base).host;
    const gitPath = deps.git.api()?.git.path ?? 'git';
    const setup = await readCredentialSetup(gitPath, origin);
    const organizationsOnHost = deps.accounts.list().filter((a) => new URL(a.url).origin.toLowerCase() === origin).map((a) => a.name);
    const remotesWithUserName = findRemotesWithUserName(deps, base);
    const pathOn = isTrue(setup.useHttpPathEffective);
    const helperText = setup.helpers.length ? setup.helpers.join(', ') : vscode.l10n.t('none');
    const storeNote = setup.helpers.some((h) => /(^|\s|\/)(git-credential-)?store(\s|$)/.test(h))
      ? ' ' + vscode.l10n.t('Note: the helper "store" writes every credential git receives, including tokens handed over in VS Code, in plain text to ~/.git-credentials.')
      : '';

    const lines: string[] = [];
    lines.push(vscode.l10n.t('credential.helper: {0}. credential.{1}.useHttpPath: {2}.', helperText, origin, setup.useHttpPathEffective ?? vscode.l10n.t('not set')));
    lines.push(vscode.l10n.t('Signed-in organizations on {0}: {1}.', host, organizationsOnHost.length ? organizationsOnHost.join(', ') : vscode.l10n.t('none')));
    lines.push(pathOn
      ? vscode.l10n.t('In VS Code (Source Control, Git: Clone, Sync and the integrated terminal), git names the repository path, so Azure DevOps hands each organization its own token.')
      : vscode.l10n.t('In VS Code (Source Control, Git: Clone, Sync and the integrated terminal), git names only the host, so Azure DevOps finds the organization from the clone or publish it started, or from the open repositories; when several organizations remain possible it asks which one.'));
    if (setup.helpers.length === 0) {
      lines.push(vscode.l10n.t('On the command line outside VS Code, no credential helper is set: git asks for a user name and password each time; paste the organization\'s token as the password.'));
    } else if (pathOn) {
      lines.push(vscode.l10n.t('On the command line, {0} keeps a credential per repository path, so the tokens of several organizations stay apart.', helperText));
    } else {
      lines.push(vscode.l10n.t('On the command line, {0} keeps one credential for all of {1}: with several organizations, the token of one is sent to the others, which refuse it (401), until it is replaced. Setting useHttpPath makes git keep one credential per repository path (SmartGit\'s advice).', helperText, host));
    }
    if (remotesWithUserName.length) {
      lines.push(vscode.l10n.t('These remotes carry a user name, so git asks only for a password and VS Code shows a password box instead of using your Azure DevOps token: {0}. Remove the user name from their URLs to fix it.',
        remotesWithUserName.map((r) => `${r.repository} (${r.remote})`).join(', ')));
    }
    const detail = lines.join('\n\n') + storeNote;
    deps.log.info(`Git credential setup: ${detail.replace(/\n+/g, ' ')}`);

    const setPath = vscode.l10n.t('Set useHttpPath');
    const removeUsers = vscode.l10n.t('Remove User Names');
    const actions = [...(pathOn ? [] : [setPath]), ...(remotesWithUserName.length ? [removeUsers] : [])];
    const message = actions.length
      ? vscode.l10n.t('Git credential setup for {0}: something can be improved.', host)
      : vscode.l10n.t('Git credential setup for {0}: git gets the right token for each organization.', host);
    const report: CredentialCheckReport = { ...setup, origin, organizationsOnHost, remotesWithUserName, message, detail };
    const choice = await deps.prompter().warning(message, { modal: true, detail }, ...actions);
    if (choice === setPath) {
      await gitConfig(gitPath, ['--global', `credential.${origin}.useHttpPath`, 'true']);
      report.action = 'setUseHttpPath';
      void deps.prompter().info(vscode.l10n.t('Set credential.{0}.useHttpPath to true in your global git configuration: git now asks for credentials per repository path on {1}.', origin, host));
    } else if (choice === removeUsers) {
      await removeUserNames(gitPath, remotesWithUserName);
      report.action = 'removeUserNames';
      void deps.prompter().info(vscode.l10n.t('Removed the user name from {0} remote URLs.', String(remotesWithUserName.length)));
    }
    return report;
  };
}

function findRemotesWithUserName(deps: CommandDeps, serviceUrl: string): CredentialCheckReport['remotesWithUserName'] {
  const found: CredentialCheckReport['remotesWithUserName'] = [];
  for (const repo of deps.git.api()?.repositories ?? []) {
    for (const remote of repo.state.remotes) {
      const url = remote.fetchUrl;
      if (!url || !/^https?:\/\/[^/@]+@/i.test(url) || !parseRemoteUrl(url, { serviceUrls: [serviceUrl] })) continue;
      found.push({ repository: repo.rootUri.fsPath, remote: remote.name, url });
    }
  }
  return found;
}

/** `git remote set-url` (the Git extension's setConfig adds a second value instead of replacing the URL). */
async function removeUserNames(gitPath: string, remotes: CredentialCheckReport['remotesWithUserName']): Promise<void> {
  for (const item of remotes) {
    await runGit(gitPath, ['remote', 'set-url', item.remote, item.url.replace(/^(https?:\/\/)[^/@]+@/i, '$1')], item.repository);
  }
}
