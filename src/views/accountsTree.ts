import * as vscode from 'vscode';
import type { AccountStore } from '../auth/accountStore';
import type { Catalog } from '../model/catalog';
import { OrganizationNode } from './nodes/organizationNode';
import { RefreshProgress } from './refreshProgress';
import type { RepositoryChildren, TreeNode } from './nodes/treeNode';

/**
 * While organizations load, the tree is redrawn at most this often (and at once when the last one is done). A refresh
 * of every organization changes the catalog twice per organization within a fraction of a second; redrawn for each,
 * the tree's items would be built, sent to the window and drawn again and again while the other answers are still
 * being read on the same thread. The view's progress bar shows at once all the same (RefreshProgress).
 */
export const BUSY_REDRAW_MS = 250;

/** Organizations → projects → repositories. Data comes from the Catalog; this class only shapes it. */
export class AccountsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): unknown }[] = [];
  readonly progress: RefreshProgress;
  /** A redraw waiting while organizations load (see BUSY_REDRAW_MS). */
  private redraw: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly accounts: AccountStore, private readonly catalog: Catalog, private readonly repositoryChildren?: RepositoryChildren) {
    this.progress = new RefreshProgress(catalog);
    this.subscriptions.push(
      this.progress,
      accounts.onDidChange(() => this.refresh()),
      catalog.onDidChange(() => this.catalogChanged()),
    );
  }

  private catalogChanged(): void {
    if (!this.catalog.isBusy()) {
      this.refresh();
      return;
    }
    this.redraw ??= setTimeout(() => this.refresh(), BUSY_REDRAW_MS);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren();
    await this.catalog.restore();
    const accounts = this.accounts.visible();
    // Organizations load in parallel as soon as they are listed; one failing does not hide the others. After a
    // reload, each shows its saved content at once and refreshes in the background.
    // Hidden organizations stay signed in (git still uses them) but are not shown or loaded.
    for (const account of accounts) void this.catalog.load(account.key);
    return accounts.map((account) => new OrganizationNode(account, this.catalog, accounts.length === 1, this.repositoryChildren));
  }

  refresh(): void {
    clearTimeout(this.redraw);
    this.redraw = undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    clearTimeout(this.redraw);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
