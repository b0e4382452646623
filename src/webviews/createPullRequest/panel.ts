import * as vscode from 'vscode';
import type { AzdoClient } from '../../azdo/client';
import type { RepositoryDetails } from '../../azdo/pullRequests';
import { pushNeeded, prefillFor, type CreateOrigin } from '../../pullRequests/createOrigin';
import { DraftStore } from '../../pullRequests/drafts';
import { strategyLabel } from '../../pullRequests/labels';
import { explain, type Explanation } from '../../ui/explain';
import { OfferedSteps, runStep } from '../../ui/nextSteps';
import { MessageChannel, setPage, webviewHtml, webviewOptions } from '../shared/host';
import { MERGE_STRATEGY_VALUES } from '../shared/protocol';
import { parseFromWebview, type CreateContext, type CreateForm, type FromWebview, type RepositoryOption, type StepButton, type ToWebview, type WebviewStep } from './messages';
import { createStrings } from './strings';
import { submitPullRequest, type SubmitDeps } from './submit';

export const CREATE_VIEW_TYPE = 'azureDevOps.createPullRequest';

/**
 * The "Create Pull Request" form: prefilled from the branch, its commits and the repository's template; reviewers
 * and work items searched as the user types; checks before submitting; the form kept as typed on failure and
 * across closing and reopening (webview state and a draft in the workspace state).
 */
export class CreatePullRequestPanel implements vscode.Disposable {
  readonly channel: MessageChannel<FromWebview, ToWebview>;
  form?: CreateForm;
  private context?: CreateContext;
  private repositories = new Map<string, RepositoryDetails>();
  /** Title and description as last prefilled: while untouched they follow the target branch. */
  private prefilled?: { title: string; description: string };
  private readonly steps: OfferedSteps;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly panel: vscode.WebviewPanel, public origin: CreateOrigin, private readonly deps: SubmitDeps, private readonly drafts: DraftStore, onDispose: () => void) {
    this.channel = new MessageChannel(panel.webview, parseFromWebview, (m) => this.handle(m), deps.log, 'Create pull request', deps.audit);
    this.steps = new OfferedSteps(deps.log, 'Create pull request');
    setPage(panel.webview, webviewHtml(panel.webview, deps.extensionUri, 'createPullRequest', vscode.l10n.t('Create Pull Request')), 'Create pull request', deps.audit);
    this.disposables.push(this.channel, panel.onDidDispose(() => { onDispose(); this.dispose(); }));
  }

  private async client(): Promise<AzdoClient> {
    const client = await this.deps.clients.get(this.origin.account.key);
    if (!client) throw new Error(vscode.l10n.t('You are no longer signed in to {0}.', this.origin.account.name));
    return client;
  }

  draftKey(form: Pick<CreateForm, 'sourceRepositoryId' | 'sourceBranch'>): string {
    return DraftStore.key(this.origin.account.key, form.sourceRepositoryId, form.sourceBranch);
  }

  /** Starts over with another origin (the panel is reused). */
  async restart(origin: CreateOrigin): Promise<void> {
    this.origin = origin;
    this.form = undefined;
    await this.start();
  }

  private async start(fresh = false): Promise<void> {
    try {
      const client = await this.client();
      const context = await this.buildContext(client, this.origin.sourceBranch);
      const source = context.sourceRepository;
      const sourceBranch = this.origin.sourceBranch && source.branches.includes(this.origin.sourceBranch) ? this.origin.sourceBranch : source.branches.find((b) => b !== source.defaultBranch) ?? source.defaultBranch ?? '';
      const key = DraftStore.key(this.origin.account.key, source.id, sourceBranch);
      const draft = fresh ? undefined : this.drafts.get(key);
      if (draft) {
        this.form = draft;
        context.restored = true;
      } else {
        const target = this.repositories.get(source.id) ?? this.origin.repository;
        const targetBranch = target.defaultBranch && target.defaultBranch !== sourceBranch ? target.defaultBranch : source.branches.find((b) => b !== sourceBranch) ?? target.defaultBranch ?? '';
        const filled = await prefillFor(client, this.origin, target, sourceBranch, targetBranch);
        this.prefilled = { title: filled.title, description: filled.description };
        context.template = filled.template;
        this.form = {
          sourceRepositoryId: source.id, sourceBranch, targetRepositoryId: target.id, targetBranch,
          title: filled.title, description: filled.description, isDraft: false, reviewers: [], workItems: [], labels: [],
          autoComplete: false, mergeStrategy: 'noFastForward', deleteSourceBranch: false, transitionWorkItems: true,
        };
      }
      context.pushNeeded = await pushNeeded(this.origin, this.form.sourceBranch);
      this.context = context;
      this.steps.clear();
      await this.channel.post({ type: 'init', form: this.form, context });
    } catch (err) {
      // The form could not be made: "Try Again" starts over (loading the branches and the prefill again).
      await this.channel.post({ type: 'failed', ...this.explainWithSteps(err, true) });
    }
  }

  private async buildContext(client: AzdoClient, localBranch: string | undefined): Promise<CreateContext> {
    const repo = this.origin.repository;
    const prs = client.pullRequests();
    const option = async (r: RepositoryDetails, extra?: string): Promise<RepositoryOption> => {
      this.repositories.set(r.id, r);
      const branches = (await prs.branches({ projectId: r.projectId, repositoryId: r.id })).map((b) => b.name);
      if (extra && !branches.includes(extra)) branches.unshift(extra);
      return { id: r.id, label: `${r.projectName}/${r.name}`, branches, defaultBranch: r.defaultBranch };
    };
    const source = await option(repo, this.origin.local ? localBranch : undefined);
    const targets = [source];
    if (repo.parent) targets.push(await option(await prs.repository(repo.parent.projectId, repo.parent.id)));
    return {
      sourceRepository: source, targetRepositories: targets, restored: false,
      mergeStrategies: MERGE_STRATEGY_VALUES.map((value) => ({ value, label: strategyLabel(value) })), strings: createStrings(),
    };
  }

  private explanation(err: unknown): Explanation {
    const a = this.origin.account;
    const explanation = explain(err, { organization: a.name, url: a.url, kind: a.kind, during: 'action', timeoutSeconds: this.deps.settings().timeoutSeconds });
    this.deps.log.error('Create pull request failed', explanation.error);
    return explanation;
  }

  private explain(err: unknown): string {
    return this.explanation(err).message;
  }

  /** The message of a failure and the next steps offered with it (only those run when the form asks for one). */
  private explainWithSteps(err: unknown, retry: boolean): { message: string; steps: StepButton[] } {
    const explanation = this.explanation(err);
    // After a failed submit the form's own button tries again, with what is typed now.
    return { message: explanation.message, steps: this.steps.offer(explanation.steps.filter((s) => retry || s !== 'retry')) };
  }

  private async runOfferedStep(step: WebviewStep): Promise<void> {
    if (!this.steps.take(step)) return;
    if (step === 'retry') await this.start();
    else await runStep(this.deps.platform, step, this.origin.account);
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.form && this.context) await this.channel.post({ type: 'init', form: this.form, context: this.context });
        else await this.start();
        return;
      case 'formChanged':
        await this.formChanged(message.form);
        return;
      case 'startOver':
        if (this.form) await this.drafts.delete(this.draftKey(this.form));
        await this.start(true);
        return;
      case 'searchReviewers': {
        const results = await (await this.client()).collaboration().searchIdentities(message.query).catch(() => []);
        await this.channel.post({ type: 'identities', query: message.query, results });
        return;
      }
      case 'searchWorkItems': {
        const results = await (await this.client()).collaboration().searchWorkItems(this.origin.repository.projectId, message.query).catch(() => []);
        await this.channel.post({ type: 'workItems', query: message.query, results: results.map((w) => ({ id: w.id, title: w.title, type: w.type, state: w.state })) });
        return;
      }
      case 'push':
        await this.push();
        return;
      case 'step':
        await this.runOfferedStep(message.step);
        return;
      case 'submit':
        await this.submit(message.form);
        return;
      case 'openPullRequest':
        await vscode.commands.executeCommand('azureDevOps.openPullRequest', {
          accountKey: this.origin.account.key, projectId: this.repositories.get(this.form?.targetRepositoryId ?? '')?.projectId ?? this.origin.repository.projectId,
          repositoryId: this.form?.targetRepositoryId ?? this.origin.repository.id, id: message.id,
        });
        return;
      case 'openLink':
        await this.deps.platform.openExternal(message.url);
        return;
    }
  }

  private async formChanged(form: CreateForm): Promise<void> {
    const previous = this.form;
    this.form = form;
    await this.drafts.save(this.draftKey(form), form);
    const targetMoved = previous && (previous.targetBranch !== form.targetBranch || previous.targetRepositoryId !== form.targetRepositoryId || previous.sourceBranch !== form.sourceBranch);
    if (!targetMoved || !this.context) return;
    this.context.pushNeeded = await pushNeeded(this.origin, form.sourceBranch);
    await this.channel.post({ type: 'context', context: this.context });
    const untouched = this.prefilled && form.title === this.prefilled.title && form.description === this.prefilled.description;
    if (!untouched) return;
    const target = this.repositories.get(form.targetRepositoryId) ?? this.origin.repository;
    const filled = await prefillFor(await this.client(), this.origin, target, form.sourceBranch, form.targetBranch).catch(() => undefined);
    if (!filled || !this.form || this.form.title !== form.title || this.form.description !== form.description) return;
    this.prefilled = { title: filled.title, description: filled.description };
    this.context.template = filled.template;
    await this.channel.post({ type: 'prefill', title: filled.title, description: filled.description });
  }

  private async push(): Promise<void> {
    const local = this.origin.local;
    const branch = this.form?.sourceBranch;
    if (!local || !branch || !this.context) return;
    await this.channel.post({ type: 'busy', action: 'push' });
    try {
      await local.git.push(local.remoteName, branch, true);
      const client = await this.client();
      this.context = { ...(await this.buildContext(client, branch)), template: this.context.template, restored: this.context.restored };
      this.context.pushNeeded = await pushNeeded(this.origin, branch);
      await this.channel.post({ type: 'context', context: this.context });
    } catch (err) {
      const stderr = typeof err === 'object' && err !== null && 'stderr' in err ? String((err as { stderr: unknown }).stderr ?? '').trim() : '';
      await this.channel.post({ type: 'failed', message: vscode.l10n.t('Pushing {0} failed: {1}', branch, stderr || this.explain(err)) });
    } finally {
      await this.channel.post({ type: 'busy', action: undefined });
    }
  }

  private async submit(form: CreateForm): Promise<void> {
    this.form = form;
    await this.drafts.save(this.draftKey(form), form);
    await this.channel.post({ type: 'busy', action: 'submit' });
    try {
      const result = await submitPullRequest({ ...this.deps, client: await this.client(), origin: this.origin, repositories: this.repositories }, form);
      if (result.type === 'created') {
        await this.drafts.delete(this.draftKey(form));
        this.deps.changed();
      }
      await this.channel.post(result);
    } catch (err) {
      await this.channel.post({ type: 'failed', ...this.explainWithSteps(err, false) });
    } finally {
      await this.channel.post({ type: 'busy', action: undefined });
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The one create form (reused for the next pull request). */
export class CreatePullRequestPanels implements vscode.Disposable {
  current?: CreatePullRequestPanel;

  constructor(private readonly deps: SubmitDeps, private readonly drafts: DraftStore) {}

  async open(origin: CreateOrigin): Promise<CreatePullRequestPanel> {
    if (this.current) {
      this.current.panel.reveal();
      await this.current.restart(origin);
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(CREATE_VIEW_TYPE, vscode.l10n.t('Create Pull Request'), vscode.ViewColumn.Active, webviewOptions(this.deps.extensionUri));
    const created = new CreatePullRequestPanel(panel, origin, this.deps, this.drafts, () => { if (this.current === created) this.current = undefined; });
    this.current = created;
    return created;
  }

  dispose(): void {
    this.current?.panel.dispose();
  }
}
