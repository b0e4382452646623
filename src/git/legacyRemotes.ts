/**
 * Remotes that still use the old Azure DevOps addresses (`{org}.visualstudio.com`, `vs-ssh.visualstudio.com`) and
 * what they become on `dev.azure.com` / `ssh.dev.azure.com`. Pure logic.
 */
import { parseRemoteUrl, toHttpsUrl, toSshUrl } from '../azdo/remoteUrl';
import type { RemoteLike } from './remotes';

export interface RemoteRewrite {
  remote: string;
  /** `url` (fetch, and push unless a push URL is set) or `pushurl`. */
  key: 'url' | 'pushurl';
  from: string;
  to: string;
}

/** The new URL of a legacy Azure Repos URL, or undefined when the URL is not legacy. */
export function modernUrl(url: string, serviceUrl: string): string | undefined {
  const remote = parseRemoteUrl(url, { serviceUrls: [serviceUrl] });
  if (!remote || !remote.legacy || remote.kind !== 'services') return undefined;
  const modern = { ...remote, legacy: false };
  return remote.protocol === 'ssh' ? toSshUrl(modern) : toHttpsUrl(modern, { serviceUrl });
}

/** What to change so that no remote uses a legacy address (push URLs only when set apart from the fetch URL). */
export function legacyRewrites(remotes: readonly RemoteLike[], serviceUrl: string): RemoteRewrite[] {
  const out: RemoteRewrite[] = [];
  for (const r of remotes) {
    const fetchTo = r.fetchUrl ? modernUrl(r.fetchUrl, serviceUrl) : undefined;
    if (r.fetchUrl && fetchTo) out.push({ remote: r.name, key: 'url', from: r.fetchUrl, to: fetchTo });
    if (r.pushUrl && r.pushUrl !== r.fetchUrl) {
      const pushTo = modernUrl(r.pushUrl, serviceUrl);
      if (pushTo) out.push({ remote: r.name, key: 'pushurl', from: r.pushUrl, to: pushTo });
    }
  }
  return out;
}

/** The legacy host names involved, for the message (`alpha.visualstudio.com`, `vs-ssh.visualstudio.com`). */
export function legacyHosts(rewrites: readonly RemoteRewrite[]): string[] {
  const hosts = new Set<string>();
  for (const r of rewrites) {
    const scp = /^(?:[^@/\s]+@)?([^@:/\s]+):/.exec(r.from);
    try {
      hosts.add(r.from.includes('://') ? new URL(r.from).hostname.toLowerCase() : (scp?.[1] ?? r.from).toLowerCase());
    } catch {
      hosts.add(r.from);
    }
  }
  return [...hosts];
}
