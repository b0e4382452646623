import * as vscode from 'vscode';
import type { RepositoryInfo } from '../azdo/types';
import type { CommandDeps } from '../commands/deps';
import { createForkInteractively, folderName, gitFailure, httpsRemoteUrl, showFailure } from './flows';
import type { PushErrorHandler, Remote, Repository } from './git';
import { isPermissionRefusal } from './pushRefusal';
import { azureRemotes, freeRemoteName } from './remotes';

type Target = { kind: 'fork'; fork: RepositoryInfo } | { kind: 'create' };

/**
 * When Azure Repos refuses a push because the account may not contribute to the repository, offers to fork it
 * into a project where the user can push, adds the fork as a remote and pushes the branch there (with upstream).
 * Other failures, and remotes of organizations that are not signed in, are left to the Git extension.
 *
 * Only a push that landed on a fork counts as handled (true): declined or cancelled, the original push stays failed
 * (false), and a failed push to the fork is thrown, so whoever pushed (Git: Push, Publish) learns what happened.
 */
export class ForkAndPushHandler implements PushErrorHandler {
  constructor(private readonly deps: CommandDeps) {}

  async handlePushError(repository: Repository, remote: Remote, refspec: string, error: Error & { gitErrorCode: string }): Promise<boolean> {
    if (!isPermissionRefusal(error)) return false;
    const target = azureRemotes([remote], this.deps.settings().serviceUrl)[0];
    const account = target ? this.deps.accounts.get(target.key) : undefined;
    const client = account ? await this.deps.clients.get(account.key) : undefined;
    if (!target || !account || !client) return false;
    const prompter = this.deps.prompter();
    const branch = refspec.replace(/^.*:/, '').replace(/^refs\/heads\//, '');
    this.deps.log.info(`Push of ${branch} to ${remote.name} refused for lack of permission: ${gitFailure(error)}`);
    const forkAndPush = vscode.l10n.t('Fork and Push');
    const choice = await prompter.warning(
      vscode.l10n.t('Azure DevOps refused the push to {0}: you may read {1}/{2} but not contribute to it. Fork it into a project where you can push, and push {3} to the fork?',
        remote.name, target.remote.project, target.remote.repository, branch),
      { modal: false }, forkAndPush);
    // Declined: the push stays failed, so whoever pushed (Git: Push, Publish) learns that it did not happen.
    if (choice !== forkAndPush) return false;

    const title = vscode.l10n.t('Fork and Push');
    let found: readonly [RepositoryInfo | undefined, RepositoryInfo[]];
    for (;;) {
      try {
        found = await this.deps.platform.withProgress(vscode.l10n.t('Looking for forks of {0}…', target.remote.repository), async () => {
          const found = await client.getRepository(target.remote.repository, target.remote.project);
          return [found, found ? await client.listForks(found) : []] as const;
        });
        break;
      } catch (err) {
        if (!(await showFailure(this.deps, account, err))) return false;
      }
    }
    const [parent, forks] = found;
    if (!parent) {
      void prompter.error(vscode.l10n.t('{0} has no repository {1}/{2} any more, so there is nothing to fork.', account.name, target.remote.project, target.remote.repository));
      return false;
    }
    const picked: Target | undefined = forks.length === 0 ? { kind: 'create' } : await prompter.pick<Target>([
      ...forks.map((f) => ({ label: `$(repo-forked) ${f.name}`, description: f.projectName, detail: vscode.l10n.t('Push to this existing fork'), value: { kind: 'fork' as const, fork: f } })),
      { label: `$(add) ${vscode.l10n.t('Create a Fork…')}`, detail: vscode.l10n.t('Fork {0} into a project of {1}', parent.name, account.name), value: { kind: 'create' } },
    ], { title, placeholder: vscode.l10n.t('Push {0} to which fork of {1}?', branch, parent.name) });
    if (!picked) return false;
    const fork = picked.kind === 'fork' ? picked.fork : await createForkInteractively(this.deps, account, client, parent, title);
    if (!fork) return false;

    const url = httpsRemoteUrl(fork, account.url);
    const existing = repository.state.remotes.find((r) => r.fetchUrl === url || r.pushUrl === url);
    const name = existing?.name ?? freeRemoteName('fork', repository.state.remotes.map((r) => r.name));
    try {
      if (!existing) await repository.addRemote(name, url);
      await this.deps.platform.withProgress(vscode.l10n.t('Pushing {0} to {1}…', branch, fork.name), () => repository.push(name, refspec, true));
    } catch (err) {
      this.deps.log.error(`Pushing ${branch} to the fork ${fork.name} failed`, err);
      void prompter.warning(vscode.l10n.t('The fork {0} is ready (remote {1}), but git could not push {2} to it: {3}', fork.name, name, branch, gitFailure(err)), {});
      throw err;
    }
    this.deps.log.info(`Pushed ${branch} of ${folderName(repository)} to ${url} (remote ${name})`);
    const open = vscode.l10n.t('Open Fork');
    void prompter.info(vscode.l10n.t('Pushed {0} to your fork {1} (remote {2}).', branch, fork.name, name), open).then((answer) => {
      if (answer === open) void this.deps.platform.openExternal(fork.webUrl ?? url);
    });
    return true;
  }
}
