import * as vscode from 'vscode';
import type { CommandDeps, Platform } from './commands/deps';
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
  treeChildren(parent?: TreeNode): Promise<TreeRow[]>;
  statusBar(): ReturnType<StatusBarController['snapshot']>;
  readonly deps: CommandDeps;
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

export interface TestingApiOptions {
  deps: CommandDeps;
  statusBar: StatusBarController;
  caches: Caches;
  progress: RefreshProgress;
  setPrompter(p: Prompter | undefined): void;
  createModel(options: Pick<CatalogOptions, 'scheduleRefresh'>): { caches: Caches; clients: ClientProvider; catalog: Catalog };
}

async function rowsOf(tree: AccountsTreeProvider, parent?: TreeNode): Promise<TreeRow[]> {
  const nodes = await tree.getChildren(parent);
  return nodes.map((node) => {
    const item = node.getTreeItem();
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : undefined;
    return {
      id: node.id, label, node, tooltip,
      description: typeof item.description === 'string' ? item.description : undefined,
      contextValue: item.contextValue,
      command: item.command?.command,
      commandArguments: item.command?.arguments,
    };
  });
}

export function createTestingApi(options: TestingApiOptions): TestingApi {
  const { deps } = options;
  const realOpen = deps.platform.openExternal;
  return {
    deps,
    caches: options.caches,
    setPrompter: options.setPrompter,
    statusBar: () => options.statusBar.snapshot(),
    setOpenExternal: (open) => { deps.platform.openExternal = open ?? realOpen; },
    treeChildren: (parent) => rowsOf(deps.tree, parent),
    refreshProgressShowing: () => options.progress.showing,
    async simulateReload(reloadOptions = {}) {
      // The old session writes what it has not written yet when it is deactivated.
      await options.caches.flush();
      const { caches, clients, catalog } = options.createModel(reloadOptions);
      const tree = new AccountsTreeProvider(deps.accounts, catalog);
      return {
        catalog, clients, tree,
        treeChildren: (parent) => rowsOf(tree, parent),
        dispose: () => { tree.dispose(); catalog.dispose(); clients.dispose(); caches.dispose(); },
      };
    },
  };
}
