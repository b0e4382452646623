import * as vscode from 'vscode';
import type { AccountRecord } from '../../auth/accountStore';
import type { ProjectInfo } from '../../azdo/types';
import type { Catalog } from '../../model/catalog';
import { MessageNode } from './messageNode';
import { RepositoryNode } from './repositoryNode';
import { TreeNode, type RepositoryChildren } from './treeNode';
import { errorNode } from './errorNode';

export class ProjectNode extends TreeNode {
  readonly id: string;

  constructor(readonly account: AccountRecord, readonly project: ProjectInfo, private readonly catalog: Catalog, private readonly repositoryChildren?: RepositoryChildren) {
    super();
    this.id = `project:${account.key}/${project.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.project.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = 'project';
    item.iconPath = new vscode.ThemeIcon('project');
    if (this.project.visibility === 'public') item.description = vscode.l10n.t('public');
    item.tooltip = this.project.description ? `${this.project.name}\n\n${this.project.description}` : this.project.name;
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const state = await this.catalog.load(this.account.key);
    if (state.status === 'error') return [errorNode(this.account, state.error, `${this.id}/error`, state.diagnosis)];
    if (state.status !== 'loaded') return [];
    const repositories = state.data.repositories.get(this.project.id) ?? [];
    if (repositories.length === 0) {
      return [new MessageNode(`${this.id}/empty`, 'empty', vscode.l10n.t('No repositories in this project'), {
        tooltip: vscode.l10n.t('This project has no Git repositories you can see. Open the project in the browser to create one.'),
        command: { command: 'azureDevOps.openInBrowser', title: vscode.l10n.t('Open in Browser'), arguments: [this] },
      })];
    }
    return repositories.map((r) => new RepositoryNode(this.account, this.project, r, this.repositoryChildren));
  }
}
