import * as vscode from 'vscode';
import { checkoutPullRequest as checkout, CheckoutProblem } from '../pullRequests/checkout';
import type { CommandDeps } from './deps';
import { fetchPullRequest, refFromArg } from './pullRequestArg';

/** Checks out a pull request's source branch in its workspace repository (tree context menu). */
export function checkoutPullRequest(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const ref = refFromArg(arg);
    if (!ref) {
      void deps.prompter().info(vscode.l10n.t('Choose a pull request in the Pull Requests view.'));
      return undefined;
    }
    const pr = await fetchPullRequest(deps, ref);
    if (!pr) return undefined;
    try {
      await deps.platform.withProgress(vscode.l10n.t('Checking out {0}…', pr.sourceBranch), () => checkout(deps.pullRequests.workspace, ref.accountKey, pr));
    } catch (err) {
      if (!(err instanceof CheckoutProblem)) throw err;
      void deps.prompter().error(err.message);
      return undefined;
    }
    void deps.pullRequests.currentBranch.update();
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(git-branch) Checked out {0}', pr.sourceBranch), 4000);
    return pr.sourceBranch;
  };
}
