import * as vscode from 'vscode';
import type { AccountStore } from '../auth/accountStore';
import type { Logger } from '../log';
import type { ClientProvider } from '../model/clients';
import type { AvatarService } from './avatars';
import type { AvatarQuery, Repository, SourceControlHistoryItemDetailsProvider } from './git';
import { linkifyMessage } from './messageLinks';
import { azureRemotes, primaryAzureRemote, type AzureRepoRemote } from './remotes';

export interface HistoryDetailsDeps {
  accounts: AccountStore;
  clients: ClientProvider;
  avatars: AvatarService;
  log: Logger;
  serviceUrl(): string;
}

/**
 * Details of commits in the Source Control Graph, the timeline and blame hovers, for repositories with an Azure
 * Repos remote: author pictures from the organization's identities, links for `AB#123` (work items) and `!123`
 * (pull requests) in messages, and "Open Commit on Azure DevOps". Repositories without one get nothing from here,
 * so other providers (GitHub) still answer for theirs.
 */
export class AzureHistoryDetailsProvider implements SourceControlHistoryItemDetailsProvider {
  constructor(private readonly deps: HistoryDetailsDeps) {}

  /** The Azure Repos remote that speaks for the repository, if any. */
  target(repository: Repository): AzureRepoRemote | undefined {
    return primaryAzureRemote(azureRemotes(repository.state.remotes, this.deps.serviceUrl()));
  }

  async provideAvatar(repository: Repository, query: AvatarQuery): Promise<Map<string, string | undefined> | undefined> {
    const target = this.target(repository);
    if (!target || !this.deps.accounts.get(target.key)) return undefined;
    try {
      const client = await this.deps.clients.get(target.key);
      if (!client) return undefined;
      const emails = query.commits.map((c) => c.authorEmail ?? '').filter(Boolean);
      const files = await this.deps.avatars.resolve(target.key, client, emails);
      const result = new Map<string, string | undefined>();
      for (const commit of query.commits) {
        const file = commit.authorEmail ? files.get(commit.authorEmail.trim().toLowerCase()) : undefined;
        result.set(commit.hash, file ? vscode.Uri.file(file).toString() : undefined);
      }
      return result;
    } catch (err) {
      this.deps.log.error('Author pictures failed', err);
      return undefined;
    }
  }

  provideHoverCommands(repository: Repository): vscode.Command[] | undefined {
    const target = this.target(repository);
    if (!target) return undefined;
    return [{
      title: vscode.l10n.t('{0} Open Commit on Azure DevOps', '$(azure-devops)'),
      tooltip: vscode.l10n.t('Open Commit on Azure DevOps'),
      command: 'azureDevOps.openCommit',
      // The Git extension appends the commit hash to these arguments.
      arguments: [target.webUrl],
    }];
  }

  provideMessageLinks(repository: Repository, message: string): string | undefined {
    const target = this.target(repository);
    if (!target) return undefined;
    const linked = linkifyMessage(message, {
      organizationUrl: target.organizationUrl, project: target.remote.project, repositoryWebUrl: target.webUrl,
    });
    return linked === message ? undefined : linked;
  }
}
