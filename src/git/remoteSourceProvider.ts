import * as vscode from 'vscode';
import type { AccountStore } from '../auth/accountStore';
import type { Logger } from '../log';
import type { Catalog } from '../model/catalog';
import type { RemoteSource, RemoteSourceProvider } from './git';
import { cloneUrlFor, filterRepositories, listAllRepositories } from './repositoryIndex';

export interface RemoteSourceOptions {
  accounts: AccountStore;
  catalog: Catalog;
  log: Logger;
  settings(): { serviceUrl: string; cloneProtocol: 'https' | 'ssh' };
}

/**
 * "Clone from Azure DevOps" in "Git: Clone": the repositories of every signed-in organization, from the Catalog
 * the tree uses, searched as the user types. Disabled repositories are left out (the service refuses to clone
 * them); empty ones are listed and clone fine.
 */
export class AzureDevOpsRemoteSourceProvider implements RemoteSourceProvider {
  readonly name = 'Azure DevOps';
  readonly icon = 'azure-devops';
  readonly supportsQuery = true;
  readonly placeholder = vscode.l10n.t('Repository, project or organization name (type to search)');

  private offer?: { at: number; urls: string[] };

  constructor(private readonly options: RemoteSourceOptions) {}

  /**
   * The URLs of the last list shown in "Git: Clone", if it was shown in the last three minutes. The Git extension
   * does not say which one the user picked; the credentials provider uses them (once) when they all belong to one
   * organization. A list shown and cancelled can mislead one git request within that time: README, "Git and your
   * tokens".
   */
  recentlyOffered(): string[] {
    return this.offer && Date.now() - this.offer.at < 3 * 60_000 ? this.offer.urls : [];
  }

  /** Forgets the last list (once a clone used it). */
  forgetOffer(): void {
    this.offer = undefined;
  }

  async getRemoteSources(query?: string): Promise<RemoteSource[]> {
    const { accounts, catalog, log } = this.options;
    if (accounts.list().length === 0) {
      throw new Error(vscode.l10n.t('You are not signed in to Azure DevOps. Run "Azure DevOps: Sign In" first.'));
    }
    const listing = await listAllRepositories(accounts, catalog);
    for (const failure of listing.failures) log.warn(`Git: Clone lists no repositories of ${failure.account.name}: ${failure.error.message}`);
    if (listing.repositories.length === 0 && listing.failures.length > 0) {
      const names = listing.failures.map((f) => f.account.name).join(', ');
      throw new Error(vscode.l10n.t('Could not list the repositories of {0}. The Azure DevOps view says why.', names));
    }
    const { serviceUrl, cloneProtocol } = this.options.settings();
    const sources: RemoteSource[] = [];
    for (const { account, repository } of filterRepositories(listing.repositories, query)) {
      if (repository.isDisabled) continue;
      const url = cloneUrlFor(repository, cloneProtocol, serviceUrl);
      if (!url) continue;
      const notes = [repository.defaultBranch ? undefined : vscode.l10n.t('empty'), repository.isFork ? vscode.l10n.t('fork') : undefined].filter(Boolean);
      sources.push({
        name: repository.name,
        description: [`${account.name} / ${repository.projectName}`, ...notes].join(' · '),
        icon: repository.isFork ? 'repo-forked' : 'repo',
        url,
      });
    }
    this.offer = { at: Date.now(), urls: sources.map((s) => String(s.url)) };
    return sources;
  }
}
