import * as vscode from 'vscode';
import type { CommandDeps, Platform } from './commands/deps';
import type { GitIntegration } from './git';
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
  statusBar(): ReturnType<StatusBarController['snapshot']>;
  readonly deps: CommandDeps;
  /** The Git extension integration: history details provider, push error handler, remote health. */
  readonly git: GitIntegration;
}

export function createTestingApi(options: { deps: CommandDeps; statusBar: StatusBarController; git: GitIntegration; setPrompter(p: Prompter | undefined): void }): TestingApi {
  const { deps } = options;
  const realOpen = deps.platform.openExternal;
  return {
    deps,
    git: options.git,
    setPrompter: options.setPrompter,
    statusBar: () => options.statusBar.snapshot(),
    setOpenExternal: (open) => { deps.platform.openExternal = open ?? realOpen; },
    async treeChildren(parent) {
      const nodes = await deps.tree.getChildren(parent);
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
    },
  };
}
