import * as vscode from 'vscode';

/** The strings of the create form, translated here (the webview has no l10n of its own). */
export function createStrings(): Record<string, string> {
  return {
    heading: vscode.l10n.t('Create a Pull Request'), from: vscode.l10n.t('From'), into: vscode.l10n.t('Into'),
    repository: vscode.l10n.t('Repository'), branch: vscode.l10n.t('Branch'), sourceBranch: vscode.l10n.t('Source branch'), targetBranch: vscode.l10n.t('Target branch'),
    targetRepository: vscode.l10n.t('Target repository'),
    title: vscode.l10n.t('Title'), description: vscode.l10n.t('Description'), descriptionHint: vscode.l10n.t('Markdown is supported.'),
    template: vscode.l10n.t('From the template {0}'), restored: vscode.l10n.t('Your draft from last time is restored.'), startOver: vscode.l10n.t('Start Over'),
    reviewers: vscode.l10n.t('Reviewers'), searchReviewers: vscode.l10n.t('Search people and groups'), required: vscode.l10n.t('Required'),
    remove: vscode.l10n.t('Remove {0}'), noResults: vscode.l10n.t('No one matches.'),
    workItems: vscode.l10n.t('Work items'), searchWorkItems: vscode.l10n.t('Search work items by title or id'), noWorkItems: vscode.l10n.t('No work item matches.'),
    labels: vscode.l10n.t('Labels'), addLabel: vscode.l10n.t('Add a label and press Enter'),
    options: vscode.l10n.t('Options'), draft: vscode.l10n.t('Create as draft'), autoComplete: vscode.l10n.t('Set auto-complete: complete when the policies pass'),
    mergeStrategy: vscode.l10n.t('Merge type'), deleteSourceBranch: vscode.l10n.t('Delete the source branch after merging'),
    transitionWorkItems: vscode.l10n.t('Complete linked work items after merging'),
    create: vscode.l10n.t('Create'), createDraft: vscode.l10n.t('Create Draft'), creating: vscode.l10n.t('Creating…'), pushing: vscode.l10n.t('Pushing…'),
    push: vscode.l10n.t('Push {0}'), openExisting: vscode.l10n.t('Open Pull Request {0}'),
    created: vscode.l10n.t('Created pull request {0}: {1}'), open: vscode.l10n.t('Open Pull Request'), openInBrowser: vscode.l10n.t('Open in Browser'),
    titleRequired: vscode.l10n.t('Give the pull request a title.'), dismiss: vscode.l10n.t('Dismiss'), loading: vscode.l10n.t('Loading…'),
  };
}
