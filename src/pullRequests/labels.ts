import * as vscode from 'vscode';
import type { MergeStrategy, PullRequestInfo, Vote } from '../azdo/pullRequestTypes';
import type { Category } from './lists';

export function voteLabel(vote: Vote): string {
  switch (vote) {
    case 10: return vscode.l10n.t('Approved');
    case 5: return vscode.l10n.t('Approved with suggestions');
    case -5: return vscode.l10n.t('Waiting for author');
    case -10: return vscode.l10n.t('Rejected');
    default: return vscode.l10n.t('No vote');
  }
}

export function categoryLabel(category: Category): string {
  switch (category) {
    case 'createdByMe': return vscode.l10n.t('Created by me');
    case 'assignedToMe': return vscode.l10n.t('Assigned to me');
    default: return vscode.l10n.t('All active');
  }
}

export function strategyLabel(strategy: MergeStrategy): string {
  switch (strategy) {
    case 'squash': return vscode.l10n.t('Squash commit');
    case 'rebase': return vscode.l10n.t('Rebase and fast-forward');
    case 'rebaseMerge': return vscode.l10n.t('Semi-linear merge (rebase, then merge)');
    default: return vscode.l10n.t('Merge (no fast-forward)');
  }
}

/** Active, Draft, Completed, Abandoned. */
export function statusLabel(pr: PullRequestInfo): string {
  if (pr.status === 'completed') return vscode.l10n.t('Completed');
  if (pr.status === 'abandoned') return vscode.l10n.t('Abandoned');
  return pr.isDraft ? vscode.l10n.t('Draft') : vscode.l10n.t('Active');
}
