import * as vscode from 'vscode';
import type { PullRequestInfo } from '../azdo/pullRequestTypes';
import { isPullRequestRef, type PullRequestRef } from '../pullRequests/ref';
import { explain } from '../ui/explain';
import { PullRequestNode } from '../views/nodes/pullRequestNode';
import type { CommandDeps } from './deps';

/** The pull request a command is about: a tree node, a reference (links, webviews), or nothing. */
export function refFromArg(arg: unknown): PullRequestRef | undefined {
  if (arg instanceof PullRequestNode) return arg.ref;
  return isPullRequestRef(arg) ? arg : undefined;
}

/** The pull request as the service has it now; failures are explained and give undefined. */
export async function fetchPullRequest(deps: CommandDeps, ref: PullRequestRef): Promise<PullRequestInfo | undefined> {
  const account = deps.accounts.get(ref.accountKey);
  const client = account ? await deps.clients.get(account.key) : undefined;
  if (!account || !client) {
    void deps.prompter().error(vscode.l10n.t('You are no longer signed in to the organization of this pull request.'));
    return undefined;
  }
  try {
    return await client.pullRequests().get(ref, ref.id);
  } catch (err) {
    const explanation = explain(err, { organization: account.name, url: account.url, kind: account.kind, during: 'action', timeoutSeconds: deps.settings().timeoutSeconds });
    deps.log.error(`Reading pull request ${ref.id} failed`, explanation.error);
    void deps.prompter().error(explanation.message);
    return undefined;
  }
}

/** The web address of the pull request, without a request when the tree node knows it. */
export async function webUrlOfArg(deps: CommandDeps, arg: unknown): Promise<string | undefined> {
  if (arg instanceof PullRequestNode) return arg.pullRequest.webUrl;
  const ref = refFromArg(arg);
  if (!ref) {
    void deps.prompter().info(vscode.l10n.t('Choose a pull request in the Pull Requests view.'));
    return undefined;
  }
  return (await fetchPullRequest(deps, ref))?.webUrl;
}
