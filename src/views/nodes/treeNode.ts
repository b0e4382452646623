import type * as vscode from 'vscode';

/** One node of the Azure DevOps tree; each kind of node has its own file. */
export abstract class TreeNode {
  abstract readonly id: string;
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}
