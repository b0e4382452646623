import * as vscode from 'vscode';
import type { CommandDeps, Platform } from './commands/deps';
import type { StatusBarController } from './statusBar';
import type { Prompter } from './ui/prompter';
import type { TreeNode } from './views/nodes/treeNode';

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
  /** Rows of the Pull Requests view. */
  pullRequestChildren(parent?: TreeNode): Promise<TreeRow[]>;
  statusBar(): ReturnType<StatusBarController['snapshot']>;
  readonly deps: CommandDeps;
}

export function createTestingApi(options: { deps: CommandDeps; statusBar: StatusBarController; setPrompter(p: Prompter | undefined): void }): TestingApi {
  const { deps } = options;
  const realOpen = deps.platform.openExternal;
  return {
    deps,
    setPrompter: options.setPrompter,
    statusBar: () => options.statusBar.snapshot(),
    setOpenExternal: (open) => { deps.platform.openExternal = open ?? realOpen; },
    treeChildren: async (parent) => (await deps.tree.getChildren(parent)).map(toRow),
    pullRequestChildren: async (parent) => (await deps.pullRequests.tree.getChildren(parent)).map(toRow),
  };
}

function toRow(node: TreeNode): TreeRow {
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
}
