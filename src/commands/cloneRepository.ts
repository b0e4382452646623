import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { AzdoError } from '../azdo/errors';
import { parseRemoteUrl, toHttpsUrl, toSshUrl, type AzureRemote } from '../azdo/remoteUrl';
import type { RepositoryInfo } from '../azdo/types';
import { organizationKeyOfUrl } from '../git/credentialMatch';
import { runStep } from '../ui/nextSteps';
import { cloneUrlFor, listAllRepositories } from '../git/repositoryIndex';
import { explain, stepLabel } from '../ui/explain';
import type { PickItem } from '../ui/prompter';
import { RepositoryNode } from '../views/nodes/repositoryNode';
import type { CommandDeps } from './deps';

export type CloneResult =
  | { kind: 'cloning'; url: string; organization?: string }
  | { kind: 'cancelled' }
  | { kind: 'refused'; message: string };

interface Target {
  account?: AccountRecord;
  repository?: RepositoryInfo;
  /** Parsed from a pasted URL when there is no repository record. */
  remote?: AzureRemote;
}

type Choice = { kind: 'repository'; account: AccountRecord; repository: RepositoryInfo } | { kind: 'url' } | { kind: 'failure'; account: AccountRecord };

/**
 * "Azure DevOps: Clone Repository": from the tree (a repository node), from the palette (all repositories of all
 * signed-in organizations, or a pasted URL), or with a URL argument. Checks access first (a disabled repository or a
 * refused token gets a clear message), then hands the URL to the Git extension's own clone (`git.clone`): the
 * folder dialog, the progress notification and "Open / Open in New Window / Add to Workspace" are the Git
 * extension's. The second argument may be `{ parentPath }` to clone into a folder without asking.
 */
export function cloneRepository(deps: CommandDeps) {
  return async (arg?: unknown, options?: unknown): Promise<CloneResult> => {
    const parentPath = typeof options === 'object' && options !== null && typeof (options as { parentPath?: unknown }).parentPath === 'string'
      ? (options as { parentPath: string }).parentPath : undefined;
    let target: Target | undefined;
    if (arg instanceof RepositoryNode) target = { account: deps.accounts.get(arg.account.key) ?? arg.account, repository: arg.repository };
    else if (typeof arg === 'string') target = await targetFromUrl(deps, arg);
    else target = await pickTarget(deps);
    if (!target) return { kind: 'cancelled' };
    return clone(deps, target, parentPath);
  };
}

async function pickTarget(deps: CommandDeps): Promise<Target | undefined> {
  const prompter = deps.prompter();
  const items: PickItem<Choice>[] = [{ label: `$(link) ${vscode.l10n.t('Clone from URL…')}`, description: vscode.l10n.t('Paste an Azure Repos URL (HTTPS or SSH)'), value: { kind: 'url' } }];
  if (deps.accounts.list().length > 0) {
    const listing = await deps.platform.withProgress(vscode.l10n.t('Loading the repositories of your Azure DevOps organizations…'), () => listAllRepositories(deps.accounts, deps.catalog));
    for (const { account, repository } of listing.repositories) {
      const notes = [
        repository.isDisabled ? vscode.l10n.t('disabled') : undefined,
        !repository.isDisabled && !repository.defaultBranch ? vscode.l10n.t('empty') : undefined,
        repository.isFork ? vscode.l10n.t('fork') : undefined,
      ].filter(Boolean);
      items.push({
        label: `$(${repository.isDisabled ? 'circle-slash' : repository.isFork ? 'repo-forked' : 'repo'}) ${repository.name}`,
        description: [`${account.name} / ${repository.projectName}`, ...notes].join(' · '),
        value: { kind: 'repository', account, repository },
      });
    }
    for (const { account, error } of listing.failures) {
      items.push({ label: `$(error) ${vscode.l10n.t('{0}: the repositories could not be listed', account.name)}`, description: error.message, value: { kind: 'failure', account } });
    }
  }
  const choice = await prompter.pick(items, { title: vscode.l10n.t('Clone from Azure DevOps'), placeholder: vscode.l10n.t('Repository to clone (type to search), or paste a URL') });
  if (!choice) return undefined;
  if (choice.kind === 'repository') return { account: choice.account, repository: choice.repository };
  if (choice.kind === 'failure') {
    const state = deps.catalog.state(choice.account.key);
    if (state?.status === 'error') await showExplained(deps, choice.account, state.error);
    return undefined;
  }
  const serviceUrl = deps.settings().serviceUrl;
  const url = await prompter.input({
    title: vscode.l10n.t('Clone from Azure DevOps'),
    prompt: vscode.l10n.t('Repository URL, as in the browser or the Clone dialog of Azure Repos (HTTPS or SSH)'),
    placeholder: 'https://dev.azure.com/organization/project/_git/repository',
    validate: (v) => parseRemoteUrl(v, { serviceUrls: [serviceUrl] })
      ? undefined : vscode.l10n.t('That is not an Azure Repos URL. It looks like https://dev.azure.com/organization/project/_git/repository or git@ssh.dev.azure.com:v3/organization/project/repository.'),
  });
  return url === undefined ? undefined : targetFromUrl(deps, url);
}

/** A pasted URL: the signed-in organization it belongs to and the repository record, when there is one. */
async function targetFromUrl(deps: CommandDeps, text: string): Promise<Target | undefined> {
  const serviceUrl = deps.settings().serviceUrl;
  const remote = parseRemoteUrl(text, { serviceUrls: [serviceUrl] });
  if (!remote) {
    void deps.prompter().error(vscode.l10n.t('"{0}" is not an Azure Repos URL, so it cannot be cloned from Azure DevOps.', text.trim()));
    return undefined;
  }
  const key = organizationKeyOfUrl(text, serviceUrl);
  const account = key ? deps.accounts.get(key) : undefined;
  if (!account) {
    const signIn = vscode.l10n.t('Sign In');
    const anyway = vscode.l10n.t('Clone Anyway');
    const answer = await deps.prompter().warning(
      vscode.l10n.t('You are not signed in to {0}, so Azure DevOps cannot give git a token for it.', remote.organization),
      { modal: true, detail: vscode.l10n.t('Sign in to {0} first, or clone anyway and let git ask for credentials (or use your SSH key).', remote.organization) },
      signIn, anyway,
    );
    if (answer === anyway) return { remote };
    if (answer !== signIn) return undefined;
    const signedIn = await vscode.commands.executeCommand<AccountRecord | undefined>('azureDevOps.signIn', text.trim());
    return signedIn ? targetFromUrl(deps, text) : undefined;
  }
  return { account, remote };
}

async function clone(deps: CommandDeps, target: Target, parentPath: string | undefined): Promise<CloneResult> {
  const { account } = target;
  let repository = target.repository;
  if (account) {
    // Fresh facts (the repository may have been disabled, deleted or the token revoked since the tree loaded).
    const checked = await checkAccess(deps, account, repository, target.remote);
    if (checked.kind === 'refused') return checked;
    repository = checked.repository;
  }
  if (repository?.isDisabled) {
    const message = vscode.l10n.t('{0} is disabled, so Azure DevOps refuses to clone it. A project administrator can enable it again in Project settings → Repositories.', repository.name);
    void deps.prompter().error(message);
    return { kind: 'refused', message };
  }
  const { cloneProtocol, serviceUrl } = deps.settings();
  const url = repository ? cloneUrlFor(repository, cloneProtocol, serviceUrl) : target.remote ? urlOfRemote(target.remote, cloneProtocol, serviceUrl) : undefined;
  if (!url) {
    const message = vscode.l10n.t('Azure DevOps reported no {0} clone URL for this repository.', cloneProtocol.toUpperCase());
    void deps.prompter().error(message);
    return { kind: 'refused', message };
  }
  deps.log.info(`Cloning ${url}${account ? ` with the token of ${account.name}` : ''}`);
  // The Git extension asks for the folder, shows progress and offers to open the clone; the credentials provider
  // gives git the token (and knows the organization while this runs, even when several share the host).
  await deps.git.credentials.track(url, () => vscode.commands.executeCommand('git.clone', url, parentPath));
  return { kind: 'cloning', url, organization: account?.name };
}

async function checkAccess(deps: CommandDeps, account: AccountRecord, known: RepositoryInfo | undefined, remote: AzureRemote | undefined): Promise<{ kind: 'ok'; repository?: RepositoryInfo } | { kind: 'refused'; message: string }> {
  const project = known?.projectId ?? remote?.project;
  const name = (known?.name ?? remote?.repository ?? '').toLowerCase();
  try {
    const client = await deps.clients.get(account.key);
    if (!client) throw new Error(`No token is stored for ${account.name}`);
    const list = await deps.platform.withProgress(vscode.l10n.t('Checking access to {0}…', known?.name ?? remote?.repository ?? account.name), () => client.listRepositories(project));
    const repository = list.find((r) => (known && r.id === known.id) || r.name.toLowerCase() === name);
    if (!repository) {
      const message = vscode.l10n.t('{0} has no repository "{1}" in the project "{2}" that you can see.', account.name, known?.name ?? remote?.repository ?? '', known?.projectName ?? remote?.project ?? '');
      void deps.prompter().error(message);
      return { kind: 'refused', message };
    }
    return { kind: 'ok', repository };
  } catch (err) {
    if (err instanceof AzdoError && err.kind === 'notFound' && project) {
      const message = vscode.l10n.t('{0} has no project "{1}" that you can see: it may have been renamed or deleted. Refresh the Azure DevOps view to see the current projects.', account.name, known?.projectName ?? project);
      const refresh = vscode.l10n.t('Refresh');
      void deps.prompter().error(message, refresh).then((choice) => {
        if (choice === refresh) void vscode.commands.executeCommand('azureDevOps.refresh');
      });
      return { kind: 'refused', message };
    }
    return { kind: 'refused', message: await showExplained(deps, account, err) };
  }
}

async function showExplained(deps: CommandDeps, account: AccountRecord, err: unknown): Promise<string> {
  const explanation = explain(err, { organization: account.name, url: account.url, kind: account.kind, during: 'load', timeoutSeconds: deps.settings().timeoutSeconds });
  deps.log.error(`Clone from ${account.name} refused`, explanation.error);
  void deps.prompter().error(explanation.message, ...explanation.steps.map(stepLabel)).then((choice) => {
    const step = explanation.steps.find((s) => stepLabel(s) === choice);
    if (step) void runStep(deps.platform, step, account);
  });
  return explanation.message;
}

function urlOfRemote(remote: AzureRemote, protocol: 'https' | 'ssh', serviceUrl: string): string | undefined {
  try {
    return protocol === 'ssh' ? toSshUrl(remote) : toHttpsUrl(remote, { serviceUrl });
  } catch {
    return undefined;
  }
}
