import * as vscode from 'vscode';
import type { AccountStore } from '../auth/accountStore';
import type { Settings } from '../config';
import { getGitApi } from '../git/gitApi';
import type { Logger } from '../log';
import type { ClientProvider } from '../model/clients';
import { PullRequestRepositoryNode } from '../views/nodes/pullRequestRepositoryNode';
import type { RepositoryChildren } from '../views/nodes/treeNode';
import { PullRequestsTreeProvider } from '../views/pullRequestsTree';
import { PullRequestLists } from './lists';
import { Poller } from './poller';
import { WorkspaceRepositories } from './workspaceRepositories';

export const PULL_REQUESTS_VIEW = 'azureDevOps.pullRequests';

/** The services of the pull request feature, shared by its commands, views and webviews. */
export interface PullRequestServices {
  workspace: WorkspaceRepositories;
  lists: PullRequestLists;
  tree: PullRequestsTreeProvider;
  poller: Poller;
  /** "Pull Requests" under each repository of the Azure DevOps tree. */
  repositoryChildren: RepositoryChildren;
  /** Forgets what is known and reloads what is shown. */
  refresh(): void;
}

export interface PullRequestContext {
  accounts: AccountStore;
  clients: ClientProvider;
  log: Logger;
  settings(): Settings;
}

/**
 * Builds the pull request list: workspace repositories, lists, the Pull Requests view (polling with backoff while
 * it is visible) and the "Pull Requests" children of the Azure DevOps tree.
 */
export function initializePullRequestList(context: vscode.ExtensionContext, ctx: PullRequestContext): PullRequestServices {
  const workspace = new WorkspaceRepositories(getGitApi, ctx.accounts, ctx.clients, ctx.settings, ctx.log);
  const lists = new PullRequestLists(ctx.clients, ctx.log);
  const tree = new PullRequestsTreeProvider(ctx.accounts, workspace, lists);
  const view = vscode.window.createTreeView(PULL_REQUESTS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const poller = new Poller({
    baseMs: () => {
      const seconds = ctx.settings().pullRequestRefreshSeconds;
      return seconds <= 0 ? 0 : Math.max(10, seconds) * 1000;
    },
    run: () => lists.refreshLoaded(),
  });
  poller.setActive(view.visible);
  context.subscriptions.push(workspace, lists, tree, view, poller,
    view.onDidChangeVisibility((e) => poller.setActive(e.visible)),
    { dispose: ctx.accounts.onDidChange(() => { workspace.reset(); lists.invalidate(); }).dispose });
  void workspace.watch().catch((err: unknown) => ctx.log.warn(`Pull requests: the Git extension is not available (${err instanceof Error ? err.message : String(err)})`));

  const repositoryChildren: RepositoryChildren = {
    children: (parent, { account, project, repository }) => [new PullRequestRepositoryNode(parent.id, {
      account, repo: { projectId: project.id, repositoryId: repository.id }, label: `${project.name}/${repository.name}`,
    }, lists, { label: vscode.l10n.t('Pull Requests') })],
  };
  return {
    workspace, lists, tree, poller, repositoryChildren,
    refresh: () => {
      workspace.reset();
      lists.invalidate();
      poller.reset();
    },
  };
}
