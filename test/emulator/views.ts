/** JSON shapes of projects, repositories, identities, as the service returns them. */
import type { Host, Project, Repo, User } from './state';
import { seg } from './util';

export interface Urls {
  /** Cloud base (stands for https://dev.azure.com), no trailing slash. */
  cloud: string;
  /** Stands for https://app.vssps.visualstudio.com. */
  vssps: string;
  /** Azure DevOps Server base including the virtual directory, e.g. http://127.0.0.1:P/tfs. */
  server: string;
}

export function hostUrl(urls: Urls, host: Host): string {
  return `${host.kind === 'cloud' ? urls.cloud : urls.server}/${seg(host.name)}`;
}

export function projectRef(urls: Urls, p: Project): Record<string, unknown> {
  const ref: Record<string, unknown> = {
    id: p.id, name: p.name, url: `${hostUrl(urls, p.host)}/_apis/projects/${p.id}`,
    state: 'wellFormed', revision: p.revision, visibility: p.visibility, lastUpdateTime: p.lastUpdateTime,
  };
  if (p.description !== undefined) ref.description = p.description;
  return ref;
}

export function projectFull(urls: Urls, p: Project, includeCapabilities: boolean): Record<string, unknown> {
  const base = hostUrl(urls, p.host);
  const teamId = p.id.replace(/^.{8}/, 'aaaaaaaa');
  const full: Record<string, unknown> = {
    ...projectRef(urls, p),
    _links: {
      self: { href: `${base}/_apis/projects/${p.id}` },
      collection: { href: `${base}/_apis/projectCollections/${p.host.id}` },
      web: { href: `${base}/${seg(p.name)}` },
    },
    defaultTeam: { id: teamId, name: `${p.name} Team`, url: `${base}/_apis/projects/${p.id}/teams/${teamId}` },
  };
  if (includeCapabilities) {
    full.capabilities = {
      versioncontrol: { sourceControlType: 'Git', gitEnabled: 'True', tfvcEnabled: 'False' },
      processTemplate: { templateName: 'Agile', templateTypeId: 'adcc42ab-9882-485e-a3ed-7678f01f66bc' },
    };
  }
  return full;
}

export function collectionRef(urls: Urls, host: Host): Record<string, unknown> {
  const base = host.kind === 'cloud' ? hostUrl(urls, host) : urls.server;
  return { id: host.id, name: host.name, url: `${base}/_apis/projectCollections/${host.id}` };
}

export function remoteUrl(urls: Urls, repo: Repo): string {
  return `${hostUrl(urls, repo.project.host)}/${seg(repo.project.name)}/_git/${seg(repo.name)}`;
}

export function sshUrl(urls: Urls, repo: Repo): string {
  const host = repo.project.host;
  if (host.kind === 'cloud') return `git@ssh.dev.azure.com:v3/${seg(host.name)}/${seg(repo.project.name)}/${seg(repo.name)}`;
  const server = new URL(urls.server);
  return `ssh://${server.hostname}:22${server.pathname}/${seg(host.name)}/${seg(repo.project.name)}/_git/${seg(repo.name)}`;
}

export function repoApiUrl(urls: Urls, repo: Repo): string {
  return `${hostUrl(urls, repo.project.host)}/${repo.project.id}/_apis/git/repositories/${repo.id}`;
}

/** GitRepositoryRef (forks listing, parentRepository). */
export function repoRef(urls: Urls, repo: Repo): Record<string, unknown> {
  const ref: Record<string, unknown> = {
    id: repo.id, name: repo.name, url: repoApiUrl(urls, repo), project: projectRef(urls, repo.project),
    collection: collectionRef(urls, repo.project.host), remoteUrl: remoteUrl(urls, repo), sshUrl: sshUrl(urls, repo),
  };
  if (repo.parent) ref.isFork = true;
  return ref;
}

/** GitRepository as the service returns it (defaultBranch absent while the repository is empty). */
export function repoJson(urls: Urls, repo: Repo, includeLinks = false): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: repo.id, name: repo.name, url: repoApiUrl(urls, repo), project: projectRef(urls, repo.project),
  };
  if (repo.defaultBranch) out.defaultBranch = repo.defaultBranch;
  Object.assign(out, {
    size: repo.size, remoteUrl: remoteUrl(urls, repo), sshUrl: sshUrl(urls, repo), webUrl: remoteUrl(urls, repo),
    isDisabled: repo.isDisabled, isInMaintenance: false,
  });
  if (repo.parent) {
    out.isFork = true;
    out.parentRepository = repoRef(urls, repo.parent);
  }
  if (includeLinks) {
    const api = repoApiUrl(urls, repo);
    out._links = {
      self: { href: api }, project: { href: `vstfs:///Classification/TeamProject/${repo.project.id}` },
      web: { href: remoteUrl(urls, repo) }, ssh: { href: sshUrl(urls, repo) }, commits: { href: `${api}/commits` },
      refs: { href: `${api}/refs` }, pullRequests: { href: `${api}/pullRequests` }, items: { href: `${api}/items` },
      pushes: { href: `${api}/pushes` },
    };
  }
  return out;
}

export function descriptorOf(user: User): string {
  return `aad.${Buffer.from(user.id).toString('base64').replace(/=+$/, '')}`;
}

/** IdentityRef (creator of a ref, pusher). */
export function identityRef(urls: Urls, host: Host, user: User): Record<string, unknown> {
  const base = hostUrl(urls, host);
  return {
    displayName: user.displayName, url: `${urls.vssps}/${seg(host.name)}/_apis/Identities/${user.id}`,
    _links: { avatar: { href: `${base}/_apis/GraphProfile/MemberAvatars/${descriptorOf(user)}` } },
    id: user.id, uniqueName: user.email, imageUrl: `${base}/_api/_common/identityImage?id=${user.id}`,
    descriptor: descriptorOf(user),
  };
}

/** The Identity in connectionData (authenticatedUser / authorizedUser). */
export function connectionIdentity(user: User): Record<string, unknown> {
  return {
    id: user.id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;72f988bf-86f1-41af-91ab-2d7cd011db47\\${user.email}`,
    subjectDescriptor: descriptorOf(user), providerDisplayName: user.displayName, isActive: true,
    properties: { Account: { $type: 'System.String', $value: user.email } }, resourceVersion: 2, metaTypeId: 0,
  };
}
