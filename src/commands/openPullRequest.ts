import * as vscode from 'vscode';
import type { PullRequestPanel } from '../webviews/pullRequest/panel';
import type { CommandDeps } from './deps';
import { refFromArg } from './pullRequestArg';

/** Opens the details page of a pull request (tree, status bar, links). */
export function openPullRequest(deps: CommandDeps) {
  return async (arg?: unknown): Promise<PullRequestPanel | undefined> => {
    const ref = refFromArg(arg);
    if (!ref) {
      void deps.prompter().info(vscode.l10n.t('Choose a pull request in the Pull Requests view.'));
      return undefined;
    }
    return deps.pullRequests.panels.open(ref);
  };
}
