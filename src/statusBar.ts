import * as vscode from 'vscode';
import type { AccountStore } from './auth/accountStore';
import type { AccountRecord } from './auth/records';
import { firstExpiring } from './auth/expiry';
import { isUnreachable } from './azdo/errors';
import type { Catalog } from './model/catalog';

export type SignInState = 'signedOut' | 'signedIn' | 'rejected' | 'offline' | 'expiring';

/** What the status bar reads of the catalog: whether an organization could be reached the last time it was asked. */
export type ReachabilitySource = Pick<Catalog, 'state' | 'onDidChange'>;

/**
 * The status bar item and the context keys that drive the welcome view and menus (`azureDevOps.state`,
 * `azureDevOps.hiddenCount`, `azureDevOps.visibleCount`): signed out (click: sign in), signed in (tooltip:
 * organizations and accounts), a rejected token (warning; click: enter a new token for that organization), a token
 * that expires within seven days (warning; click: replace it), organizations that cannot be reached (offline; click:
 * refresh now — the tree also tries again by itself).
 */
export class StatusBarController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: SignInState = 'signedOut';
  /** Keys of the organizations the item shows as unreachable, in the order it names them. */
  private offline: string[] = [];

  constructor(
    private readonly accounts: AccountStore,
    private readonly visible: () => boolean,
    private readonly now: () => Date = () => new Date(),
    private readonly reachability?: ReachabilitySource,
  ) {
    this.item = vscode.window.createStatusBarItem('azureDevOps.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = vscode.l10n.t('Azure DevOps');
    this.subscriptions.push(this.item, { dispose: accounts.onDidChange(() => this.update()).dispose });
    if (reachability) {
      // The catalog changes often (every load of every organization); the item is updated only when the set of
      // unreachable ones does. A change names its organization, so only that one is looked at: with many
      // organizations loading at once, looking at all of them on every change would be quadratic.
      this.subscriptions.push(reachability.onDidChange((key) => {
        const changed = key === undefined
          ? this.unreachable().map((a) => a.key).join('|') !== this.offline.join('|')
          : this.cannotReach(key) !== this.offline.includes(key);
        if (changed) this.update();
      }));
    }
    // Expiry is counted in days: look again every hour so the warning appears on the right day.
    const timer = setInterval(() => this.update(), 60 * 60 * 1000);
    this.subscriptions.push({ dispose: () => clearInterval(timer) });
    this.update();
  }

  update(): SignInState {
    const all = this.accounts.list();
    const shown = all.filter((a) => !a.hidden);
    const rejected = shown.filter((a) => a.tokenState === 'rejected');
    const expiring = firstExpiring(shown.filter((a) => a.auth === 'pat' && a.tokenState !== 'rejected'), this.now());
    const offline = this.unreachable();
    this.offline = offline.map((a) => a.key);
    const state: SignInState = all.length === 0 ? 'signedOut' : rejected.length > 0 ? 'rejected' : offline.length > 0 ? 'offline' : expiring ? 'expiring' : 'signedIn';
    this.state = state;
    void vscode.commands.executeCommand('setContext', 'azureDevOps.state', state);
    void vscode.commands.executeCommand('setContext', 'azureDevOps.hiddenCount', all.length - shown.length);
    void vscode.commands.executeCommand('setContext', 'azureDevOps.visibleCount', shown.length);
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
      item.command = first.auth === 'microsoft'
        ? { command: 'azureDevOps.switchAccount', title: vscode.l10n.t('Switch Account…'), arguments: [first.key] }
        : { command: 'azureDevOps.replaceToken', title: vscode.l10n.t('Enter New Token'), arguments: [first.key] };
      item.accessibilityInformation = { label: vscode.l10n.t('Azure DevOps: the token for {0} was rejected. Enter a new token.', first.name) };
    } else if (state === 'offline') {
      const names = offline.map((a) => a.name).join(', ');
      item.text = `$(debug-disconnect) ${vscode.l10n.t('Azure DevOps: offline')}`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.tooltip = this.tooltip(vscode.l10n.t('{0} cannot be reached: the Azure DevOps view shows the last known content and tries again by itself. Check your network connection or proxy (http.proxy). Click to try now.', names));
      item.command = { command: 'azureDevOps.refresh', title: vscode.l10n.t('Refresh') };
      item.accessibilityInformation = { label: vscode.l10n.t('Azure DevOps: {0} cannot be reached. Try again.', names) };
    } else if (state === 'expiring' && expiring) {
      const { account, status } = expiring;
      const when = status.state === 'expired' ? vscode.l10n.t('token past its expiry date')
        : status.daysLeft === 0 ? vscode.l10n.t('token expires today')
          : status.daysLeft === 1 ? vscode.l10n.t('token expires tomorrow') : vscode.l10n.t('token expires in {0} days', status.daysLeft ?? 0);
      item.text = `$(clock) ${vscode.l10n.t('Azure DevOps: {0}', when)}`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.tooltip = this.tooltip(vscode.l10n.t('The token for {0} expires on {1}. Click to replace it with a new token before then.', account.name, status.expires ?? ''));
      item.command = { command: 'azureDevOps.replaceToken', title: vscode.l10n.t('Replace Token'), arguments: [account.key] };
      item.accessibilityInformation = { label: vscode.l10n.t('Azure DevOps: the token for {0} expires on {1}. Replace it.', account.name, status.expires ?? '') };
    } else {
      item.text = shown.length === 1 ? `$(azure-devops) ${shown[0].name}`
        : shown.length === 0 ? `$(azure-devops) ${vscode.l10n.t('{0} hidden organizations', all.length)}`
          : `$(azure-devops) ${vscode.l10n.t('{0} organizations', shown.length)}`;
      item.tooltip = this.tooltip();
      item.command = { command: 'workbench.view.extension.azureDevOps', title: vscode.l10n.t('Show Azure DevOps') };
      item.accessibilityInformation = { label: vscode.l10n.t('Azure DevOps: signed in to {0}', all.map((a) => a.name).join(', ')) };
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

  /** The shown organizations whose last load or refresh could not reach the service. */
  private unreachable(): AccountRecord[] {
    if (!this.reachability) return [];
    return this.accounts.list().filter((a) => !a.hidden && this.stateCannotReach(a.key));
  }

  /** Whether the organization is shown and its last load or refresh could not reach the service. */
  private cannotReach(key: string): boolean {
    if (!this.stateCannotReach(key)) return false;
    const account = this.accounts.get(key);
    return account !== undefined && !account.hidden;
  }

  private stateCannotReach(key: string): boolean {
    const state = this.reachability?.state(key);
    if (state?.status === 'loaded') return state.refreshError !== undefined && isUnreachable(state.refreshError);
    return state?.status === 'error' && isUnreachable(state.error);
  }

  private tooltip(headline?: string): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    if (headline) md.appendMarkdown(`$(warning) ${headline}\n\n`);
    md.appendMarkdown(`**${vscode.l10n.t('Azure DevOps')}**\n\n`);
    for (const a of this.accounts.list()) {
      const icon = a.tokenState === 'rejected' ? '$(warning)' : a.kind === 'server' ? '$(server)' : '$(organization)';
      const how = a.auth === 'microsoft' && a.microsoft ? `$(account) ${a.microsoft.label}` : `$(key) ${a.user.displayName}${a.user.uniqueName ? ` (${a.user.uniqueName})` : ''}`;
      const expires = a.auth === 'pat' && a.tokenExpires ? ` · ${vscode.l10n.t('expires {0}', a.tokenExpires)}` : '';
      md.appendMarkdown(`${icon} ${a.name}${a.hidden ? ` (${vscode.l10n.t('hidden')})` : ''} — ${how}${expires}\n\n`);
    }
    return md;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
