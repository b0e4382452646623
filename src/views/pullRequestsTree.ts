import * as vscode from 'vscode';
import type { AccountStore } from '../auth/accountStore';
import type { ListTarget, PullRequestLists } from '../pullRequests/lists';
import type { WorkspaceRepositories, WorkspaceRepository, WorkspaceScan } from '../pullRequests/workspaceRepositories';
import { MessageNode } from './nodes/messageNode';
import { categoryNodes, PullRequestRepositoryNode } from './nodes/pullRequestRepositoryNode';
import type { TreeNode } from './nodes/treeNode';

export function targetOf(w: WorkspaceRepository): ListTarget {
  return {
    account: w.account,
    repo: { projectId: w.repository.projectId, repositoryId: w.repository.id },
    label: `${w.repository.projectName}/${w.repository.name}`,
  };
}

/**
 * The "Pull Requests" view: the pull requests of the Azure Repos repositories open in the workspace, by category.
 * One repository shows its categories at the top; several show a node per repository.
 */
export class PullRequestsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): unknown }[] = [];

  constructor(private readonly accounts: AccountStore, private readonly workspace: WorkspaceRepositories, private readonly lists: PullRequestLists) {
    this.subscriptions.push(this.changed, workspace.onDidChange(() => this.refresh()), lists.onDidChange(() => this.refresh()));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren();
    if (this.accounts.list().length === 0) {
      return [new MessageNode('prs/signedOut', 'info', vscode.l10n.t('Sign in to Azure DevOps to see pull requests'), {
        command: { command: 'azureDevOps.signIn', title: vscode.l10n.t('Sign In') },
      })];
    }
    let scan: WorkspaceScan;
    try {
      scan = await this.workspace.scan();
    } catch (err) {
      // Git disabled (or the Git extension missing): said in the view, not as an error each time it is drawn.
      return [new MessageNode('prs/noGit', 'warning', err instanceof Error ? err.message : String(err))];
    }
    const nodes: TreeNode[] = [];
    if (scan.repositories.length === 1) {
      nodes.push(...categoryNodes('prs', this.lists.register(targetOf(scan.repositories[0])), this.lists));
    } else {
      for (const w of scan.repositories) {
        nodes.push(new PullRequestRepositoryNode('prs', targetOf(w), this.lists, { description: w.account.name, expanded: true }));
      }
    }
    for (const org of scan.signedOut) {
      nodes.push(new MessageNode(`prs/signIn:${org}`, 'warning', vscode.l10n.t('Sign in to {0} to see its pull requests', org), {
        command: { command: 'azureDevOps.signIn', title: vscode.l10n.t('Sign In'), arguments: [org] },
      }));
    }
    for (const [i, problem] of scan.problems.entries()) nodes.push(new MessageNode(`prs/problem:${i}`, 'warning', problem));
    if (nodes.length === 0) {
      nodes.push(new MessageNode('prs/none', 'info', vscode.l10n.t('No Azure Repos repository open'), {
        tooltip: vscode.l10n.t('Open a folder cloned from Azure Repos to see its pull requests here. The Azure DevOps view lists the pull requests of any repository.'),
      }));
    }
    return nodes;
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
