import * as vscode from 'vscode';
import type { AccountRecord } from '../../auth/accountStore';
import type { AzdoClient } from '../../azdo/client';
import { DetailsLoad, loadDetails, type DetailsData } from '../../pullRequests/details';
import { isCheckedOut, repositoryFor } from '../../pullRequests/checkout';
import type { PullRequestRef } from '../../pullRequests/ref';
import { explain } from '../../ui/explain';
import { OfferedSteps, runStep } from '../../ui/nextSteps';
import { MessageChannel, setPage, webviewHtml, webviewOptions } from '../shared/host';
import { runAction, type ActionDeps } from './actions';
import { parseFromWebview, type CompletionChoice, type FromWebview, type ToWebview, type WebviewStep } from './messages';
import { toDetailsState } from './state';

export const DETAILS_VIEW_TYPE = 'azureDevOps.pullRequest';

export function refKey(ref: PullRequestRef): string {
  return `${ref.accountKey}|${ref.repositoryId}|${ref.id}`;
}

/** One pull request's details page: loads it, renders it in the webview and carries out what the user asks. */
export class PullRequestPanel implements vscode.Disposable {
  readonly channel: MessageChannel<FromWebview, ToWebview>;
  data?: DetailsData;
  /** What the user chose in the completion form, kept across reloads. */
  completion?: CompletionChoice;
  private readonly disposables: vscode.Disposable[] = [];
  private loading?: Promise<void>;
  private queued?: Promise<void>;
  /** The next steps the page's error offers now. */
  readonly steps: OfferedSteps;
  /** The load started with the panel, before the page was ready: the page's first "ready" needs no other. */
  private loadedBeforeReady = false;
  /** The page has been given a whole pull request: later loads replace it at once, without partial states. */
  private shownWhole = false;
  /** A partial state waiting for the page to be ready (only the latest is posted). */
  private partial?: DetailsData;

  constructor(readonly panel: vscode.WebviewPanel, readonly ref: PullRequestRef, private readonly deps: ActionDeps, onDispose: () => void, prefetch?: DetailsLoad) {
    this.channel = new MessageChannel(panel.webview, parseFromWebview, (m) => this.handle(m), deps.log, `Pull request ${ref.id}`, deps.audit);
    this.steps = new OfferedSteps(deps.log, `Pull request ${ref.id}`);
    setPage(panel.webview, webviewHtml(panel.webview, deps.extensionUri, 'pullRequest', vscode.l10n.t('Pull Request {0}', ref.id)), `Pull request ${ref.id}`, deps.audit);
    this.disposables.push(this.channel, panel.onDidDispose(() => {
      onDispose();
      this.dispose();
    }));
    // The pull request loads while the page starts (its state is posted once the page says it is ready).
    this.loadedBeforeReady = true;
    this.loading = this.load(prefetch).finally(() => { this.loading = undefined; });
  }

  get account(): AccountRecord | undefined {
    return this.deps.accounts.get(this.ref.accountKey);
  }

  async client(): Promise<AzdoClient> {
    const client = await this.deps.clients.get(this.ref.accountKey);
    if (!client) throw new Error(vscode.l10n.t('You are no longer signed in to the organization of this pull request.'));
    return client;
  }

  /**
   * Loads (again) and shows the pull request; a failure shows as an error in the page. A load already running
   * may have read the pull request before the change that asks for this one, so one more load follows it
   * (callers in the meantime share that one).
   */
  reload(): Promise<void> {
    if (!this.loading) {
      this.loading = this.load().finally(() => { this.loading = undefined; });
      return this.loading;
    }
    this.queued ??= this.loading.then(() => {
      this.queued = undefined;
      return this.reload();
    });
    return this.queued;
  }

  /**
   * The first load shows the pull request as soon as it is in and the slower sections as they come (they show as
   * loading meanwhile). Later loads (after an action, a refresh) replace the whole page at once: what it shows does
   * not go back to loading.
   */
  private async load(prefetched?: DetailsLoad): Promise<void> {
    const account = this.account;
    if (!account) {
      await this.channel.post({ type: 'error', message: vscode.l10n.t('You are no longer signed in to the organization of this pull request.') });
      return;
    }
    const progressive = !this.shownWhole;
    try {
      const load = prefetched ?? new DetailsLoad(async (onProgress) => loadDetails(await this.client(), account, this.ref, progressive ? onProgress : undefined));
      if (progressive) load.follow((partial) => this.showPartial(partial));
      const data = await load.result;
      this.data = data;
      this.shownWhole = true;
      this.partial = undefined;
      await this.postState(data);
    } catch (err) {
      const explanation = explain(err, { organization: account.name, url: account.url, kind: account.kind, during: 'load', timeoutSeconds: this.deps.settings().timeoutSeconds });
      this.deps.log.error(`Loading pull request ${this.ref.id} failed`, explanation.error);
      await this.channel.post({ type: 'error', message: explanation.message, steps: this.steps.offer(explanation.steps) });
    }
  }

  /** What has come of the first load, posted once the page is ready unless the whole pull request is there first. */
  private showPartial(partial: DetailsData): void {
    if (this.shownWhole) return;
    this.data = partial; // the page's actions need only the pull request itself
    const waiting = this.partial !== undefined;
    this.partial = partial;
    if (waiting) return;
    void this.channel.ready.then(async () => {
      const latest = this.partial;
      this.partial = undefined;
      if (latest) await this.postState(latest, { partial: true });
    }).catch((err: unknown) => this.deps.log.error(`Showing pull request ${this.ref.id} failed`, err));
  }

  private async postState(data: DetailsData, options: { partial?: boolean } = {}): Promise<void> {
    const repo = await repositoryFor(this.deps.workspace, data.account.key, data.pr).catch(() => undefined);
    if (options.partial && this.shownWhole) return; // the whole came meanwhile
    this.panel.title = `#${data.pr.id} ${truncate(data.pr.title, 40)}`;
    this.steps.clear();
    await this.channel.post({ type: 'state', state: toDetailsState(data, { checkedOut: isCheckedOut(repo, data.pr), completion: this.completion }) });
  }

  /** A next step chosen on the page's error: "retry" loads again, the others run as on a notification. */
  private async runOfferedStep(step: WebviewStep): Promise<void> {
    if (!this.steps.take(step)) return;
    if (step === 'retry') await this.reload();
    else await runStep(this.deps.platform, step, this.account);
  }

  private async handle(message: FromWebview): Promise<void> {
    if (message.type === 'step') {
      await this.runOfferedStep(message.step);
      return;
    }
    if (message.type === 'ready' && this.loadedBeforeReady) {
      this.loadedBeforeReady = false;
      await this.loading;
      return;
    }
    if (message.type === 'ready' || message.type === 'refresh') {
      await this.reload();
      return;
    }
    await runAction(this, message, this.deps);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The open details pages, one per pull request. */
export class PullRequestPanels implements vscode.Disposable {
  private readonly panels = new Map<string, PullRequestPanel>();
  private readonly opening = new Map<string, Promise<PullRequestPanel>>();

  constructor(private readonly deps: ActionDeps) {}

  /**
   * Opens (or reveals) the details page of a pull request. The requests go out first; the page (a webview that
   * takes a while to start in the browser) is made while they travel.
   */
  open(ref: PullRequestRef): Promise<PullRequestPanel> {
    const key = refKey(ref);
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      void existing.reload();
      return Promise.resolve(existing);
    }
    let opening = this.opening.get(key);
    if (!opening) {
      const prefetch = this.prefetch(ref);
      opening = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        const panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, vscode.l10n.t('Pull Request {0}', ref.id), vscode.ViewColumn.Active, webviewOptions(this.deps.extensionUri));
        const details = new PullRequestPanel(panel, ref, this.deps, () => this.panels.delete(key), prefetch);
        this.panels.set(key, details);
        return details;
      }).finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    return opening;
  }

  private prefetch(ref: PullRequestRef): DetailsLoad | undefined {
    const account = this.deps.accounts.get(ref.accountKey);
    if (!account) return undefined;
    const loading = new DetailsLoad(async (onProgress) => {
      const client = await this.deps.clients.get(account.key);
      if (!client) throw new Error(vscode.l10n.t('You are no longer signed in to the organization of this pull request.'));
      return loadDetails(client, account, ref, onProgress);
    });
    loading.result.catch(() => undefined); // the panel's load reports a failure
    return loading;
  }

  get(ref: PullRequestRef): PullRequestPanel | undefined {
    return this.panels.get(refKey(ref));
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    this.panels.clear();
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
