import * as vscode from 'vscode';
import { CATEGORIES, type ListTarget, type PullRequestLists } from '../../pullRequests/lists';
import { PullRequestCategoryNode } from './pullRequestCategoryNode';
import { TreeNode } from './treeNode';

/**
 * The pull requests of one repository: a workspace repository in the Pull Requests view (several open), or the
 * "Pull Requests" child of a repository in the Azure DevOps tree. Children: the three categories.
 */
export class PullRequestRepositoryNode extends TreeNode {
  readonly id: string;

  constructor(parentId: string, readonly target: ListTarget, private readonly lists: PullRequestLists, private readonly options: { label?: string; description?: string; expanded?: boolean } = {}) {
    super();
    this.id = `${parentId}/prs:${target.account.key}/${target.repo.repositoryId}`;
    lists.register(target);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.options.label ?? this.target.label, this.options.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.options.description;
    item.contextValue = 'pullRequestRepository';
    item.iconPath = new vscode.ThemeIcon(this.options.label ? 'git-pull-request' : 'repo');
    item.tooltip = vscode.l10n.t('Pull requests of {0} in {1}', this.target.label, this.target.account.name);
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    return categoryNodes(this.id, this.target, this.lists);
  }
}

export function categoryNodes(parentId: string, target: ListTarget, lists: PullRequestLists): TreeNode[] {
  return CATEGORIES.map((c) => new PullRequestCategoryNode(parentId, target, c, lists, c !== 'allActive'));
}
