import * as vscode from 'vscode';
import { features } from '../lazyFeatures';
import { describeForLog } from '../util/redact';
import type { CommandDeps } from './deps';

/** Every command of the extension (package.json lists them too; a unit test holds the two together). */
export const COMMAND_IDS = [
  'azureDevOps.signIn',
  'azureDevOps.signOut',
  'azureDevOps.replaceToken',
  'azureDevOps.refresh',
  'azureDevOps.openInBrowser',
  'azureDevOps.copyCloneUrl',
  'azureDevOps.copySshCloneUrl',
  'azureDevOps.createRepository',
  'azureDevOps.generateSshKey',
  'azureDevOps.showLog',
  'azureDevOps.signInWithMicrosoft',
  'azureDevOps.signInWithMicrosoftTenant',
  'azureDevOps.signInWithToken',
  'azureDevOps.switchAccount',
  'azureDevOps.hideOrganization',
  'azureDevOps.showHiddenOrganizations',
  'azureDevOps.checkSignIn',
  'azureDevOps.cloneRepository',
  'azureDevOps.publishRepository',
  'azureDevOps.checkGitCredentials',
  'azureDevOps.addRemote',
  'azureDevOps.openCommit',
  'azureDevOps.refreshPullRequests',
  'azureDevOps.openPullRequest',
  'azureDevOps.checkoutPullRequest',
  'azureDevOps.createPullRequest',
  'azureDevOps.openPullRequestInBrowser',
  'azureDevOps.copyPullRequestLink',
] as const;

export type CommandId = typeof COMMAND_IDS[number];

/**
 * Registers every command; each lives in its own file and gets its dependencies passed in. The implementations
 * are in dist/features.js, loaded when the first command runs (activation only registers the ids).
 */
export function registerCommands(deps: CommandDeps): vscode.Disposable {
  const handlers = new Map<CommandId, (...args: unknown[]) => Promise<unknown>>();
  const handler = (id: CommandId) => {
    let h = handlers.get(id);
    if (!h) handlers.set(id, h = features().commandFactories[id](deps));
    return h;
  };
  return vscode.Disposable.from(...COMMAND_IDS.map((id) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => guard(deps, id, () => handler(id)(...args)))));
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
