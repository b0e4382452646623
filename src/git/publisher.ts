import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { mayHaveLanded } from '../azdo/errors';
import { repositoryWebUrl } from '../azdo/organizationUrl';
import type { ProjectInfo, RepositoryInfo } from '../azdo/types';
import { validateRemoteName, validateRepositoryName } from '../azdo/validation';
import { explain, explainGitFailure, stepLabel, type NextStep } from '../ui/explain';
import { runStep } from '../ui/nextSteps';
import type { Repository, RemoteSourcePublisher } from './git';
import type { GitDeps } from './index';
import { cloneUrlFor } from './repositoryIndex';

export interface PublisherDeps extends GitDeps {
  /** Runs a git operation for `url` so that the credentials provider knows which organization it is for. */
  track<T>(url: string, run: () => Thenable<T> | Promise<T>): Promise<T>;
}

export type PublishOutcome =
  | { kind: 'published'; account: AccountRecord; repository: RepositoryInfo; remote: string; branch: string; url: string }
  | { kind: 'cancelled' }
  /** `stage` says how far it got: nothing exists before 'remote'; from 'remote' on the repository exists on the service. */
  | { kind: 'failed'; stage: 'precondition' | 'create' | 'remote' | 'push'; message: string; repository?: RepositoryInfo };

/**
 * "Publish to Azure DevOps" (the Git extension's Publish Branch / Publish to… when a repository has no remote, and
 * "Azure DevOps: Publish to Azure DevOps"): organization, project and name, create the repository, add the remote,
 * push the current branch with upstream. Every failure says what exists afterwards; nothing is thrown at the Git
 * extension, which would show a second, rawer message.
 */
export class AzureDevOpsPublisher implements RemoteSourcePublisher {
  readonly name = 'Azure DevOps';
  readonly icon = 'azure-devops';

  constructor(private readonly deps: PublisherDeps) {}

  async publishRepository(repository: Repository): Promise<void> {
    await this.publish(repository);
  }

  async publish(repository: Repository): Promise<PublishOutcome> {
    try {
      return await this.run(repository);
    } catch (err) {
      this.deps.log.error('Publishing to Azure DevOps failed unexpectedly', err);
      const message = vscode.l10n.t('Publishing to Azure DevOps failed unexpectedly. The log has the details.');
      void this.deps.prompter().error(message);
      return { kind: 'failed', stage: 'precondition', message };
    }
  }

  private async run(repository: Repository): Promise<PublishOutcome> {
    const prompter = this.deps.prompter();
    const head = repository.state.HEAD;
    const branch = head?.name;
    if (!head || !branch || head.type !== 0) {
      return this.fail('precondition', vscode.l10n.t('Check out a branch first: publishing pushes the current branch, and this repository has none checked out.'));
    }
    if (!head.commit) {
      return this.fail('precondition', vscode.l10n.t('Commit first: the branch {0} has no commits yet, so there is nothing to push.', branch));
    }
    const account = await this.chooseAccount();
    if (!account) return { kind: 'cancelled' };
    const state = await this.deps.withProgress(vscode.l10n.t('Loading the projects of {0}…', account.name), () => this.deps.catalog.load(account.key, true));
    if (state.status !== 'loaded') {
      const explanation = state.status === 'error'
        ? explain(state.error, { organization: account.name, url: account.url, kind: account.kind, during: 'load', timeoutSeconds: this.deps.settings().timeoutSeconds })
        : undefined;
      return this.fail('precondition', explanation?.message ?? vscode.l10n.t('The projects of {0} could not be loaded.', account.name), account, explanation?.steps);
    }
    const projects = state.data.projects;
    if (projects.length === 0) {
      return this.fail('precondition', vscode.l10n.t('{0} has no project you can see. Create a project in the browser first, then publish again.', account.name));
    }
    const project = projects.length === 1 ? projects[0] : await prompter.pick(
      projects.map((p) => ({ label: p.name, description: p.visibility === 'public' ? vscode.l10n.t('public') : undefined, detail: p.description, value: p })),
      { title: vscode.l10n.t('Publish to Azure DevOps: {0}', account.name), placeholder: vscode.l10n.t('Project for the new repository') },
    );
    if (!project) return { kind: 'cancelled' };

    const taken = new Set((state.data.repositories.get(project.id) ?? []).map((r) => r.name.toLowerCase()));
    const name = await prompter.input({
      title: vscode.l10n.t('Publish to Azure DevOps: {0} / {1}', account.name, project.name),
      prompt: vscode.l10n.t('Name of the new repository'),
      value: path.basename(repository.rootUri.fsPath),
      validate: (v) => validateRepositoryName(v.trim()) ?? (taken.has(v.trim().toLowerCase())
        ? vscode.l10n.t('{0} already has a repository named "{1}". Choose another name.', project.name, v.trim()) : undefined),
    });
    if (name === undefined) return { kind: 'cancelled' };
    const remote = await this.chooseRemoteName(repository);
    if (!remote) return { kind: 'cancelled' };
    return this.createAndPush(repository, account, project, name.trim(), remote, branch);
  }

  private async createAndPush(repository: Repository, account: AccountRecord, project: ProjectInfo, name: string, remote: string, branch: string): Promise<PublishOutcome> {
    const { deps } = this;
    const where = `${account.name}/${project.name}/${name}`;
    const client = await deps.clients.get(account.key);
    if (!client) return this.fail('precondition', vscode.l10n.t('No token is stored for {0}. Sign in to it again.', account.name), account, ['enterToken']);
    let created: RepositoryInfo;
    try {
      created = await deps.withProgress(vscode.l10n.t('Creating the repository {0}…', where), () => client.createRepository(project.id, name));
    } catch (err) {
      const explanation = explain(err, { organization: account.name, url: account.url, kind: account.kind, during: 'action', timeoutSeconds: deps.settings().timeoutSeconds });
      deps.log.error(`Creating ${where} failed`, explanation.error);
      // The answer may have been lost after the service created the repository: then publishing goes on.
      const found = mayHaveLanded(explanation.error)
        ? await client.listRepositories(project.id).then((list) => list.find((r) => r.name.toLowerCase() === name.toLowerCase()), () => undefined)
        : undefined;
      if (!found) {
        return this.fail('create', mayHaveLanded(explanation.error)
          ? vscode.l10n.t('Azure DevOps did not confirm that the repository {0} was created: it may have been created after all, so look in the project before you publish again. Nothing changed in your local repository. {1}', where, explanation.message)
          : vscode.l10n.t('The repository {0} was not created, and nothing changed in your local repository. {1}', where, explanation.message), account, explanation.steps);
      }
      deps.log.info(`${where} exists although the answer to creating it failed: publishing goes on`);
      created = found;
    }
    deps.log.info(`Created the repository ${where}`);
    void deps.catalog.reloadProject(account.key, project.id);
    const webUrl = created.webUrl ?? repositoryWebUrl(account, project.name, created.name);
    const url = cloneUrlFor(created, deps.settings().cloneProtocol, deps.settings().serviceUrl);
    if (!url) {
      return this.fail('remote', vscode.l10n.t('Created the repository {0} ({1}), but Azure DevOps reported no clone URL for it, so no remote was added. Add it yourself with "Git: Add Remote…".', where, webUrl), account, undefined, created);
    }
    try {
      await repository.addRemote(remote, url);
    } catch (err) {
      const failure = explainGitFailure(err, { organization: account.name, url, operation: 'addRemote' });
      deps.log.error(`Adding the remote ${remote} for ${where} failed`, err);
      return this.fail('remote', vscode.l10n.t('Created the repository {0} ({1}), but could not add the remote "{2}": {3} Add it with: git remote add {2} {4}', where, webUrl, remote, failure.detail, url), account, ['showLog'], created);
    }
    try {
      await deps.withProgress(vscode.l10n.t('Pushing {0} to {1}…', branch, where), () => deps.track(url, () => repository.push(remote, branch, true)));
    } catch (err) {
      const failure = explainGitFailure(err, { organization: account.name, url, operation: 'push' });
      deps.log.error(`Pushing ${branch} to ${where} failed`, err);
      return this.fail('push', vscode.l10n.t('Created the repository {0} and added the remote "{1}", but pushing {2} failed: {3} The repository on Azure DevOps is still empty; push again with "Git: Push" once this is fixed.', where, remote, branch, failure.message), account, failure.steps, created);
    }
    deps.log.info(`Published ${branch} to ${where} (remote ${remote})`);
    void deps.catalog.reloadProject(account.key, project.id);
    const open = vscode.l10n.t('Open in Browser');
    void deps.prompter().info(vscode.l10n.t('Published {0} to {1}.', branch, where), open).then((choice) => {
      if (choice === open) void deps.openExternal(webUrl);
    });
    return { kind: 'published', account, repository: created, remote, branch, url };
  }

  private async chooseAccount(): Promise<AccountRecord | undefined> {
    const prompter = this.deps.prompter();
    let accounts = this.deps.accounts.list();
    if (accounts.length === 0) {
      const signIn = vscode.l10n.t('Sign In');
      if (await prompter.info(vscode.l10n.t('Sign in to an Azure DevOps organization to publish to it.'), signIn) !== signIn) return undefined;
      const account = await vscode.commands.executeCommand<AccountRecord | undefined>('azureDevOps.signIn');
      if (!account) return undefined;
      accounts = this.deps.accounts.list();
    }
    if (accounts.length === 1) return accounts[0];
    return prompter.pick(
      accounts.map((a) => ({ label: a.name, description: a.user.displayName, detail: a.url, value: a })),
      { title: vscode.l10n.t('Publish to Azure DevOps'), placeholder: vscode.l10n.t('Organization for the new repository') },
    );
  }

  /** `origin`, or a name the user chooses when origin is taken. */
  private async chooseRemoteName(repository: Repository): Promise<string | undefined> {
    const remotes = repository.state.remotes;
    const names = new Set(remotes.map((r) => r.name));
    if (!names.has('origin')) return 'origin';
    const origin = remotes.find((r) => r.name === 'origin');
    let suggestion = 'azure';
    for (let i = 2; names.has(suggestion); i++) suggestion = `azure${i}`;
    const answer = await this.deps.prompter().input({
      title: vscode.l10n.t('Publish to Azure DevOps: remote name'),
      prompt: vscode.l10n.t('This repository already has a remote "origin" ({0}). Name the remote for the new Azure DevOps repository:', origin?.pushUrl ?? origin?.fetchUrl ?? ''),
      value: suggestion,
      validate: (v) => validateRemoteName(v.trim()) ?? (names.has(v.trim()) ? vscode.l10n.t('The remote "{0}" exists already. Choose another name.', v.trim()) : undefined),
    });
    return answer?.trim();
  }

  private fail(stage: 'precondition' | 'create' | 'remote' | 'push', message: string, account?: AccountRecord, steps: NextStep[] = [], repository?: RepositoryInfo): PublishOutcome {
    void this.deps.prompter().error(message, ...steps.map(stepLabel)).then((choice) => {
      const step = steps.find((s) => stepLabel(s) === choice);
      if (step) void runStep(this.deps, step, account);
    });
    return { kind: 'failed', stage, message, repository };
  }
}

