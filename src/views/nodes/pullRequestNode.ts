import * as vscode from 'vscode';
import type { PullRequestInfo } from '../../azdo/pullRequestTypes';
import { statusLabel, voteLabel } from '../../pullRequests/labels';
import { refOf, voteSummary, type PullRequestRef } from '../../pullRequests/ref';
import { TreeNode } from './treeNode';

/** One pull request: title, number, branches, draft/conflict markers and votes; a click opens its details. */
export class PullRequestNode extends TreeNode {
  readonly id: string;
  readonly ref: PullRequestRef;

  constructor(parentId: string, readonly accountKey: string, readonly pullRequest: PullRequestInfo, private readonly myId: string) {
    super();
    this.id = `${parentId}/pr:${pullRequest.id}`;
    this.ref = refOf(accountKey, pullRequest);
  }

  getTreeItem(): vscode.TreeItem {
    const pr = this.pullRequest;
    const item = new vscode.TreeItem(pr.title, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const conflicts = pr.mergeStatus === 'conflicts';
    const votes = voteSummary(pr);
    const markers: string[] = [`#${pr.id}`];
    if (pr.isDraft) markers.push(vscode.l10n.t('Draft'));
    if (conflicts) markers.push(vscode.l10n.t('Conflicts'));
    const tally = [votes.approved + votes.suggestions > 0 ? `✓${votes.approved + votes.suggestions}` : '', votes.waiting > 0 ? `⏳${votes.waiting}` : '', votes.rejected > 0 ? `✗${votes.rejected}` : '']
      .filter(Boolean).join(' ');
    if (tally) markers.push(tally);
    markers.push(`${pr.sourceBranch} → ${pr.targetBranch}`);
    item.description = markers.join(' · ');
    const mine = pr.createdBy.id === this.myId;
    item.contextValue = ['pullRequest', pr.status, pr.isDraft ? 'draft' : '', conflicts ? 'conflicts' : '', mine ? 'mine' : ''].filter(Boolean).join('.');
    item.iconPath = pr.isDraft
      ? new vscode.ThemeIcon('git-pull-request-draft')
      : conflicts || votes.rejected > 0
        ? new vscode.ThemeIcon('git-pull-request', new vscode.ThemeColor('list.errorForeground'))
        : votes.waiting > 0
          ? new vscode.ThemeIcon('git-pull-request', new vscode.ThemeColor('list.warningForeground'))
          : new vscode.ThemeIcon('git-pull-request', votes.approved + votes.suggestions > 0 ? new vscode.ThemeColor('charts.green') : undefined);
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`$(git-pull-request) **${escape(pr.title)}** (#${pr.id})\n\n`);
    tooltip.appendMarkdown(`${escape(pr.sourceBranch)} → ${escape(pr.targetBranch)} · ${statusLabel(pr)} · ${vscode.l10n.t('by {0}', escape(pr.createdBy.displayName))}\n\n`);
    if (conflicts) tooltip.appendMarkdown(`$(warning) ${vscode.l10n.t('The merge has conflicts.')}\n\n`);
    for (const r of pr.reviewers) {
      tooltip.appendMarkdown(`- ${escape(r.displayName)}${r.isRequired ? ` (${vscode.l10n.t('required')})` : ''}: ${voteLabel(r.vote)}\n`);
    }
    item.tooltip = tooltip;
    item.command = { command: 'azureDevOps.openPullRequest', title: vscode.l10n.t('Open Pull Request'), arguments: [this.ref] };
    item.accessibilityInformation = { label: vscode.l10n.t('Pull request {0}: {1}, {2}', String(pr.id), pr.title, String(item.description)) };
    return item;
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
