import * as vscode from 'vscode';
import { pickWorkspaceRepository } from '../git/flows';
import { getGitApi } from '../git/gitApi';
import { azureRemotes, commitWebUrl, primaryAzureRemote } from '../git/remotes';
import type { CommandDeps } from './deps';

const HASH = /^[0-9a-f]{4,64}$/i;

/**
 * "Azure DevOps: Open Commit on Azure DevOps". From a history hover it gets the repository's web address and the
 * commit hash (the Git extension appends the hash); from the palette it opens the current commit (HEAD) of the
 * workspace repository's Azure Repos remote.
 */
export function openCommit(deps: CommandDeps) {
  return async (webUrl?: unknown, hash?: unknown): Promise<string | undefined> => {
    if (typeof webUrl === 'string' && /^https?:\/\//i.test(webUrl) && typeof hash === 'string' && HASH.test(hash)) {
      const url = commitWebUrl(webUrl, hash);
      await deps.platform.openExternal(url);
      return url;
    }
    const api = await getGitApi();
    const repository = await pickWorkspaceRepository(deps, api, webUrl, vscode.l10n.t('Open Commit on Azure DevOps'));
    if (!repository) return undefined;
    const target = primaryAzureRemote(azureRemotes(repository.state.remotes, deps.settings().serviceUrl));
    if (!target) {
      void deps.prompter().info(vscode.l10n.t('This repository has no Azure Repos remote, so its commits have no page on Azure DevOps.'));
      return undefined;
    }
    const commit = typeof hash === 'string' && HASH.test(hash) ? hash : repository.state.HEAD?.commit;
    if (!commit) {
      void deps.prompter().info(vscode.l10n.t('The repository has no commit yet.'));
      return undefined;
    }
    const url = commitWebUrl(target.webUrl, commit);
    await deps.platform.openExternal(url);
    return url;
  };
}
