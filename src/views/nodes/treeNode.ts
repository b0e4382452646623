import type * as vscode from 'vscode';
import type { AccountRecord } from '../../auth/accountStore';
import type { ProjectInfo, RepositoryInfo } from '../../azdo/types';

/** One node of the Azure DevOps tree; each kind of node has its own file. */
export abstract class TreeNode {
  abstract readonly id: string;
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}

/** Extra children a feature adds under repositories of the Azure DevOps tree (e.g. "Pull Requests"). */
export interface RepositoryChildren {
  children(parent: TreeNode, context: { account: AccountRecord; project: ProjectInfo; repository: RepositoryInfo }): TreeNode[];
}
