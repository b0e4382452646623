import * as vscode from 'vscode';
import type { AccountStore } from './auth/accountStore';

export type SignInState = 'signedOut' | 'signedIn' | 'rejected';

/**
 * The status bar item and the `azureDevOps.state` context key (which drives the welcome view and menus):
 * signed out (click: sign in), signed in (tooltip: organizations and users), a rejected token (warning; click:
 * enter a new token for that organization).
 */
export class StatusBarController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: SignInState = 'signedOut';

  constructor(private readonly accounts: AccountStore, private readonly visible: () => boolean) {
    this.item = vscode.window.createStatusBarItem('azureDevOps.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Azure DevOps');
    this.subscriptions.push(this.item, { dispose: accounts.onDidChange(() => this.update()).dispose });
    this.update();
  }

  update(): SignInState {
    const accounts = this.accounts.list();
    const rejected = accounts.filter((a) => a.tokenState === 'rejected');
    const state: SignInState = accounts.length === 0 ? 'signedOut' : rejected.length > 0 ? 'rejected' : 'signedIn';
    this.state = state;
    void vscode.commands.executeCommand('setContext', 'azureDevOps.state', state);
    const item = this.item;
    item.backgroundColor = undefined;
    if (state === 'signedOut') {
      item.text = `$(azure-devops) ${vscode.l10n.t('Sign in to Azure DevOps')}`;
      item.tooltip = vscode.l10n.t('Azure DevOps: not signed in. Click to sign in to an organization.');
      item.command = 'azureDevOps.signIn';
      item.accessibilityInformation = { label: vscode.l10n.t('Azure DevOps: not signed in. Sign in.') };
    } else if (state === 'rejected') {
      const first = rejected[0];
      item.text = `$(warning) ${vscode.l10n.t('Azure DevOps: token rejected')}`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.tooltip = this.tooltip(vscode.l10n.t('{0} no longer accepts its token. Click to enter a new token.', rejected.map((a) => a.name).join(', ')));
      item.command = { command: 'azureDevOps.replaceToken', title: vscode.l10n.t('Enter New Token'), arguments: [first.key] };
      item.accessibilityInformation = { label: vscode.l10n.t('Azure DevOps: the token for {0} was rejected. Enter a new token.', first.name) };
    } else {
      item.text = accounts.length === 1 ? `$(azure-devops) ${accounts[0].name}` : `$(azure-devops) ${vscode.l10n.t('{0} organizations', accounts.length)}`;
      item.tooltip = this.tooltip();
      item.command = { command: 'workbench.view.extension.azureDevOps', title: vscode.l10n.t('Show Azure DevOps') };
      item.accessibilityInformation = { label: vscode.l10n.t('Azure DevOps: signed in to {0}', accounts.map((a) => a.name).join(', ')) };
    }
    if (this.visible()) item.show();
    else item.hide();
    return state;
  }

  /** What the item shows now (for tests and the log). */
  snapshot(): { state: SignInState; text: string; tooltip: string; command?: string; commandArguments?: unknown[]; warning: boolean } {
    const command = this.item.command;
    return {
      state: this.state,
      text: this.item.text,
      tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : this.item.tooltip?.value ?? '',
      command: typeof command === 'string' ? command : command?.command,
      commandArguments: typeof command === 'string' ? undefined : command?.arguments,
      warning: this.item.backgroundColor !== undefined,
    };
  }

  private tooltip(headline?: string): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    if (headline) md.appendMarkdown(`$(warning) ${headline}\n\n`);
    md.appendMarkdown(`**${vscode.l10n.t('Azure DevOps')}**\n\n`);
    for (const a of this.accounts.list()) {
      const icon = a.tokenState === 'rejected' ? '$(warning)' : a.kind === 'server' ? '$(server)' : '$(organization)';
      md.appendMarkdown(`${icon} ${a.name} — ${a.user.displayName}${a.user.uniqueName ? ` (${a.user.uniqueName})` : ''}\n\n`);
    }
    return md;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
