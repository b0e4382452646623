import * as vscode from 'vscode';
import type { AccountRecord, AccountStore } from '../auth/accountStore';
import type { AzdoClient } from '../azdo/client';
import type { RepositoryDetails } from '../azdo/pullRequests';
import type { ClientProvider } from '../model/clients';
import type { Prompter } from '../ui/prompter';
import { PullRequestCategoryNode } from '../views/nodes/pullRequestCategoryNode';
import { PullRequestRepositoryNode } from '../views/nodes/pullRequestRepositoryNode';
import { RepositoryNode } from '../views/nodes/repositoryNode';
import { prefill, templateCandidates, type CommitMessage } from './prefill';
import type { WorkspaceRepositories, WorkspaceRepository } from './workspaceRepositories';

/** Where a new pull request comes from: a repository of the service, with its workspace clone when there is one. */
export interface CreateOrigin {
  account: AccountRecord;
  repository: RepositoryDetails;
  local?: WorkspaceRepository;
  /** Preselected source branch. */
  sourceBranch?: string;
}

export interface OriginDeps {
  accounts: AccountStore;
  clients: ClientProvider;
  workspace: WorkspaceRepositories;
  prompter(): Prompter;
}

function rootOf(arg: unknown): vscode.Uri | undefined {
  if (typeof arg !== 'object' || arg === null || !('rootUri' in arg)) return undefined;
  const root = (arg as { rootUri: unknown }).rootUri;
  return root instanceof vscode.Uri ? root : undefined;
}

/** A ref of the Source Control graph (`scm/historyItemRef/context`): `{ id: 'refs/heads/x', name: 'x' }`. */
function branchOf(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { id, name } = arg as { id?: unknown; name?: unknown };
  if (typeof id === 'string' && id.startsWith('refs/heads/')) return id.slice('refs/heads/'.length);
  if (typeof id === 'string' && id.startsWith('refs/remotes/') && typeof name === 'string') return name.replace(/^[^/]+\//, '');
  return typeof name === 'string' && typeof id !== 'string' ? name : undefined;
}

/**
 * Finds where to create from: the Source Control view (a repository, or a branch of its graph), a repository of
 * the Azure DevOps tree or of the Pull Requests view, or — from the palette — the workspace repository (asked when
 * there are several). Returns undefined (after telling the user why) when there is nothing to create from.
 */
export async function resolveOrigin(deps: OriginDeps, args: unknown[]): Promise<CreateOrigin | undefined> {
  const [first, second] = args;
  const remoteTarget = first instanceof RepositoryNode
    ? { account: first.account, projectId: first.project.id, repositoryId: first.repository.id }
    : first instanceof PullRequestRepositoryNode || first instanceof PullRequestCategoryNode
      ? { account: first.target.account, projectId: first.target.repo.projectId, repositoryId: first.target.repo.repositoryId }
      : undefined;
  const { repositories } = await deps.workspace.scan();
  if (remoteTarget) {
    const local = repositories.find((r) => r.account.key === remoteTarget.account.key && r.repository.id === remoteTarget.repositoryId);
    if (local) {
      await fresh(local);
      return { account: local.account, repository: local.repository, local, sourceBranch: local.git.state.HEAD?.name };
    }
    const client = await deps.clients.get(remoteTarget.account.key);
    if (!client) return undefined;
    const repository = await client.pullRequests().repository(remoteTarget.projectId, remoteTarget.repositoryId);
    return { account: remoteTarget.account, repository };
  }
  const root = rootOf(first);
  let local: WorkspaceRepository | undefined;
  if (root) {
    local = repositories.find((r) => r.git.rootUri.toString() === root.toString());
    if (!local) {
      void deps.prompter().info(vscode.l10n.t('This repository has no Azure Repos remote of a signed-in organization. Sign in to its organization, or add a remote from Azure Repos.'));
      return undefined;
    }
  } else if (repositories.length === 1) {
    local = repositories[0];
  } else if (repositories.length > 1) {
    local = await deps.prompter().pick(repositories.map((r) => ({
      label: r.repository.name, description: r.git.state.HEAD?.name, detail: r.git.rootUri.fsPath, value: r,
    })), { placeholder: vscode.l10n.t('Create a pull request from which repository?') });
    if (!local) return undefined;
  } else {
    void deps.prompter().info(vscode.l10n.t('No Azure Repos repository is open. Open a clone, or start from a repository in the Azure DevOps view.'));
    return undefined;
  }
  await fresh(local);
  return { account: local.account, repository: local.repository, local, sourceBranch: branchOf(second) ?? local.git.state.HEAD?.name };
}

/**
 * Has the Git extension read the repository again: its state lags behind a checkout or commit made in a terminal
 * a moment ago, and the form must start from the branch the user is on now.
 */
async function fresh(local: WorkspaceRepository): Promise<void> {
  await local.git.status().catch(() => undefined);
}

/** Why the source branch must be pushed before a pull request can use it, or undefined. */
export async function pushNeeded(origin: CreateOrigin, branch: string): Promise<string | undefined> {
  const git = origin.local?.git;
  if (!git || git.state.HEAD?.name !== branch) return undefined;
  const head = git.state.HEAD;
  if (!head.upstream) return vscode.l10n.t('{0} is not published to Azure DevOps yet.', branch);
  if ((head.ahead ?? 0) > 0) return vscode.l10n.t('{0} has {1} commits that are not pushed.', branch, String(head.ahead));
  return undefined;
}

/** Commits of `branch` not in `target`, from the local clone (newest first); none without a clone. */
async function localCommits(origin: CreateOrigin, branch: string, target: string): Promise<CommitMessage[]> {
  const git = origin.local?.git;
  if (!git) return [];
  const remote = origin.local?.remoteName ?? 'origin';
  for (const range of [`${remote}/${target}..${branch}`, `${target}..${branch}`]) {
    try {
      return (await git.log({ range, maxEntries: 50 })).map((c) => ({ message: c.message }));
    } catch {
      // the target is not known locally under this name: try the next form
    }
  }
  return [];
}

/** The pull request template of the target repository (read from its default branch), with its path. */
export async function findTemplate(client: AzdoClient, repository: RepositoryDetails, targetBranch: string): Promise<{ path: string; text: string } | undefined> {
  if (!repository.defaultBranch) return undefined;
  const address = { projectId: repository.projectId, repositoryId: repository.id };
  const branch = repository.defaultBranch;
  const candidates = templateCandidates(targetBranch);
  const texts = await Promise.all(candidates.map((path) => client.collaboration().fileText(address, path, branch).catch(() => undefined)));
  const index = texts.findIndex((t) => t !== undefined);
  return index < 0 ? undefined : { path: candidates[index], text: texts[index] ?? '' };
}

/** Title and description for a new pull request from `branch` into `target`, and the template used. */
export async function prefillFor(client: AzdoClient, origin: CreateOrigin, targetRepository: RepositoryDetails, branch: string, target: string): Promise<{ title: string; description: string; template?: string }> {
  const [commits, template] = await Promise.all([localCommits(origin, branch, target), findTemplate(client, targetRepository, target)]);
  return { ...prefill(branch, commits, template?.text), template: template?.path };
}
