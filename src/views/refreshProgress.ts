import * as vscode from 'vscode';
import type { Catalog } from '../model/catalog';

export const ACCOUNTS_VIEW_ID = 'azureDevOps.accounts';

/**
 * The view's progress bar while organizations refresh (after a reload, or a refresh that keeps the last known
 * content on screen): shown from the first refresh until none is left.
 */
export class RefreshProgress implements vscode.Disposable {
  private done?: () => void;
  private readonly subscription: { dispose(): unknown };

  constructor(private readonly catalog: Catalog, private readonly viewId = ACCOUNTS_VIEW_ID) {
    this.subscription = catalog.onDidChange(() => this.update());
  }

  /** True while the progress bar shows. */
  get showing(): boolean {
    return this.done !== undefined;
  }

  private update(): void {
    const busy = this.catalog.isBusy();
    if (busy && !this.done) {
      void vscode.window.withProgress({ location: { viewId: this.viewId }, title: vscode.l10n.t('Refreshing Azure DevOps') }, () =>
        new Promise<void>((resolve) => { this.done = resolve; }));
    } else if (!busy && this.done) {
      this.done();
      this.done = undefined;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.done?.();
    this.done = undefined;
  }
}
