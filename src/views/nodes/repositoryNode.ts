import * as vscode from 'vscode';
import type { AccountRecord } from '../../auth/accountStore';
import type { ProjectInfo, RepositoryInfo } from '../../azdo/types';
import { TreeNode, type RepositoryChildren } from './treeNode';

export class RepositoryNode extends TreeNode {
  readonly id: string;

  constructor(readonly account: AccountRecord, readonly project: ProjectInfo, readonly repository: RepositoryInfo, private readonly extraChildren?: RepositoryChildren) {
    super();
    this.id = `repo:${account.key}/${repository.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const r = this.repository;
    const expandable = this.extraChildren !== undefined && !r.isDisabled && r.defaultBranch !== undefined;
    const item = new vscode.TreeItem(r.name, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const markers: string[] = [];
    if (r.isDisabled) markers.push('disabled');
    if (!r.defaultBranch) markers.push('empty');
    if (r.isFork) markers.push('fork');
    item.contextValue = ['repository', ...markers].join('.');
    const parts: string[] = [];
    if (r.defaultBranch) parts.push(r.defaultBranch);
    if (r.isDisabled) parts.push(vscode.l10n.t('disabled'));
    else if (!r.defaultBranch) parts.push(vscode.l10n.t('empty'));
    if (r.isFork) parts.push(r.parentName ? vscode.l10n.t('fork of {0}', r.parentName) : vscode.l10n.t('fork'));
    item.description = parts.join(' · ');
    item.iconPath = new vscode.ThemeIcon(
      r.isDisabled ? 'circle-slash' : r.isFork ? 'repo-forked' : 'repo',
      r.isDisabled ? new vscode.ThemeColor('disabledForeground') : undefined,
    );
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`$(repo) **${escape(this.project.name)} / ${escape(r.name)}**\n\n`);
    if (r.defaultBranch) tooltip.appendMarkdown(`${vscode.l10n.t('Default branch')}: \`${escape(r.defaultBranch)}\`\n\n`);
    if (!r.defaultBranch) tooltip.appendMarkdown(`${vscode.l10n.t('This repository is empty: it has no commits yet.')}\n\n`);
    if (r.isDisabled) tooltip.appendMarkdown(`${vscode.l10n.t('This repository is disabled: it cannot be cloned or changed until a project administrator enables it.')}\n\n`);
    if (r.isFork && r.parentName) tooltip.appendMarkdown(`${vscode.l10n.t('Fork of {0}', escape(r.parentName))}\n\n`);
    if (r.remoteUrl) tooltip.appendMarkdown(`HTTPS: \`${r.remoteUrl}\`\n\n`);
    if (r.sshUrl) tooltip.appendMarkdown(`SSH: \`${r.sshUrl}\``);
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `${vscode.l10n.t('Repository')} ${r.name}, ${item.description}` };
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    if (!this.extraChildren || this.repository.isDisabled || !this.repository.defaultBranch) return [];
    return this.extraChildren.children(this, { account: this.account, project: this.project, repository: this.repository });
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
