/**
 * Every repository of every signed-in organization, from the Catalog (the data the tree shows), for the clone
 * pickers: "Azure DevOps: Clone Repository" and the "Azure DevOps" source of "Git: Clone". No `vscode` here.
 */
import type { AccountRecord, AccountStore } from '../auth/accountStore';
import type { AzdoError } from '../azdo/errors';
import { parseRemoteUrl, toSshUrl } from '../azdo/remoteUrl';
import type { RepositoryInfo } from '../azdo/types';
import type { Catalog } from '../model/catalog';

export interface ListedRepository {
  account: AccountRecord;
  repository: RepositoryInfo;
}

export interface RepositoryListing {
  repositories: ListedRepository[];
  /** Organizations that could not be loaded (the others are still listed). */
  failures: { account: AccountRecord; error: AzdoError }[];
}

/** Loads every signed-in organization (in parallel, shared with the tree through the Catalog). */
export async function listAllRepositories(accounts: AccountStore, catalog: Catalog): Promise<RepositoryListing> {
  const listing: RepositoryListing = { repositories: [], failures: [] };
  const all = accounts.list();
  const states = await Promise.all(all.map((a) => catalog.load(a.key)));
  all.forEach((account, i) => {
    const state = states[i];
    if (state.status === 'error') listing.failures.push({ account, error: state.error });
    if (state.status !== 'loaded') return;
    for (const repos of state.data.repositories.values()) {
      for (const repository of repos) listing.repositories.push({ account, repository });
    }
  });
  listing.repositories.sort((a, b) => compare(a.account.name, b.account.name)
    || compare(a.repository.projectName, b.repository.projectName) || compare(a.repository.name, b.repository.name));
  return listing;
}

function compare(a: string, b: string): number {
  return a.localeCompare(b, undefined, { sensitivity: 'base' });
}

/**
 * Keeps the repositories whose "organization project repository" text contains every word of `query`
 * (case-insensitive; `/` separates words too, so `alpha/web` finds alpha's Web project).
 */
export function filterRepositories<T extends ListedRepository>(list: readonly T[], query: string | undefined): T[] {
  const words = (query ?? '').toLowerCase().split(/[\s/]+/).filter((w) => w.length > 0);
  if (words.length === 0) return [...list];
  return list.filter((item) => {
    const text = `${item.account.name} ${item.repository.projectName} ${item.repository.name}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The URL to clone a repository over HTTPS or SSH, as the service reports it (computed when it does not). */
export function cloneUrlFor(repository: RepositoryInfo, protocol: 'https' | 'ssh', serviceUrl?: string): string | undefined {
  // The user name Azure puts in HTTPS remote URLs ({org}@) is dropped: with it git would ask only for a password,
  // and the Git extension answers password prompts itself, without asking the credentials provider.
  if (protocol === 'https') return repository.remoteUrl?.replace(/^(https?:\/\/)[^@/]+@/i, '$1');
  if (repository.sshUrl) return repository.sshUrl;
  const remote = repository.remoteUrl ? parseRemoteUrl(repository.remoteUrl, { serviceUrls: serviceUrl ? [serviceUrl] : [] }) : undefined;
  return remote ? toSshUrl(remote) : undefined;
}
