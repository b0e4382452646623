import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import type { RepositoryInfo } from '../azdo/types';
import { validateRemoteName } from '../azdo/validation';
import { createForkInteractively, folderName, gitFailure, httpsRemoteUrl, pickWorkspaceRepository, showFailure } from '../git/flows';
import { getGitApi } from '../git/gitApi';
import { freeRemoteName } from '../git/remotes';
import type { CommandDeps } from './deps';

export interface AddedRemote {
  name: string;
  url: string;
  repository: RepositoryInfo;
}

type Choice = { kind: 'repository'; repository: RepositoryInfo } | { kind: 'fork' };

/**
 * "Azure DevOps: Add Remote": picks an Azure DevOps repository from every signed-in organization, then the
 * repository itself, one of its forks, or a new fork into a chosen project, and adds it under a name to the open
 * repository. Returns what was added, or undefined when cancelled.
 */
export function addRemote(deps: CommandDeps) {
  return async (arg?: unknown): Promise<AddedRemote | undefined> => {
    const title = vscode.l10n.t('Add Azure DevOps Remote');
    const prompter = deps.prompter();
    const api = await getGitApi();
    const workspaceRepository = await pickWorkspaceRepository(deps, api, arg, title);
    if (!workspaceRepository) return undefined;

    if (deps.accounts.list().length === 0) {
      const signIn = vscode.l10n.t('Sign In');
      const choice = await prompter.info(vscode.l10n.t('Sign in to an Azure DevOps organization first: its repositories are what you can add as remotes.'), signIn);
      if (choice !== signIn || !(await vscode.commands.executeCommand('azureDevOps.signIn'))) return undefined;
    }
    const picked = await pickAzureRepository(deps, title);
    if (!picked) return undefined;
    const { account, repository } = picked;
    const client = await deps.clients.get(account.key);
    if (!client) return undefined;

    const forks: RepositoryInfo[] = await deps.platform.withProgress(vscode.l10n.t('Looking for forks of {0}…', repository.name),
      () => client.listForks(repository).catch((err: unknown) => {
        deps.log.error(`Listing the forks of ${repository.name} failed`, err);
        return [];
      }));
    const choice = await prompter.pick<Choice>([
      { label: `$(repo) ${repository.name}`, description: repository.projectName, detail: vscode.l10n.t('The repository itself'), value: { kind: 'repository', repository } },
      ...forks.map((f) => ({
        label: `$(repo-forked) ${f.name}`, description: f.projectName, detail: vscode.l10n.t('Fork of {0}', repository.name), value: { kind: 'repository' as const, repository: f },
      })),
      { label: `$(add) ${vscode.l10n.t('Create a Fork…')}`, detail: vscode.l10n.t('Fork {0} into a project of {1}, then add the fork', repository.name, account.name), value: { kind: 'fork' } },
    ], { title, placeholder: vscode.l10n.t('Add {0} itself, one of its forks, or a new fork', repository.name) });
    if (!choice) return undefined;
    const target = choice.kind === 'repository' ? choice.repository : await createForkInteractively(deps, account, client, repository, title);
    if (!target) return undefined;

    const url = httpsRemoteUrl(target, account.url);
    const taken = () => workspaceRepository.state.remotes.map((r) => r.name);
    const preferred = !taken().includes('origin') ? 'origin' : target.isFork || target !== repository ? 'fork' : 'upstream';
    let typed = freeRemoteName(preferred, taken());
    for (;;) {
      const name = await prompter.input({
        title,
        prompt: vscode.l10n.t('Name of the remote for {0} in {1}', target.name, folderName(workspaceRepository)),
        value: typed,
        validate: (v) => validateRemoteName(v.trim()) ?? existingRemoteMessage(workspaceRepository.state.remotes, v.trim(), folderName(workspaceRepository)),
      });
      if (name === undefined) return undefined;
      typed = name.trim();
      try {
        await workspaceRepository.addRemote(typed, url);
      } catch (err) {
        // Added meanwhile from a terminal, or refused by git: say why, keep what was typed, and ask again.
        deps.log.error(`git remote add ${typed} failed`, err);
        await prompter.error(/already exists/i.test(gitFailure(err))
          ? vscode.l10n.t('A remote named "{0}" already exists in {1}. Choose another name.', typed, folderName(workspaceRepository))
          : vscode.l10n.t('git could not add the remote {0}: {1}', typed, gitFailure(err)));
        continue;
      }
      deps.log.info(`Added remote ${typed} → ${url} to ${workspaceRepository.rootUri.fsPath}`);
      const fetch = vscode.l10n.t('Fetch');
      void prompter.info(vscode.l10n.t('Added the remote {0} ({1}) to {2}.', typed, url, folderName(workspaceRepository)), fetch).then(async (answer) => {
        if (answer !== fetch) return;
        await deps.platform.withProgress(vscode.l10n.t('Fetching {0}…', typed), () => workspaceRepository.fetch(typed))
          .then(undefined, (err: unknown) => prompter.error(vscode.l10n.t('git could not fetch {0}: {1}', typed, gitFailure(err))));
      });
      return { name: typed, url, repository: target };
    }
  };
}

function existingRemoteMessage(remotes: readonly { name: string; fetchUrl?: string }[], name: string, folder: string): string | undefined {
  const existing = remotes.find((r) => r.name === name);
  if (!existing) return undefined;
  return vscode.l10n.t('A remote named "{0}" already exists in {1} ({2}). Choose another name.', name, folder, existing.fetchUrl ?? '');
}

/** Every repository of every signed-in organization, loaded in parallel through the Catalog. */
async function pickAzureRepository(deps: CommandDeps, title: string): Promise<{ account: AccountRecord; repository: RepositoryInfo } | undefined> {
  for (;;) {
    const accounts = deps.accounts.list();
    const states = await deps.platform.withProgress(vscode.l10n.t('Loading repositories…'),
      () => Promise.all(accounts.map(async (account) => ({ account, state: await deps.catalog.load(account.key) }))));
    const items = states.flatMap(({ account, state }) => state.status !== 'loaded' ? [] : [...state.data.repositories.values()].flat()
      .filter((r) => !r.isDisabled)
      .map((r) => ({
        label: `${r.isFork ? '$(repo-forked)' : '$(repo)'} ${r.name}`,
        description: `${account.name} / ${r.projectName}`,
        detail: r.isFork && r.parentName ? vscode.l10n.t('Fork of {0}', r.parentName) : undefined,
        value: { account, repository: r },
      })));
    const failed = states.filter((s) => s.state.status === 'error');
    if (items.length === 0 && failed[0]) {
      const first = failed[0];
      if (first.state.status === 'error' && await showFailure(deps, first.account, first.state.error, 'load')) {
        for (const f of failed) deps.catalog.invalidate(f.account.key);
        continue;
      }
      return undefined;
    }
    if (failed.length > 0) {
      void deps.prompter().warning(vscode.l10n.t('The repositories of {0} could not be loaded; the Azure DevOps view says why.', failed.map((f) => f.account.name).join(', ')), {});
    }
    if (items.length === 0) {
      void deps.prompter().info(vscode.l10n.t('The signed-in organizations have no repositories you can add.'));
      return undefined;
    }
    return deps.prompter().pick(items, { title, placeholder: vscode.l10n.t('Choose the Azure DevOps repository to add as a remote') });
  }
}
