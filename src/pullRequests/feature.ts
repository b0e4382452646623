import * as vscode from 'vscode';
import type { AccountStore } from '../auth/accountStore';
import type { Platform } from '../commands/deps';
import type { Settings } from '../config';
import { getGitApi, whenGitEnabled } from '../git/gitApi';
import type { Logger } from '../log';
import type { ClientProvider } from '../model/clients';
import type { Prompter } from '../ui/prompter';
import { PullRequestRepositoryNode } from '../views/nodes/pullRequestRepositoryNode';
import type { RepositoryChildren } from '../views/nodes/treeNode';
import { PullRequestsTreeProvider } from '../views/pullRequestsTree';
import { CreatePullRequestPanels } from '../webviews/createPullRequest/panel';
import { PullRequestPanels } from '../webviews/pullRequest/panel';
import { CurrentPullRequestStatus } from './currentBranch';
import { BlobContentProvider, DIFF_SCHEME } from './diffContent';
import { DraftStore } from './drafts';
import { PullRequestLists } from './lists';
import { Poller } from './poller';
import { WorkspaceRepositories } from './workspaceRepositories';
import { WebviewAudit } from '../webviews/shared/host';

export const PULL_REQUESTS_VIEW = 'azureDevOps.pullRequests';

/** The services of the pull request feature, shared by its commands, views and webviews. */
export interface PullRequestServices {
  workspace: WorkspaceRepositories;
  lists: PullRequestLists;
  tree: PullRequestsTreeProvider;
  poller: Poller;
  panels: PullRequestPanels;
  /** The "Create Pull Request" form. */
  create: CreatePullRequestPanels;
  drafts: DraftStore;
  currentBranch: CurrentPullRequestStatus;
  /** "Pull Requests" under each repository of the Azure DevOps tree. */
  repositoryChildren: RepositoryChildren;
  /** Forgets what is known and reloads what is shown. */
  refresh(): void;
  /** After a pull request changed here: lists and the status bar catch up. */
  changed(): void;
  /** What the webviews were given, while tests run. */
  audit?: WebviewAudit;
}

export interface PullRequestContext {
  accounts: AccountStore;
  clients: ClientProvider;
  log: Logger;
  platform: Platform;
  settings(): Settings;
  prompter(): Prompter;
}

/**
 * The pull request feature: workspace repositories, lists and the Pull Requests view (polling with backoff while
 * it is visible), "Pull Requests" under the repositories of the Azure DevOps tree, details pages, the diff content
 * provider and the status bar item of the current branch's pull request.
 */
export function initializePullRequests(context: vscode.ExtensionContext, ctx: PullRequestContext): PullRequestServices {
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
  const currentBranch = new CurrentPullRequestStatus(workspace, ctx.clients, ctx.log, () => ctx.settings().showStatusBar);
  const changed = (): void => {
    void lists.refreshLoaded();
    void currentBranch.update();
  };
  // While tests run, what the webviews are given is kept for the leak scan and the webview checks.
  const audit = context.extensionMode === vscode.ExtensionMode.Test ? new WebviewAudit() : undefined;
  const panels = new PullRequestPanels({ ...ctx, workspace, lists, extensionUri: context.extensionUri, changed, audit });
  const drafts = new DraftStore(context.workspaceState);
  const create = new CreatePullRequestPanels({ ...ctx, extensionUri: context.extensionUri, changed, audit }, drafts);
  context.subscriptions.push(workspace, lists, tree, view, poller, currentBranch, panels, create,
    view.onDidChangeVisibility((e) => poller.setActive(e.visible)),
    lists.onDidChange(() => void currentBranch.update()),
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, new BlobContentProvider(ctx.clients)),
    { dispose: ctx.accounts.onDidChange(() => { workspace.reset(); lists.invalidate(); }).dispose });
  context.subscriptions.push(whenGitEnabled((api) => { workspace.watch(api); void currentBranch.update(); },
    (reason) => ctx.log.warn(`Pull requests of open repositories wait for git: ${reason}`)));

  const repositoryChildren: RepositoryChildren = {
    children: (parent, { account, project, repository }) => [new PullRequestRepositoryNode(parent.id, {
      account, repo: { projectId: project.id, repositoryId: repository.id }, label: `${project.name}/${repository.name}`,
    }, lists, { label: vscode.l10n.t('Pull Requests') })],
  };
  return {
    workspace, lists, tree, poller, panels, create, drafts, currentBranch, repositoryChildren, changed, audit,
    refresh: () => {
      workspace.reset();
      lists.invalidate();
      poller.reset();
      void currentBranch.update();
    },
  };
}
