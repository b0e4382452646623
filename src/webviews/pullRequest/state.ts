import * as vscode from 'vscode';
import type { CheckState, PolicyStatus } from '../../azdo/pullRequestTypes';
import type { DetailsData } from '../../pullRequests/details';
import { statusLabel, strategyLabel, voteLabel } from '../../pullRequests/labels';
import { renderMarkdown } from '../../pullRequests/markdown';
import { MERGE_STRATEGY_VALUES } from '../shared/protocol';
import type { CompletionChoice, DetailsState, PendingSection } from './messages';

function policyLabel(status: PolicyStatus): string {
  switch (status) {
    case 'approved': return vscode.l10n.t('Approved');
    case 'rejected': return vscode.l10n.t('Not met');
    case 'running': return vscode.l10n.t('Running');
    case 'broken': return vscode.l10n.t('Broken');
    case 'notApplicable': return vscode.l10n.t('Not applicable');
    default: return vscode.l10n.t('Queued');
  }
}

const OK_CHECKS: CheckState[] = ['succeeded', 'notApplicable', 'partiallySucceeded'];

/** The strings the details page shows, translated here (the webview has no l10n of its own). */
export function detailsStrings(): Record<string, string> {
  return {
    refresh: vscode.l10n.t('Refresh'), openInBrowser: vscode.l10n.t('Open in Browser'), copyLink: vscode.l10n.t('Copy Link'),
    checkout: vscode.l10n.t('Check Out'), checkedOut: vscode.l10n.t('Checked out'),
    wantsToMerge: vscode.l10n.t('{0} wants to merge {1} into {2}'), description: vscode.l10n.t('Description'), noDescription: vscode.l10n.t('No description.'),
    reviewers: vscode.l10n.t('Reviewers'), required: vscode.l10n.t('Required'), optional: vscode.l10n.t('Optional'), noReviewers: vscode.l10n.t('No reviewers yet.'),
    remove: vscode.l10n.t('Remove'), addReviewer: vscode.l10n.t('Add a reviewer'), searchPeople: vscode.l10n.t('Search people and groups'),
    addAsRequired: vscode.l10n.t('Add as required'), group: vscode.l10n.t('Group'),
    yourVote: vscode.l10n.t('Your vote'), approve: vscode.l10n.t('Approve'), approveWithSuggestions: vscode.l10n.t('Approve with suggestions'),
    waitForAuthor: vscode.l10n.t('Wait for author'), reject: vscode.l10n.t('Reject'), resetVote: vscode.l10n.t('Reset vote'),
    policies: vscode.l10n.t('Policies and checks'), noPolicies: vscode.l10n.t('No policies or status checks.'),
    workItems: vscode.l10n.t('Work items'), noWorkItems: vscode.l10n.t('No linked work items.'),
    commits: vscode.l10n.t('Commits'), files: vscode.l10n.t('Files changed'), noFiles: vscode.l10n.t('No changed files.'),
    comments: vscode.l10n.t('Comments'), addComment: vscode.l10n.t('Comment'), commentPlaceholder: vscode.l10n.t('Add a comment (markdown)'),
    complete: vscode.l10n.t('Complete'), completeTitle: vscode.l10n.t('Complete the pull request'), mergeStrategy: vscode.l10n.t('Merge type'),
    deleteSourceBranch: vscode.l10n.t('Delete {0} after merging'), transitionWorkItems: vscode.l10n.t('Complete linked work items after merging'),
    setAutoComplete: vscode.l10n.t('Set Auto-Complete'), cancelAutoComplete: vscode.l10n.t('Cancel Auto-Complete'),
    autoCompleteOn: vscode.l10n.t('Auto-complete is set by {0}: the pull request completes when its policies pass.'),
    publish: vscode.l10n.t('Publish'), draftNote: vscode.l10n.t('This pull request is a draft: reviewers are not notified and it cannot be completed until it is published.'),
    abandon: vscode.l10n.t('Abandon'), reactivate: vscode.l10n.t('Reactivate'), labels: vscode.l10n.t('Labels'),
    working: vscode.l10n.t('Working…'), loading: vscode.l10n.t('Loading…'), dismiss: vscode.l10n.t('Dismiss'), problems: vscode.l10n.t('Some details could not be loaded:'),
    add: vscode.l10n.t('add'), edit: vscode.l10n.t('edit'), delete: vscode.l10n.t('delete'), rename: vscode.l10n.t('rename'),
  };
}

/** The page's sections that wait for the loads still running. */
function pendingSections(pending: DetailsData['pending']): PendingSection[] {
  const waits = (...sections: DetailsData['pending']) => sections.some((s) => pending.includes(s));
  const all: [PendingSection, boolean][] = [
    ['policies', waits('policies', 'checks')], ['workItems', waits('workItems')], ['commits', waits('commits')],
    ['comments', waits('threads')], ['files', waits('iterations', 'changes')],
  ];
  return all.filter(([, waiting]) => waiting).map(([section]) => section);
}

/** The state the webview renders, from what was loaded. */
export function toDetailsState(data: DetailsData, options: { checkedOut: boolean; completion?: CompletionChoice }): DetailsState {
  const { pr, account } = data;
  const me = account.user.id.toLowerCase();
  const mine = pr.reviewers.find((r) => r.id.toLowerCase() === me);
  const active = pr.status === 'active';
  const saved = pr.completionOptions;
  const completion: CompletionChoice = options.completion ?? {
    mergeStrategy: saved?.mergeStrategy ?? 'noFastForward',
    deleteSourceBranch: saved?.deleteSourceBranch ?? false,
    transitionWorkItems: saved?.transitionWorkItems ?? true,
  };
  const mergeProblem = pr.mergeStatus === 'conflicts'
    ? vscode.l10n.t('The merge of {0} into {1} has conflicts. Resolve them in the source branch.', pr.sourceBranch, pr.targetBranch)
    : pr.mergeStatus === 'failure' || pr.mergeStatus === 'rejectedByPolicy'
      ? pr.mergeFailureMessage ?? vscode.l10n.t('The pull request cannot be merged.')
      : undefined;
  return {
    id: pr.id, title: pr.title, descriptionHtml: pr.description.trim() ? renderMarkdown(pr.description) : '',
    status: pr.status, statusLabel: statusLabel(pr), isDraft: pr.isDraft, mergeStatus: pr.mergeStatus, mergeProblem,
    createdBy: pr.createdBy.displayName, creationDate: pr.creationDate, sourceBranch: pr.sourceBranch, targetBranch: pr.targetBranch,
    repository: `${pr.repository.projectName}/${pr.repository.name}`, webUrl: pr.webUrl, labels: pr.labels,
    reviewers: pr.reviewers.map((r) => ({
      id: r.id, displayName: r.displayName, vote: r.vote, voteLabel: voteLabel(r.vote), isRequired: r.isRequired, isGroup: r.isGroup,
      isMe: r.id.toLowerCase() === me,
    })),
    myVote: mine?.vote ?? 0,
    autoComplete: pr.autoCompleteSetBy ? {
      setBy: pr.autoCompleteSetBy.displayName,
      options: { mergeStrategy: saved?.mergeStrategy ?? 'noFastForward', deleteSourceBranch: saved?.deleteSourceBranch ?? false, transitionWorkItems: saved?.transitionWorkItems ?? false },
    } : undefined,
    completion,
    mergeStrategies: MERGE_STRATEGY_VALUES.map((value) => ({ value, label: strategyLabel(value) })),
    policies: data.policies.map((p) => ({ name: p.name, status: p.status, statusLabel: policyLabel(p.status), ok: p.status === 'approved' || p.status === 'notApplicable' })),
    checks: data.checks.map((c) => ({ name: c.genre ? `${c.genre}/${c.name}` : c.name, state: c.state, description: c.description, ok: OK_CHECKS.includes(c.state) })),
    workItems: data.workItems.map((w) => ({ id: w.id, title: w.title, type: w.type, state: w.state })),
    commits: data.commits.map((c) => ({ id: c.id, message: c.message.split('\n')[0] ?? '', author: c.author })),
    files: data.changes.map((f) => ({ path: f.path, changeType: f.changeType, originalPath: f.originalPath })),
    comments: data.threads.flatMap((t) => t.comments.filter((c) => !c.isSystem).map((c) => ({ author: c.author, content: c.content, date: c.date }))),
    problems: data.problems,
    pending: pendingSections(data.pending),
    can: {
      vote: active, editReviewers: active, complete: active && !pr.isDraft, autoComplete: active && !pr.isDraft,
      publish: active && pr.isDraft, abandon: active, reactivate: pr.status === 'abandoned',
    },
    checkedOut: options.checkedOut,
    strings: detailsStrings(),
  };
}
