import * as vscode from 'vscode';
import { explain } from '../../ui/explain';
import { categoryLabel } from '../../pullRequests/labels';
import type { Category, ListTarget, PullRequestLists } from '../../pullRequests/lists';
import { MessageNode } from './messageNode';
import { PullRequestNode } from './pullRequestNode';
import { TreeNode } from './treeNode';

/** "Created by me", "Assigned to me" or "All active" of one repository. */
export class PullRequestCategoryNode extends TreeNode {
  readonly id: string;

  constructor(parentId: string, readonly target: ListTarget, readonly category: Category, private readonly lists: PullRequestLists, private readonly expanded: boolean) {
    super();
    this.id = `${parentId}/${category}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(categoryLabel(this.category), this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = `pullRequestCategory.${this.category}`;
    item.iconPath = new vscode.ThemeIcon(this.category === 'createdByMe' ? 'person' : this.category === 'assignedToMe' ? 'eye' : 'git-pull-request');
    const state = this.lists.peek(this.target, this.category);
    if (state?.status === 'loaded') item.description = String(state.items.length);
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const state = await this.lists.load(this.target, this.category);
    if (state.status === 'error') {
      const explanation = explain(state.error, { organization: this.target.account.name, url: this.target.account.url, kind: this.target.account.kind, during: 'load' });
      return [new MessageNode(`${this.id}/error`, 'error', vscode.l10n.t('Could not load pull requests: click to try again'), {
        tooltip: explanation.message,
        command: { command: 'azureDevOps.refreshPullRequests', title: vscode.l10n.t('Refresh') },
      })];
    }
    if (state.items.length === 0) {
      return [new MessageNode(`${this.id}/empty`, 'empty', this.category === 'createdByMe'
        ? vscode.l10n.t('You have no active pull requests here')
        : this.category === 'assignedToMe' ? vscode.l10n.t('Nothing waits for your review') : vscode.l10n.t('No active pull requests'))];
    }
    return state.items.map((pr) => new PullRequestNode(this.id, this.target.account.key, pr, this.target.account.user.id));
  }
}
