import * as os from 'node:os';
import * as vscode from 'vscode';
import { VsCodeMicrosoftSessions } from './accounts/microsoftSessions';
import { ReportDocuments } from './accounts/reportDocuments';
import { AccountStore } from './auth/accountStore';
import { CredentialProvider } from './auth/credentials';
import { registerCommands } from './commands';
import type { CommandDeps, Platform } from './commands/deps';
import { readSettings, SECTION, type Settings } from './config';
import type { GitIntegration } from './git/integration';
import { LazySink, RedactingLogger, type Logger } from './log';
import { Catalog, type CatalogOptions } from './model/catalog';
import { ClientProvider } from './model/clients';
import { openCaches } from './model/persistence';
import type { PullRequestServices } from './pullRequests/feature';
import { Deferred, features } from './lazyFeatures';
import type { StatusBarController } from './statusBar';
import { initializeGit } from './git';
import { createTestingApi, type TestingApi } from './testing';
import { VsCodePrompter, type Prompter } from './ui/prompter';
import { Redactor } from './util/redact';
import { AccountsTreeProvider } from './views/accountsTree';
import type { RepositoryChildren } from './views/nodes/treeNode';

type ModelOptions = Pick<CatalogOptions, 'scheduleRefresh'>;

export interface AzureDevOpsExtensionApi {
  /** Present only when VS Code runs the extension's tests (ExtensionMode.Test). */
  readonly testing?: TestingApi;
}

export function activate(context: vscode.ExtensionContext): AzureDevOpsExtensionApi {
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  const { log, redactor, showLog } = initializeLogging(context);
  // Settings are read when first needed (the first getConfiguration costs the host some work), and again after a change.
  let settingsRead: Settings | undefined;
  const settings = (): Settings => settingsRead ??= readSettings(version);
  const services = initializeServices(context, log, redactor, settings);
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
    settings,
    prompter: () => prompter,
    withProgress: (title, task) => platform.withProgress(title, task),
    openExternal: (url) => platform.openExternal(url),
  });
  // The pull request feature (its view, lists, panels, the current branch's status bar item) and the Azure Repos
  // parts of the Git extension load just after activation, or on first use if that comes sooner (dist/features.js).
  const deferError = (what: string) => (err: unknown) => log.error(`${what} could not start`, err);
  const pullRequests = new Deferred<PullRequestServices>(() => features().initializePullRequests(context, {
    ...services, log, platform, settings, prompter: () => prompter,
  }), deferError('The pull request feature'));
  const tree = initializeTreeView(context, services.accounts, services.catalog, {
    children: (...args) => pullRequests.get().repositoryChildren.children(...args),
  }, deferError('The Azure DevOps view'));
  // The status bar item and the "Azure DevOps" authentication provider follow just after activation too.
  const statusBar = new Deferred(() => initializeStatusBar(context, services.accounts, services.catalog, () => settings().showStatusBar), deferError('The status bar item'));

  const deps = {
    ...services, tree, log, redactor, platform, reports: new ReportDocuments(), git,
    settings,
    prompter: () => prompter,
    showLog,
  } as Omit<CommandDeps, 'pullRequests'> as CommandDeps;
  Object.defineProperty(deps, 'pullRequests', { get: () => pullRequests.get(), enumerable: true });
  context.subscriptions.push(registerCommands(deps));
  const accounts = new Deferred(() => features().initializeAccounts(context, deps), deferError('The authentication provider'));
  const gitIntegration = new Deferred<GitIntegration>(() => features().initializeGitIntegration(context, deps), deferError('The Git integration'));
  for (const deferred of [statusBar, accounts, pullRequests, gitIntegration]) {
    context.subscriptions.push(deferred);
    deferred.soon();
  }
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SECTION) && !e.affectsConfiguration('http')) return;
    settingsRead = undefined;
    services.clients.settingsChanged();
    services.catalog.invalidate();
  }));
  setTimeout(() => log.info(`Azure DevOps ${version} activated (${services.accounts.list().length} organizations signed in)`), 0);

  if (context.extensionMode !== vscode.ExtensionMode.Test) return {};
  return {
    testing: createTestingApi({
      deps, statusBar: () => statusBar.get(), git: () => gitIntegration.get(), authProvider: () => accounts.get().authProvider, secrets: context.secrets,
      setPrompter: (p) => { prompter = p ?? new VsCodePrompter(); },
      setMicrosoftProvider: services.setMicrosoftProvider,
      caches: services.caches, progress: tree.progress, createModel: services.createModel,
    }),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/** The "Azure DevOps" log channel is made just after activation (with its first lines) or when it is shown. */
function initializeLogging(context: vscode.ExtensionContext): { log: Logger; redactor: Redactor; showLog: () => void } {
  const sink = new LazySink(() => {
    const channel = vscode.window.createOutputChannel('Azure DevOps', { log: true });
    context.subscriptions.push(channel);
    return channel;
  });
  const redactor = new Redactor();
  context.subscriptions.push(sink);
  return { log: new RedactingLogger(sink, redactor), redactor, showLog: () => sink.get().show() };
}

function initializeServices(context: vscode.ExtensionContext, log: Logger, redactor: Redactor, settings: () => Settings) {
  const accounts = new AccountStore(context.globalState, context.secrets, redactor);
  // VS Code's Microsoft sign-in; the tests point the same code at a stand-in provider (setMicrosoftProvider).
  let microsoft = new VsCodeMicrosoftSessions();
  const credentials = new CredentialProvider(accounts, () => microsoft, redactor);
  const model = (options: ModelOptions = {}) => createModel(context, { accounts, credentials, log, settings }, options);
  const { caches, clients, catalog } = model();
  const setMicrosoftProvider = (providerId?: string): VsCodeMicrosoftSessions => {
    microsoft.dispose();
    microsoft = new VsCodeMicrosoftSessions(providerId);
    return microsoft;
  };
  context.subscriptions.push(accounts, clients, catalog, caches, { dispose: () => microsoft.dispose() });
  return { accounts, clients, catalog, credentials, caches, createModel: model, microsoft: () => microsoft, setMicrosoftProvider };
}

/**
 * The model over what survives a window reload: route tables (global state) and each organization's last content
 * (files in global storage), so the tree shows at once and loads skip route discovery. The tests build a second
 * one over the same storage to stand for a reload.
 */
function createModel(
  context: vscode.ExtensionContext,
  parts: { accounts: AccountStore; credentials: CredentialProvider; log: Logger; settings: () => Settings },
  options: ModelOptions,
) {
  const { accounts, credentials, log, settings } = parts;
  const storageDir = context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined;
  const caches = openCaches({ state: context.globalState, storageDir, log });
  const clients = new ClientProvider(accounts, settings, log, credentials, caches.routes);
  const probeDeps = { accounts, credentials, settings, log };
  const catalog = new Catalog(accounts, clients, log, async (key) => {
    const account = accounts.get(key);
    return account ? features().diagnoseAccount(probeDeps, account) : undefined;
  }, { snapshots: caches.snapshots, scheduleRefresh: options.scheduleRefresh });
  return { caches, clients, catalog };
}

/**
 * The tree's model at once; its view just after activation (the host's first createTreeView costs activation some
 * 4 ms, and the workbench waits for a visible view's provider after activation anyway).
 */
function initializeTreeView(
  context: vscode.ExtensionContext, accounts: AccountStore, catalog: Catalog, repositoryChildren: RepositoryChildren, onError: (err: unknown) => void,
): AccountsTreeProvider {
  const tree = new AccountsTreeProvider(accounts, catalog, repositoryChildren);
  const view = new Deferred(() => {
    const made = vscode.window.createTreeView('azureDevOps.accounts', { treeDataProvider: tree, showCollapseAll: true });
    context.subscriptions.push(made);
    return made;
  }, onError);
  context.subscriptions.push(tree, view);
  view.soon();
  return tree;
}

function initializeStatusBar(context: vscode.ExtensionContext, accounts: AccountStore, catalog: Catalog, visible: () => boolean): StatusBarController {
  const statusBar = new (features().StatusBarController)(accounts, visible, undefined, catalog);
  context.subscriptions.push(statusBar, vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.showStatusBar`)) statusBar.update();
  }));
  return statusBar;
}
