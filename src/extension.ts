import * as os from 'node:os';
import * as vscode from 'vscode';
import { initializeAccounts } from './accounts';
import { VsCodeMicrosoftSessions } from './accounts/microsoftSessions';
import { ReportDocuments } from './accounts/reportDocuments';
import { AccountStore } from './auth/accountStore';
import { CredentialProvider } from './auth/credentials';
import { registerCommands } from './commands';
import type { CommandDeps, Platform } from './commands/deps';
import { readSettings, SECTION, type Settings } from './config';
import { initializeGitIntegration } from './git/integration';
import { RedactingLogger, type Logger } from './log';
import { Catalog } from './model/catalog';
import { ClientProvider } from './model/clients';
import { diagnoseAccount } from './model/tokenProbe';
import { initializePullRequests } from './pullRequests/feature';
import { StatusBarController } from './statusBar';
import { initializeGit } from './git';
import { createTestingApi, type TestingApi } from './testing';
import { VsCodePrompter, type Prompter } from './ui/prompter';
import { Redactor } from './util/redact';
import { AccountsTreeProvider } from './views/accountsTree';
import type { RepositoryChildren } from './views/nodes/treeNode';

export interface AzureDevOpsExtensionApi {
  /** Present only when VS Code runs the extension's tests (ExtensionMode.Test). */
  readonly testing?: TestingApi;
}

export function activate(context: vscode.ExtensionContext): AzureDevOpsExtensionApi {
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  const { log, redactor, channel } = initializeLogging(context);
  let settings = readSettings(version);
  const services = initializeServices(context, log, redactor, () => settings);
  let prompter: Prompter = new VsCodePrompter();
  const platform: Platform = {
    openExternal: (url) => vscode.env.openExternal(vscode.Uri.parse(url, true)),
    writeClipboard: (text) => vscode.env.clipboard.writeText(text),
    withProgress: (title, task) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task),
    openSettings: (query) => vscode.commands.executeCommand('workbench.action.openSettings', query),
    homeDir: () => os.homedir(),
  };
  const git = initializeGit(context, {
    ...services, log,
    settings: () => settings,
    prompter: () => prompter,
    withProgress: (title, task) => platform.withProgress(title, task),
    openExternal: (url) => platform.openExternal(url),
  });
  const pullRequests = initializePullRequests(context, { ...services, log, platform, settings: () => settings, prompter: () => prompter });
  const tree = initializeTreeView(context, services.accounts, services.catalog, pullRequests.repositoryChildren);
  const statusBar = initializeStatusBar(context, services.accounts, () => settings.showStatusBar);

  const deps: CommandDeps = {
    ...services, tree, log, redactor, platform, reports: new ReportDocuments(), git, pullRequests,
    settings: () => settings,
    prompter: () => prompter,
    showLog: () => channel.show(),
  };
  context.subscriptions.push(registerCommands(deps));
  const accounts = initializeAccounts(context, deps);
  const gitIntegration = initializeGitIntegration(context, deps);
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SECTION) && !e.affectsConfiguration('http')) return;
    settings = readSettings(version);
    services.clients.reset();
    services.catalog.invalidate();
  }));
  log.info(`Azure DevOps ${version} activated (${services.accounts.list().length} organizations signed in)`);

  if (context.extensionMode !== vscode.ExtensionMode.Test) return {};
  return {
    testing: createTestingApi({
      deps, statusBar, git: gitIntegration, authProvider: accounts.authProvider, secrets: context.secrets,
      setPrompter: (p) => { prompter = p ?? new VsCodePrompter(); },
      setMicrosoftProvider: services.setMicrosoftProvider,
    }),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function initializeLogging(context: vscode.ExtensionContext): { log: Logger; redactor: Redactor; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel('Azure DevOps', { log: true });
  const redactor = new Redactor();
  context.subscriptions.push(channel);
  return { log: new RedactingLogger(channel, redactor), redactor, channel };
}

function initializeServices(context: vscode.ExtensionContext, log: Logger, redactor: Redactor, settings: () => Settings) {
  const accounts = new AccountStore(context.globalState, context.secrets, redactor);
  // VS Code's Microsoft sign-in; the tests point the same code at a stand-in provider (setMicrosoftProvider).
  let microsoft = new VsCodeMicrosoftSessions();
  const credentials = new CredentialProvider(accounts, () => microsoft, redactor);
  const clients = new ClientProvider(accounts, settings, log, credentials);
  const probeDeps = { accounts, credentials, settings, log };
  const catalog = new Catalog(accounts, clients, log, async (key) => {
    const account = accounts.get(key);
    return account ? diagnoseAccount(probeDeps, account) : undefined;
  });
  const setMicrosoftProvider = (providerId?: string): VsCodeMicrosoftSessions => {
    microsoft.dispose();
    microsoft = new VsCodeMicrosoftSessions(providerId);
    return microsoft;
  };
  context.subscriptions.push(accounts, catalog, { dispose: () => microsoft.dispose() });
  return { accounts, clients, catalog, credentials, microsoft: () => microsoft, setMicrosoftProvider };
}

function initializeTreeView(context: vscode.ExtensionContext, accounts: AccountStore, catalog: Catalog, repositoryChildren: RepositoryChildren): AccountsTreeProvider {
  const tree = new AccountsTreeProvider(accounts, catalog, repositoryChildren);
  const view = vscode.window.createTreeView('azureDevOps.accounts', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, view);
  return tree;
}

function initializeStatusBar(context: vscode.ExtensionContext, accounts: AccountStore, visible: () => boolean): StatusBarController {
  const statusBar = new StatusBarController(accounts, visible);
  context.subscriptions.push(statusBar, vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.showStatusBar`)) statusBar.update();
  }));
  return statusBar;
}
