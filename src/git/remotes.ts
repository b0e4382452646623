/**
 * Which git remotes of a repository are Azure Repos, and what they point at. Pure logic (types only from the
 * Git extension's API): no `vscode` at run time.
 */
import {
  organizationFromRemote, organizationKey, organizationWebUrl, repositoryWebUrl, type OrganizationRef,
} from '../azdo/organizationUrl';
import { parseRemoteUrl, type AzureRemote } from '../azdo/remoteUrl';
import type { Remote } from './git';

export type RemoteLike = Pick<Remote, 'name' | 'fetchUrl' | 'pushUrl'>;

export interface AzureRepoRemote {
  /** The git remote's name, e.g. `origin`. */
  name: string;
  /** The URL that was parsed (the fetch URL, else the push URL). */
  url: string;
  remote: AzureRemote;
  organization: OrganizationRef;
  /** organizationKey(organization): how accounts are keyed. */
  key: string;
  /** The organization's web address, e.g. https://dev.azure.com/fabrikam. */
  organizationUrl: string;
  /** The repository's web page, e.g. https://dev.azure.com/fabrikam/Fiber/_git/web. */
  webUrl: string;
}

/** The remotes that point at Azure Repos (a configured service URL counts as Azure DevOps Services). */
export function azureRemotes(remotes: readonly RemoteLike[], serviceUrl: string): AzureRepoRemote[] {
  const out: AzureRepoRemote[] = [];
  for (const r of remotes) {
    for (const url of [r.fetchUrl, r.pushUrl]) {
      if (!url) continue;
      const remote = parseRemoteUrl(url, { serviceUrls: [serviceUrl] });
      const organization = remote ? organizationFromRemote(remote, { serviceUrl }) : undefined;
      if (!remote || !organization) continue;
      out.push({
        name: r.name, url, remote, organization, key: organizationKey(organization),
        organizationUrl: organizationWebUrl(organization),
        webUrl: repositoryWebUrl(organization, remote.project, remote.repository),
      });
      break;
    }
  }
  return out;
}

/** The remote that speaks for the repository: `origin`, else `upstream`, else the first Azure remote. */
export function primaryAzureRemote(remotes: readonly AzureRepoRemote[]): AzureRepoRemote | undefined {
  return remotes.find((r) => r.name === 'origin') ?? remotes.find((r) => r.name === 'upstream') ?? remotes[0];
}

/** A remote name not yet taken: `preferred`, else `preferred-2`, `preferred-3`, … */
export function freeRemoteName(preferred: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(preferred)) return preferred;
  for (let n = 2; ; n++) if (!used.has(`${preferred}-${n}`)) return `${preferred}-${n}`;
}

/** The commit's page on the web: `{repositoryWebUrl}/commit/{hash}`. */
export function commitWebUrl(repositoryUrl: string, hash: string): string {
  return `${repositoryUrl.replace(/\/+$/, '')}/commit/${encodeURIComponent(hash)}`;
}
