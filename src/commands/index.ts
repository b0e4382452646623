import * as vscode from 'vscode';
import { describeForLog } from '../util/redact';
import { checkSignIn } from './checkSignIn';
import { checkGitCredentials } from './checkGitCredentials';
import { cloneRepository } from './cloneRepository';
import { addRemote } from './addRemote';
import { copyCloneUrl } from './copyCloneUrl';
import { createRepository } from './createRepository';
import { checkoutPullRequest } from './checkoutPullRequest';
import { copyPullRequestLink } from './copyPullRequestLink';
import type { CommandDeps } from './deps';
import { generateSshKey } from './generateSshKey';
import { hideOrganization } from './hideOrganization';
import { openCommit } from './openCommit';
import { openInBrowser } from './openInBrowser';
import { publishRepository } from './publishRepository';
import { openPullRequest } from './openPullRequest';
import { openPullRequestInBrowser } from './openPullRequestInBrowser';
import { refresh } from './refresh';
import { refreshPullRequests } from './refreshPullRequests';
import { replaceToken } from './replaceToken';
import { signIn } from './signIn';
import { showHiddenOrganizations } from './showHiddenOrganizations';
import { signInWithMicrosoft } from './signInWithMicrosoft';
import { signInWithMicrosoftTenant } from './signInWithMicrosoftTenant';
import { signInWithToken } from './signInWithToken';
import { signOut } from './signOut';
import { switchAccount } from './switchAccount';

/** Registers every command; each lives in its own file and gets its dependencies passed in. */
export function registerCommands(deps: CommandDeps): vscode.Disposable {
  const commands: Record<string, (...args: unknown[]) => Promise<unknown>> = {
    'azureDevOps.signIn': signIn(deps),
    'azureDevOps.signOut': signOut(deps),
    'azureDevOps.replaceToken': replaceToken(deps),
    'azureDevOps.refresh': refresh(deps),
    'azureDevOps.openInBrowser': openInBrowser(deps),
    'azureDevOps.copyCloneUrl': copyCloneUrl(deps, 'https'),
    'azureDevOps.copySshCloneUrl': copyCloneUrl(deps, 'ssh'),
    'azureDevOps.createRepository': createRepository(deps),
    'azureDevOps.generateSshKey': generateSshKey(deps),
    'azureDevOps.showLog': async () => deps.showLog(),
    // Accounts
    'azureDevOps.signInWithMicrosoft': signInWithMicrosoft(deps),
    'azureDevOps.signInWithMicrosoftTenant': signInWithMicrosoftTenant(deps),
    'azureDevOps.signInWithToken': signInWithToken(deps),
    'azureDevOps.switchAccount': switchAccount(deps),
    'azureDevOps.hideOrganization': hideOrganization(deps),
    'azureDevOps.showHiddenOrganizations': showHiddenOrganizations(deps),
    'azureDevOps.checkSignIn': checkSignIn(deps),
    'azureDevOps.cloneRepository': cloneRepository(deps),
    'azureDevOps.publishRepository': publishRepository(deps),
    'azureDevOps.checkGitCredentials': checkGitCredentials(deps),
    'azureDevOps.addRemote': addRemote(deps),
    'azureDevOps.openCommit': openCommit(deps),
    'azureDevOps.refreshPullRequests': refreshPullRequests(deps),
    'azureDevOps.openPullRequest': openPullRequest(deps),
    'azureDevOps.checkoutPullRequest': checkoutPullRequest(deps),
    'azureDevOps.openPullRequestInBrowser': openPullRequestInBrowser(deps),
    'azureDevOps.copyPullRequestLink': copyPullRequestLink(deps),
  };
  return vscode.Disposable.from(...Object.entries(commands).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => guard(deps, id, () => handler(...args)))));
}

/** No command ends in an unhandled rejection: an unexpected failure is logged and explained. */
async function guard(deps: CommandDeps, id: string, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (err) {
    deps.log.error(`Command ${id} failed`, err);
    const showLog = vscode.l10n.t('Show Log');
    const detail = describeForLog(err, deps.redactor).split(' <- ')[0];
    void deps.prompter().error(vscode.l10n.t('Azure DevOps: the command failed ({0}). The log has the details.', detail), showLog)
      .then((choice) => { if (choice === showLog) deps.showLog(); });
    return undefined;
  }
}
