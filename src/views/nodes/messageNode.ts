import * as vscode from 'vscode';
import { TreeNode } from './treeNode';

export type MessageKind = 'error' | 'empty' | 'info' | 'warning';

/** A leaf that tells something (an error, an empty list) and, when clicked, offers the next step. */
export class MessageNode extends TreeNode {
  constructor(
    readonly id: string,
    readonly kind: MessageKind,
    readonly label: string,
    private readonly options: { tooltip?: string; command?: vscode.Command } = {},
  ) {
    super();
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = `message.${this.kind}`;
    item.tooltip = this.options.tooltip ?? this.label;
    item.command = this.options.command;
    item.iconPath = this.kind === 'error'
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
      : this.kind === 'warning'
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon('info');
    return item;
  }
}
