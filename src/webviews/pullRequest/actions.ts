import * as vscode from 'vscode';
import type { AccountStore } from '../../auth/accountStore';
import type { Platform } from '../../commands/deps';
import type { Settings } from '../../config';
import type { Logger } from '../../log';
import type { ClientProvider } from '../../model/clients';
import { checkoutPullRequest, CheckoutProblem } from '../../pullRequests/checkout';
import { blobUri } from '../../pullRequests/diffContent';
import { strategyLabel } from '../../pullRequests/labels';
import type { PullRequestLists } from '../../pullRequests/lists';
import type { WorkspaceRepositories } from '../../pullRequests/workspaceRepositories';
import { mayHaveLanded } from '../../azdo/errors';
import { explain, type NextStep } from '../../ui/explain';
import type { WebviewAudit } from '../shared/host';
import type { Prompter } from '../../ui/prompter';
import type { FromWebview } from './messages';
import type { PullRequestPanel } from './panel';

export interface ActionDeps {
  accounts: AccountStore;
  clients: ClientProvider;
  log: Logger;
  settings(): Settings;
  prompter(): Prompter;
  platform: Platform;
  workspace: WorkspaceRepositories;
  lists: PullRequestLists;
  extensionUri: vscode.Uri;
  /** Records pages and messages while tests run. */
  audit?: WebviewAudit;
  /** Told after a change to a pull request (lists, status bar). */
  changed(): void;
}

type Action = Exclude<FromWebview, { type: 'ready' } | { type: 'refresh' } | { type: 'step' }>;

/** Carries out one action of the details page: busy while it runs, the page reloaded after, failures explained in it. */
export async function runAction(panel: PullRequestPanel, message: Action, deps: ActionDeps): Promise<void> {
  const data = panel.data;
  const account = panel.account;
  if (!data || !account) return;
  const { pr } = data;
  const ref = panel.ref;
  const post = panel.channel.post.bind(panel.channel);
  switch (message.type) {
    case 'openInBrowser':
      await deps.platform.openExternal(pr.webUrl);
      return;
    case 'copyLink':
      await deps.platform.writeClipboard(pr.webUrl);
      await post({ type: 'notice', message: vscode.l10n.t('Copied {0}', pr.webUrl) });
      return;
    case 'openLink':
      await deps.platform.openExternal(message.url);
      return;
    case 'openWorkItem': {
      const item = data.workItems.find((w) => w.id === message.id);
      if (item) await deps.platform.openExternal(item.webUrl);
      return;
    }
    case 'openFile':
      await openDiff(panel, message.path);
      return;
    case 'searchReviewers': {
      const results = await (await panel.client()).collaboration().searchIdentities(message.query).catch((err: unknown) => {
        deps.log.warn(`Searching reviewers failed: ${err instanceof Error ? err.message : String(err)}`);
        return [];
      });
      await post({ type: 'reviewerResults', query: message.query, results });
      return;
    }
    default:
      break;
  }
  if (message.type === 'complete' || message.type === 'setAutoComplete') panel.completion = message.options;
  if (message.type === 'complete') {
    const go = vscode.l10n.t('Complete');
    const answer = await deps.prompter().warning(vscode.l10n.t('Complete pull request {0} into {1}?', String(pr.id), pr.targetBranch), {
      modal: true,
      detail: [strategyLabel(message.options.mergeStrategy), message.options.deleteSourceBranch ? vscode.l10n.t('{0} is deleted afterwards.', pr.sourceBranch) : '']
        .filter(Boolean).join(' · '),
    }, go);
    if (answer !== go) return;
  }
  if (message.type === 'abandon') {
    const go = vscode.l10n.t('Abandon');
    const answer = await deps.prompter().warning(vscode.l10n.t('Abandon pull request {0}?', String(pr.id)), { modal: true, detail: vscode.l10n.t('It can be reactivated later.') }, go);
    if (answer !== go) return;
  }
  await post({ type: 'busy', action: message.type });
  try {
    const notice = await perform(panel, message, deps);
    deps.changed();
    await panel.reload();
    if (notice) await post({ type: 'notice', message: notice });
  } catch (err) {
    let text: string;
    let steps: NextStep[] = [];
    if (err instanceof CheckoutProblem) {
      text = err.message;
    } else {
      const explanation = explain(err, { organization: account.name, url: account.url, kind: account.kind, during: 'action', timeoutSeconds: deps.settings().timeoutSeconds });
      deps.log.error(`Pull request ${ref.id}: ${message.type} failed`, explanation.error);
      text = mayHaveLanded(explanation.error)
        ? vscode.l10n.t('{0} The change may have reached Azure DevOps all the same: the page now shows the pull request as the service has it, so check it before you try again.', explanation.message)
        : explanation.message;
      steps = explanation.steps.filter((step) => step !== 'retry');
      // Whatever happened on the service, the page shows it (a lost answer may hide a change that was made).
      deps.changed();
      await panel.reload();
    }
    await post({ type: 'error', message: text, steps: panel.steps.offer(steps) });
  } finally {
    await post({ type: 'busy', action: undefined });
  }
}

/** The REST (or git) work of an action; returns a notice to show, if any. */
async function perform(panel: PullRequestPanel, message: Action, deps: ActionDeps): Promise<string | undefined> {
  const data = panel.data;
  const account = panel.account;
  if (!data || !account) return undefined;
  const prs = (await panel.client()).pullRequests();
  const ref = panel.ref;
  const me = account.user.id;
  switch (message.type) {
    case 'vote':
      await prs.vote(ref, ref.id, me, message.vote);
      return undefined;
    case 'addReviewer':
      await prs.addReviewer(ref, ref.id, message.reviewer.id, message.isRequired);
      return vscode.l10n.t('{0} is a reviewer now.', message.reviewer.displayName);
    case 'removeReviewer':
      await prs.removeReviewer(ref, ref.id, message.id);
      return undefined;
    case 'complete': {
      const done = await prs.complete(ref, data.pr, message.options);
      return done.status === 'completed'
        ? vscode.l10n.t('Pull request {0} is completed: {1} is merged into {2}.', String(done.id), done.sourceBranch, done.targetBranch)
        : vscode.l10n.t('Pull request {0} is queued for completion.', String(done.id));
    }
    case 'setAutoComplete': {
      const updated = await prs.update(ref, ref.id, message.enabled
        ? { autoCompleteSetBy: me, completionOptions: message.options }
        : { autoCompleteSetBy: null });
      if (updated.status === 'completed') return vscode.l10n.t('Pull request {0} is completed: its policies already pass.', String(updated.id));
      return message.enabled ? vscode.l10n.t('Auto-complete is set: the pull request completes when its policies pass.') : vscode.l10n.t('Auto-complete is cancelled.');
    }
    case 'publish':
      await prs.update(ref, ref.id, { isDraft: false });
      return vscode.l10n.t('Pull request {0} is published: reviewers are notified.', String(ref.id));
    case 'abandon':
      await prs.update(ref, ref.id, { status: 'abandoned' });
      return undefined;
    case 'reactivate':
      await prs.update(ref, ref.id, { status: 'active' });
      return undefined;
    case 'checkout': {
      const repo = await checkoutPullRequest(deps.workspace, account.key, data.pr);
      return vscode.l10n.t('Checked out {0} in {1}.', data.pr.sourceBranch, repo.repository.name);
    }
    case 'addComment':
      await prs.addComment(ref, ref.id, message.text);
      return undefined;
    default:
      return undefined;
  }
}

/** Opens one changed file as a diff (target side ↔ pull request side), contents read from the service. */
async function openDiff(panel: PullRequestPanel, path: string): Promise<void> {
  const data = panel.data;
  if (!data) return;
  const change = data.changes.find((c) => c.path === path);
  if (!change) return;
  const base = { accountKey: panel.ref.accountKey, projectId: panel.ref.projectId, repositoryId: panel.ref.repositoryId };
  const left = blobUri(change.originalPath ?? change.path, { ...base, objectId: change.originalObjectId });
  const right = blobUri(change.path, { ...base, objectId: change.objectId });
  const name = change.path.split('/').pop() ?? change.path;
  const title = vscode.l10n.t('{0} (#{1}: {2} ↔ {3})', name, String(data.pr.id), data.pr.targetBranch, data.pr.sourceBranch);
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
}
