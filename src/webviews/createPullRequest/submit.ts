import * as vscode from 'vscode';
import type { AccountStore } from '../../auth/accountStore';
import type { AzdoClient } from '../../azdo/client';
import type { RepositoryDetails } from '../../azdo/pullRequests';
import type { Platform } from '../../commands/deps';
import type { Settings } from '../../config';
import type { Logger } from '../../log';
import type { ClientProvider } from '../../model/clients';
import { pushNeeded, type CreateOrigin } from '../../pullRequests/createOrigin';
import { mayHaveLanded, toAzdoError } from '../../azdo/errors';
import type { PullRequestInfo } from '../../azdo/pullRequestTypes';
import { explain } from '../../ui/explain';
import type { WebviewAudit } from '../shared/host';
import type { CreateForm, ToWebview } from './messages';

export interface SubmitDeps {
  accounts: AccountStore;
  clients: ClientProvider;
  log: Logger;
  settings(): Settings;
  platform: Platform;
  extensionUri: vscode.Uri;
  /** Records pages and messages while tests run. */
  audit?: WebviewAudit;
  /** Told after a pull request was created (lists, status bar). */
  changed(): void;
}

type Result = Extract<ToWebview, { type: 'created' } | { type: 'failed' }>;

/**
 * Checks the form (title, same branches, a branch not pushed, nothing to merge, an active pull request for the same
 * branches), creates the pull request with its reviewers, work items and labels, then sets auto-complete if asked.
 * Returns what the form shows; the form itself is never cleared on failure.
 */
export async function submitPullRequest(env: SubmitDeps & { client: AzdoClient; origin: CreateOrigin; repositories: Map<string, RepositoryDetails> }, form: CreateForm): Promise<Result> {
  const fail = (message: string, extra: Partial<Extract<ToWebview, { type: 'failed' }>> = {}): Result => ({ type: 'failed', message, ...extra });
  const prs = env.client.pullRequests();
  const source = env.repositories.get(form.sourceRepositoryId);
  const target = env.repositories.get(form.targetRepositoryId);
  if (!source || !target) return fail(vscode.l10n.t('Choose the source and target branches again: the repository is not known.'));
  if (!form.title.trim()) return fail(vscode.l10n.t('Give the pull request a title.'));
  if (!form.sourceBranch || !form.targetBranch) return fail(vscode.l10n.t('Choose a source and a target branch.'));
  if (source.id === target.id && form.sourceBranch === form.targetBranch) {
    return fail(vscode.l10n.t('The source and target branch are both {0}. Choose another target branch.', form.sourceBranch));
  }
  const sourceAddress = { projectId: source.projectId, repositoryId: source.id };
  const targetAddress = { projectId: target.projectId, repositoryId: target.id };
  const onService = (await prs.branches(sourceAddress)).some((b) => b.name === form.sourceBranch);
  if (!onService) {
    return env.origin.local
      ? fail(vscode.l10n.t('{0} is not on Azure DevOps yet: push it first.', form.sourceBranch), { canPush: true })
      : fail(vscode.l10n.t('The branch {0} does not exist in {1}.', form.sourceBranch, source.name));
  }
  const unpushed = await pushNeeded(env.origin, form.sourceBranch);
  if (unpushed) return fail(vscode.l10n.t('{0} Push it first, so the pull request has your latest commits.', unpushed), { canPush: true });
  if (source.id === target.id && (await prs.aheadOf(sourceAddress, form.sourceBranch, form.targetBranch)) === 0) {
    return fail(vscode.l10n.t('Nothing to merge: {0} has no commits that {1} does not have.', form.sourceBranch, form.targetBranch));
  }
  const sourceRefName = `refs/heads/${form.sourceBranch}`;
  const targetRefName = `refs/heads/${form.targetBranch}`;
  const existing = (await prs.list(targetAddress, { sourceRefName, targetRefName }))
    .find((p) => (p.forkSource?.id ?? p.repository.id) === source.id);
  if (existing) {
    return fail(vscode.l10n.t('Pull request {0} already merges {1} into {2}.', String(existing.id), form.sourceBranch, form.targetBranch), { existing: { id: existing.id, title: existing.title } });
  }
  let created: PullRequestInfo;
  try {
    created = await prs.create(targetAddress, {
      sourceRefName, targetRefName, title: form.title.trim(), description: form.description, isDraft: form.isDraft,
      reviewers: form.reviewers.map((r) => ({ id: r.id, isRequired: r.isRequired })), workItemIds: form.workItems.map((w) => w.id),
      labels: form.labels, forkSourceRepositoryId: source.id !== target.id ? source.id : undefined,
    });
  } catch (err) {
    const error = toAzdoError(err, 'Creating the pull request');
    if (!mayHaveLanded(error)) throw error;
    // The answer was lost or unreadable: the service may have created it anyway.
    const landed = (await prs.list(targetAddress, { sourceRefName, targetRefName }).catch(() => []))
      .find((p) => (p.forkSource?.id ?? p.repository.id) === source.id && p.title === form.title.trim());
    if (!landed) {
      const a = env.origin.account;
      const why = explain(error, { organization: a.name, url: a.url, kind: a.kind, during: 'action', timeoutSeconds: env.settings().timeoutSeconds });
      env.log.error('Creating the pull request: no confirmation', why.error);
      return fail(vscode.l10n.t('Azure DevOps did not confirm that the pull request was created: it may have been created after all, and submitting again checks first. {0}', why.message));
    }
    env.log.info(`Pull request ${landed.id} exists although the answer to creating it failed`);
    created = landed;
  }
  let notice: string | undefined;
  if (form.autoComplete && !form.isDraft) {
    try {
      await prs.update(targetAddress, created.id, {
        autoCompleteSetBy: env.origin.account.user.id,
        completionOptions: { mergeStrategy: form.mergeStrategy, deleteSourceBranch: form.deleteSourceBranch, transitionWorkItems: form.transitionWorkItems },
      });
    } catch (err) {
      const a = env.origin.account;
      notice = vscode.l10n.t('The pull request was created, but auto-complete could not be set: {0}', explain(err, { organization: a.name, url: a.url, kind: a.kind, during: 'action' }).message);
    }
  }
  env.log.info(`Created pull request ${created.id} in ${target.name}: ${form.sourceBranch} → ${form.targetBranch}`);
  return { type: 'created', id: created.id, title: created.title, webUrl: created.webUrl, notice };
}
