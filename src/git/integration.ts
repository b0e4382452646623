import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandDeps } from '../commands/deps';
import { AvatarService } from './avatars';
import { whenGitEnabled } from './gitApi';
import { AzureHistoryDetailsProvider } from './historyDetails';
import { ForkAndPushHandler } from './pushErrorHandler';
import { RemoteHealth } from './remoteHealth';

export interface GitIntegration {
  avatars: AvatarService;
  historyDetails: AzureHistoryDetailsProvider;
  pushErrorHandler: ForkAndPushHandler;
  remoteHealth: RemoteHealth;
  /**
   * Settles once the Git extension's API is in use, or with false when git is disabled or missing at first (the
   * integration then starts when git is turned on).
   */
  ready: Promise<boolean>;
}

/**
 * Azure Repos in the built-in Git extension: commit details in the Source Control Graph (author pictures, links,
 * "Open Commit on Azure DevOps"), fork-and-push when a push is refused, and the remote health check. Activation
 * does not wait for the Git extension, and nothing here touches the network until git asks for it.
 */
export function initializeGitIntegration(context: vscode.ExtensionContext, deps: CommandDeps): GitIntegration {
  const serviceUrl = () => deps.settings().serviceUrl;
  const avatars = new AvatarService({ dir: path.join(context.globalStorageUri.fsPath, 'avatars'), log: deps.log });
  const historyDetails = new AzureHistoryDetailsProvider({ accounts: deps.accounts, clients: deps.clients, avatars, log: deps.log, serviceUrl });
  const pushErrorHandler = new ForkAndPushHandler(deps);
  const remoteHealth = new RemoteHealth({
    accounts: deps.accounts, log: deps.log, prompter: () => deps.prompter(), serviceUrl, state: context.workspaceState,
    executeCommand: (command, ...args) => vscode.commands.executeCommand(command, ...args),
  });
  context.subscriptions.push(remoteHealth, deps.accounts.onDidChange(() => avatars.clear()));
  let settle: (on: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((resolve) => { settle = resolve; });
  context.subscriptions.push(whenGitEnabled((api) => {
    context.subscriptions.push(api.registerPushErrorHandler(pushErrorHandler));
    if (typeof api.registerSourceControlHistoryItemDetailsProvider === 'function') {
      context.subscriptions.push(api.registerSourceControlHistoryItemDetailsProvider(historyDetails));
    }
    remoteHealth.watch(api);
    settle(true);
  }, (reason) => {
    deps.log.warn(`Azure Repos features of the Git extension are off until git is available: ${reason}`);
    settle(false);
  }));
  return { avatars, historyDetails, pushErrorHandler, remoteHealth, ready };
}
