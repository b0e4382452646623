import * as vscode from 'vscode';
import type { PullRequestInfo } from '../azdo/pullRequestTypes';
import type { WorkspaceRepositories, WorkspaceRepository } from './workspaceRepositories';

/** A checkout that cannot happen, with a message for the user. */
export class CheckoutProblem extends Error {}

/** The workspace repository a pull request's source branch can be checked out in (its repository, or the fork). */
export async function repositoryFor(workspace: WorkspaceRepositories, accountKey: string, pr: PullRequestInfo): Promise<WorkspaceRepository | undefined> {
  const sourceRepoId = (pr.forkSource ?? pr.repository).id;
  const { repositories } = await workspace.scan();
  return repositories.find((r) => r.account.key === accountKey && r.repository.id === sourceRepoId);
}

/** True when the pull request's source branch is the current branch of its workspace repository. */
export function isCheckedOut(repo: WorkspaceRepository | undefined, pr: PullRequestInfo): boolean {
  return repo?.git.state.HEAD?.name === pr.sourceBranch;
}

/**
 * Checks out the source branch of a pull request through the Git extension: fetches it from the repository's
 * remote, then switches to the local branch of the same name (created from the remote branch, with that as its
 * upstream, when it does not exist yet).
 */
export async function checkoutPullRequest(workspace: WorkspaceRepositories, accountKey: string, pr: PullRequestInfo): Promise<WorkspaceRepository> {
  const repo = await repositoryFor(workspace, accountKey, pr);
  if (!repo) {
    const name = (pr.forkSource ?? pr.repository).name;
    throw new CheckoutProblem(vscode.l10n.t('Open a clone of {0} in this window to check out the branch {1}.', name, pr.sourceBranch));
  }
  const git = repo.git;
  const branch = pr.sourceBranch;
  const upstream = `${repo.remoteName}/${branch}`;
  try {
    await git.fetch(repo.remoteName, branch);
  } catch (err) {
    throw new CheckoutProblem(vscode.l10n.t('Fetching {0} from {1} failed: {2}', branch, repo.remoteName, gitMessage(err)));
  }
  const local = (await git.getRefs({ pattern: `refs/heads/${branch}` })).find((r) => r.type === 0 && r.name === branch);
  try {
    if (local) {
      await git.checkout(branch);
    } else {
      await git.createBranch(branch, true, upstream);
      await git.setBranchUpstream(branch, upstream);
    }
  } catch (err) {
    throw new CheckoutProblem(vscode.l10n.t('Checking out {0} failed: {1}', branch, gitMessage(err)));
  }
  return repo;
}

/** The Git extension's errors carry git's own output in `stderr`. */
function gitMessage(err: unknown): string {
  const stderr = typeof err === 'object' && err !== null && 'stderr' in err ? String((err as { stderr: unknown }).stderr ?? '') : '';
  const line = stderr.split('\n').map((l) => l.replace(/^(error|fatal):\s*/, '').trim()).find((l) => l.length > 0);
  return line ?? (err instanceof Error ? err.message : String(err));
}
