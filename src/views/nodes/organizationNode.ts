import * as vscode from 'vscode';
import type { AccountRecord } from '../../auth/accountStore';
import { expiryStatus } from '../../auth/expiry';
import { isUnreachable } from '../../azdo/errors';
import type { Catalog, OrganizationState } from '../../model/catalog';
import { errorNode } from './errorNode';
import { MessageNode } from './messageNode';
import { ProjectNode } from './projectNode';
import { TreeNode, type RepositoryChildren } from './treeNode';

/** Who an organization is signed in as, and with what: for the description, the tooltip and the status bar. */
export function accountSummary(a: AccountRecord, now = new Date()): { who: string; how: string; state?: string } {
  if (a.auth === 'microsoft' && a.microsoft) {
    return {
      who: a.microsoft.label,
      how: vscode.l10n.t('Microsoft account'),
      state: a.tokenState === 'rejected' ? vscode.l10n.t('not accepted') : undefined,
    };
  }
  const expiry = expiryStatus(a.tokenExpires, now);
  let state: string | undefined;
  if (a.tokenState === 'rejected') state = vscode.l10n.t('token not accepted');
  else if (expiry.state === 'expired') state = vscode.l10n.t('token past its expiry date');
  else if (expiry.state === 'soon') {
    state = expiry.daysLeft === 0 ? vscode.l10n.t('token expires today') : vscode.l10n.t('token expires in {0} days', expiry.daysLeft ?? 0);
  }
  return { who: a.user.displayName, how: vscode.l10n.t('token'), state };
}

export class OrganizationNode extends TreeNode {
  readonly id: string;

  constructor(readonly account: AccountRecord, private readonly catalog: Catalog, private readonly expanded: boolean, private readonly repositoryChildren?: RepositoryChildren) {
    super();
    this.id = `org:${account.key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const a = this.account;
    const rejected = a.tokenState === 'rejected';
    const summary = accountSummary(a);
    const item = new vscode.TreeItem(a.name, this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    // organization.<services|server>.<valid|rejected>, plus .microsoft for an organization signed in with Microsoft.
    item.contextValue = ['organization', a.kind === 'server' ? 'server' : 'services', rejected ? 'rejected' : 'valid', ...(a.auth === 'microsoft' ? ['microsoft'] : [])].join('.');
    const state = this.catalog.state(a.key);
    const freshness = state?.status === 'loaded' ? freshnessOf(state) : undefined;
    // A refresh problem (offline, could not refresh) comes first: it says why what shows may be old, and a long
    // description is cut at its end. "refreshing…" stays last.
    const offline = freshness?.offline === true;
    const problem = freshness?.problem === true ? freshness.label : undefined;
    item.description = [problem, summary.who, summary.state ?? summary.how, a.kind === 'server' ? vscode.l10n.t('Azure DevOps Server') : undefined, problem ? undefined : freshness?.label]
      .filter(Boolean).join(' · ');
    item.iconPath = rejected
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : offline ? new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.warningForeground'))
        : summary.state ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon(a.kind === 'server' ? 'server' : 'organization');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${a.name}** — ${a.kind === 'server' ? vscode.l10n.t('Azure DevOps Server collection') : vscode.l10n.t('Azure DevOps organization')}\n\n`);
    tooltip.appendMarkdown(`${a.url}\n\n`);
    const user = a.user.uniqueName ? `${a.user.displayName} (${a.user.uniqueName})` : a.user.displayName;
    if (a.auth === 'microsoft' && a.microsoft) {
      tooltip.appendMarkdown(`$(account) ${vscode.l10n.t('Signed in as {0} with the Microsoft account {1}', user, a.microsoft.label)}`);
      if (a.microsoft.tenant) tooltip.appendMarkdown(` (${vscode.l10n.t('tenant {0}', a.microsoft.tenant)})`);
    } else {
      tooltip.appendMarkdown(`$(key) ${vscode.l10n.t('Signed in as {0} with a personal access token', user)}`);
      if (a.tokenExpires) tooltip.appendMarkdown(` (${vscode.l10n.t('expires {0}', a.tokenExpires)})`);
    }
    if (rejected) {
      tooltip.appendMarkdown(`\n\n$(warning) ${a.auth === 'microsoft'
        ? vscode.l10n.t('The organization does not accept this Microsoft account. Use "Switch Account…".')
        : vscode.l10n.t('The organization no longer accepts the stored token. Use "Enter New Token".')}`);
    } else if (summary.state) {
      tooltip.appendMarkdown(`\n\n$(warning) ${summary.state}: ${vscode.l10n.t('use "Enter New Token" to replace it.')}`);
    }
    if (freshness) tooltip.appendMarkdown(`\n\n${freshness.tooltip}`);
    item.tooltip = tooltip;
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const state = await this.catalog.load(this.account.key);
    if (state.status === 'error') return [errorNode(this.account, state.error, `${this.id}/error`, state.diagnosis)];
    if (state.status !== 'loaded') return [];
    // A failed refresh keeps the last known content, below the error that says what went wrong.
    const refreshError = state.refreshError ? [errorNode(this.account, state.refreshError, `${this.id}/refreshError`, state.refreshDiagnosis, 'refresh')] : [];
    if (state.data.projects.length === 0) {
      return [...refreshError, new MessageNode(`${this.id}/empty`, 'empty', vscode.l10n.t('No projects you can see'), {
        tooltip: vscode.l10n.t('{0} has no projects this account can see. Open the organization in the browser to create a project or ask for access.', this.account.name),
        command: { command: 'azureDevOps.openInBrowser', title: vscode.l10n.t('Open in Browser'), arguments: [this] },
      })];
    }
    return [...refreshError, ...state.data.projects.map((p) => new ProjectNode(this.account, p, this.catalog, this.repositoryChildren))];
  }
}

/** How current the shown content is: refreshing, saved from an earlier session, or not refreshed (with why). */
function freshnessOf(state: Extract<OrganizationState, { status: 'loaded' }>): { label: string; tooltip: string; offline?: boolean; problem?: boolean } | undefined {
  const when = new Date(state.data.loadedAt).toLocaleString();
  if (state.refreshing) {
    return {
      label: vscode.l10n.t('refreshing…'),
      tooltip: state.stale
        ? vscode.l10n.t('$(sync~spin) Showing what was loaded {0} while it refreshes.', when)
        : vscode.l10n.t('$(sync~spin) Refreshing.'),
    };
  }
  if (state.refreshError && isUnreachable(state.refreshError)) {
    const next = state.retryAt ? new Date(state.retryAt).toLocaleTimeString() : undefined;
    return {
      label: vscode.l10n.t('offline — showing last known content'),
      tooltip: [
        vscode.l10n.t('$(debug-disconnect) Azure DevOps cannot be reached: showing what was loaded {0}.', when),
        next ? vscode.l10n.t('It is tried again by itself (next at {0}); "Refresh" tries now. Check your network connection or proxy (http.proxy).', next)
          : vscode.l10n.t('"Refresh" tries again. Check your network connection or proxy (http.proxy).'),
        state.refreshError.message,
      ].join('\n\n'),
      offline: true,
      problem: true,
    };
  }
  if (state.refreshError) {
    return {
      label: vscode.l10n.t('could not refresh'),
      problem: true,
      tooltip: vscode.l10n.t('$(warning) Could not refresh: showing what was loaded {0}. {1}', when, state.refreshError.message),
    };
  }
  return undefined;
}
