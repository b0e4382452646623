import * as vscode from 'vscode';
import type { AccountRecord } from '../../auth/accountStore';
import type { Catalog } from '../../model/catalog';
import { errorNode } from './errorNode';
import { MessageNode } from './messageNode';
import { ProjectNode } from './projectNode';
import { TreeNode, type RepositoryChildren } from './treeNode';

export class OrganizationNode extends TreeNode {
  readonly id: string;

  constructor(readonly account: AccountRecord, private readonly catalog: Catalog, private readonly expanded: boolean, private readonly repositoryChildren?: RepositoryChildren) {
    super();
    this.id = `org:${account.key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const a = this.account;
    const rejected = a.tokenState === 'rejected';
    const item = new vscode.TreeItem(a.name, this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = ['organization', a.kind === 'server' ? 'server' : 'services', rejected ? 'rejected' : 'valid'].join('.');
    item.description = rejected
      ? vscode.l10n.t('{0} · token not accepted', a.user.displayName)
      : a.kind === 'server' ? vscode.l10n.t('{0} · Azure DevOps Server', a.user.displayName) : a.user.displayName;
    item.iconPath = rejected
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(a.kind === 'server' ? 'server' : 'organization');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${a.name}** — ${a.kind === 'server' ? vscode.l10n.t('Azure DevOps Server collection') : vscode.l10n.t('Azure DevOps organization')}\n\n`);
    tooltip.appendMarkdown(`${a.url}\n\n`);
    tooltip.appendMarkdown(vscode.l10n.t('Signed in as {0}', a.user.uniqueName ? `${a.user.displayName} (${a.user.uniqueName})` : a.user.displayName));
    if (rejected) tooltip.appendMarkdown(`\n\n$(warning) ${vscode.l10n.t('The organization no longer accepts the stored token. Use "Enter New Token".')}`);
    item.tooltip = tooltip;
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const state = await this.catalog.load(this.account.key);
    if (state.status === 'error') return [errorNode(this.account, state.error, `${this.id}/error`)];
    if (state.status !== 'loaded') return [];
    if (state.data.projects.length === 0) {
      return [new MessageNode(`${this.id}/empty`, 'empty', vscode.l10n.t('No projects you can see'), {
        tooltip: vscode.l10n.t('{0} has no projects this account can see. Open the organization in the browser to create a project or ask for access.', this.account.name),
        command: { command: 'azureDevOps.openInBrowser', title: vscode.l10n.t('Open in Browser'), arguments: [this] },
      })];
    }
    return state.data.projects.map((p) => new ProjectNode(this.account, p, this.catalog, this.repositoryChildren));
  }
}
