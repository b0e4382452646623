import * as vscode from 'vscode';
import type { PatAuthenticationProvider } from './accounts/authProvider';
import type { VsCodeMicrosoftSessions } from './accounts/microsoftSessions';
import type { CommandDeps, Platform } from './commands/deps';
import type { GitIntegration } from './git/integration';
import type { Catalog, CatalogOptions } from './model/catalog';
import type { ClientProvider } from './model/clients';
import type { Caches } from './model/persistence';
import type { StatusBarController } from './statusBar';
import type { Prompter } from './ui/prompter';
import { AccountsTreeProvider } from './views/accountsTree';
import type { TreeNode } from './views/nodes/treeNode';
import type { RefreshProgress } from './views/refreshProgress';

/** A rendered tree row, as a test sees it. */
export interface TreeRow {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** The codicon id of a theme icon. */
  icon?: string;
  contextValue?: string;
  command?: string;
  commandArguments?: unknown[];
  node: TreeNode;
}

/**
 * Seams for the integration tests that run inside the real extension host: a scripted prompter in place of the
 * input boxes (the UI tests type into the real ones), a recorder for openExternal, and the tree as rendered.
 * Returned only in ExtensionMode.Test.
 */
export interface TestingApi {
  setPrompter(prompter: Prompter | undefined): void;
  setOpenExternal(open: Platform['openExternal'] | undefined): void;
  /** Points ~ (and so ~/.ssh) at another directory; undefined restores os.homedir(). */
  setHomeDir(dir: string | undefined): void;
  treeChildren(parent?: TreeNode): Promise<TreeRow[]>;
  /** Rows of the Pull Requests view. */
  pullRequestChildren(parent?: TreeNode): Promise<TreeRow[]>;
  statusBar(): ReturnType<StatusBarController['snapshot']>;
  /**
   * Points the Microsoft sign-in at another authentication provider id (a stand-in the tests register, since no
   * Entra tenant is reachable); undefined = VS Code's real `microsoft` provider. Returns the sessions source in use.
   */
  setMicrosoftProvider(providerId: string | undefined): VsCodeMicrosoftSessions;
  /** The "Azure DevOps" authentication provider registered with VS Code. */
  readonly authProvider: PatAuthenticationProvider;
  /** The extension's SecretStorage, to act as another window would. */
  readonly secrets: vscode.SecretStorage;
  readonly deps: CommandDeps;
  /** The Git extension integration: history details provider, push error handler, remote health. */
  readonly git: GitIntegration;
  /** Route tables and the folder of the organizations' snapshots (what survives a reload besides accounts). */
  readonly caches: Pick<Caches, 'routes' | 'snapshotDir' | 'flush'>;
  /** True while the view shows its progress bar (organizations refreshing). */
  refreshProgressShowing(): boolean;
  /**
   * What a window reload leaves: a new model (clients, catalog) and tree over the same global state, secret
   * storage and snapshot folder, with nothing in memory. Not registered as the view; dispose it after use.
   */
  simulateReload(options?: Pick<CatalogOptions, 'scheduleRefresh'>): Promise<ReloadedSession>;
}

export interface ReloadedSession {
  catalog: Catalog;
  clients: ClientProvider;
  tree: AccountsTreeProvider;
  treeChildren(parent?: TreeNode): Promise<TreeRow[]>;
  dispose(): void;
}

export function createTestingApi(options: {
  deps: CommandDeps;
  statusBar(): StatusBarController;
  git(): GitIntegration;
  authProvider(): PatAuthenticationProvider;
  secrets: vscode.SecretStorage;
  setPrompter(p: Prompter | undefined): void;
  setMicrosoftProvider(providerId: string | undefined): VsCodeMicrosoftSessions;
  caches: Caches;
  progress: RefreshProgress;
  createModel(options: Pick<CatalogOptions, 'scheduleRefresh'>): { caches: Caches; clients: ClientProvider; catalog: Catalog };
}): TestingApi {
  const { deps } = options;
  const realOpen = deps.platform.openExternal;
  const realHome = deps.platform.homeDir;
  return {
    deps,
    get authProvider() { return options.authProvider(); },
    secrets: options.secrets,
    setMicrosoftProvider: options.setMicrosoftProvider,
    get git() { return options.git(); },
    setPrompter: options.setPrompter,
    statusBar: () => options.statusBar().snapshot(),
    setOpenExternal: (open) => { deps.platform.openExternal = open ?? realOpen; },
    setHomeDir: (dir) => { deps.platform.homeDir = dir === undefined ? realHome : () => dir; },
    treeChildren: async (parent) => (await deps.tree.getChildren(parent)).map(toRow),
    pullRequestChildren: async (parent) => (await deps.pullRequests.tree.getChildren(parent)).map(toRow),
    caches: options.caches,
    refreshProgressShowing: () => options.progress.showing,
    async simulateReload(reloadOptions = {}) {
      // The old session writes what it has not written yet when it is deactivated.
      await options.caches.flush();
      const { caches, clients, catalog } = options.createModel(reloadOptions);
      const tree = new AccountsTreeProvider(deps.accounts, catalog);
      return {
        catalog, clients, tree,
        treeChildren: async (parent) => (await tree.getChildren(parent)).map(toRow),
        dispose: () => { tree.dispose(); catalog.dispose(); clients.dispose(); caches.dispose(); },
      };
    },
  };
}

function toRow(node: TreeNode): TreeRow {
  const item = node.getTreeItem();
  const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : undefined;
  return {
    id: node.id, label, node, tooltip,
    description: typeof item.description === 'string' ? item.description : undefined,
    icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
    contextValue: item.contextValue,
    command: item.command?.command,
    commandArguments: item.command?.arguments,
  };
}
