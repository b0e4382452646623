import * as vscode from 'vscode';
import type { PullRequestInfo } from '../azdo/pullRequestTypes';
import type { Logger } from '../log';
import type { ClientProvider } from '../model/clients';
import { statusLabel, voteLabel } from './labels';
import { refOf, voteSummary } from './ref';
import type { WorkspaceRepositories, WorkspaceRepository } from './workspaceRepositories';

/**
 * The status bar item of the pull request of the current branch (number, state, votes); a click opens its
 * details. Follows branch switches of the workspace repositories and changes to pull requests.
 */
export class CurrentPullRequestStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly heads = new Map<string, string | undefined>();
  private current?: { pr: PullRequestInfo; repo: WorkspaceRepository };
  private updating?: Promise<void>;
  private again = false;

  constructor(private readonly workspace: WorkspaceRepositories, private readonly clients: ClientProvider, private readonly log: Logger, private readonly visible: () => boolean) {
    this.item = vscode.window.createStatusBarItem('azureDevOps.pullRequest', vscode.StatusBarAlignment.Left, 49);
    this.item.name = vscode.l10n.t('Azure DevOps Pull Request');
    this.subscriptions.push(this.item, workspace.onDidChange(() => void this.update()));
  }

  /** Looks again for the pull request of the current branch (coalesces concurrent calls). */
  update(): Promise<void> {
    if (this.updating) {
      this.again = true;
      return this.updating;
    }
    this.updating = (async () => {
      do {
        this.again = false;
        await this.refresh().catch((err: unknown) => this.log.warn(`Pull request of the current branch: ${err instanceof Error ? err.message : String(err)}`));
      } while (this.again);
    })().finally(() => { this.updating = undefined; });
    return this.updating;
  }

  private async refresh(): Promise<void> {
    const { repositories } = await this.workspace.scan();
    let found: { pr: PullRequestInfo; repo: WorkspaceRepository } | undefined;
    for (const repo of repositories) {
      this.watch(repo);
      const branch = repo.git.state.HEAD?.name;
      if (!branch || found) continue;
      const client = await this.clients.get(repo.account.key);
      const address = { projectId: repo.repository.projectId, repositoryId: repo.repository.id };
      const list = await client?.pullRequests().list(address, { sourceRefName: `refs/heads/${branch}` });
      const pr = list?.[0];
      if (pr) found = { pr, repo };
    }
    this.current = found;
    this.render();
  }

  private watch(repo: WorkspaceRepository): void {
    const key = repo.git.rootUri.toString();
    if (this.heads.has(key)) return;
    this.heads.set(key, repo.git.state.HEAD?.name);
    this.subscriptions.push(repo.git.state.onDidChange(() => {
      const head = repo.git.state.HEAD?.name;
      if (head !== this.heads.get(key)) {
        this.heads.set(key, head);
        void this.update();
      }
    }));
  }

  private render(): void {
    const current = this.current;
    if (!current || !this.visible()) {
      this.item.hide();
      return;
    }
    const { pr, repo } = current;
    const votes = voteSummary(pr);
    const tally = [votes.approved + votes.suggestions ? `$(check)${votes.approved + votes.suggestions}` : '', votes.waiting ? `$(clock)${votes.waiting}` : '', votes.rejected ? `$(close)${votes.rejected}` : '']
      .filter(Boolean).join(' ');
    this.item.text = `$(git-pull-request) #${pr.id} ${statusLabel(pr)}${pr.mergeStatus === 'conflicts' ? ` $(warning)` : ''}${tally ? ` ${tally}` : ''}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**#${pr.id} ${escape(pr.title)}**\n\n${escape(pr.sourceBranch)} → ${escape(pr.targetBranch)} · ${statusLabel(pr)}\n\n`);
    for (const r of pr.reviewers) tooltip.appendMarkdown(`- ${escape(r.displayName)}: ${voteLabel(r.vote)}\n`);
    tooltip.appendMarkdown(`\n${vscode.l10n.t('Click to open the pull request.')}`);
    this.item.tooltip = tooltip;
    this.item.command = { command: 'azureDevOps.openPullRequest', title: vscode.l10n.t('Open Pull Request'), arguments: [refOf(repo.account.key, pr)] };
    this.item.accessibilityInformation = { label: vscode.l10n.t('Pull request {0} of the current branch: {1}', String(pr.id), statusLabel(pr)) };
    this.item.show();
  }

  /** What the item shows now (tests). */
  snapshot(): { visible: boolean; text: string; tooltip: string; commandArguments?: unknown[] } {
    const tooltip = this.item.tooltip;
    const command = this.item.command;
    return {
      visible: this.current !== undefined && this.visible(),
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '',
      commandArguments: typeof command === 'object' ? command.arguments : undefined,
    };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
