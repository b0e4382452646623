/**
 * Which signed-in organization's token git needs for a URL. Pure logic (no `vscode`, no I/O), so the unit tests
 * cover every case; the credentials provider (credentialsProvider.ts) feeds it what the Git extension passes.
 *
 * What the Git extension passes (VS Code 1.100, `Askpass.handleAskpass`): git runs VS Code's askpass with its
 * prompt `Username for '<url>': `, and the Git extension calls `getCredentials(Uri.parse(<url>))`. git builds
 * `<url>` as `scheme://[user@]host[:port]` and adds the repository path only when `credential.useHttpPath`
 * is set for that URL. On dev.azure.com (and on the emulator) every organization shares one host, so:
 * - with useHttpPath the path names the organization (`/alpha/Web/_git/web-app`): an exact match;
 * - `{org}.visualstudio.com` hosts name the organization themselves;
 * - on a bare host, one signed-in organization on that host is the answer; with several, the organization of
 *   a git operation the extension itself started (clone, publish) decides, then the organization of the
 *   repositories the "Git: Clone" picker showed last, then the organizations of the repositories open in VS Code
 *   (each only when it leaves exactly one of the candidates);
 * - a user name in the URL (`https://alpha@dev.azure.com`, the form Azure's clone dialog shows) never reaches a
 *   provider: git then asks only for the password, and the Git extension answers password prompts with an input
 *   box without asking providers. It is still matched here (a user name equal to an organization name), for
 *   callers that pass it.
 */
import type { AccountRecord } from '../auth/accountStore';
import { organizationFromRemote, organizationKey } from '../azdo/organizationUrl';
import { DEFAULT_SERVICE_URL, parseRemoteUrl } from '../azdo/remoteUrl';

export type CredentialAccount = Pick<AccountRecord, 'key' | 'kind' | 'name' | 'url'>;

export interface CredentialHints {
  /** Azure DevOps Services base URL (the `azureDevOps.serviceUrl` setting). */
  serviceUrl: string;
  /** Repository URLs of git operations the extension started and that are still running (clone, publish). */
  operations?: readonly string[];
  /**
   * URLs the "Git: Clone" picker showed last (recently): the Git extension clones what the user picked there without
   * telling anyone, so when all of them belong to one organization, that is the one being cloned.
   */
  offered?: readonly string[];
  /** Remote URLs of the repositories open in VS Code. */
  openRemotes?: readonly string[];
}

export type MatchReason = 'path' | 'user' | 'host' | 'onlyAccount' | 'operation' | 'offered' | 'openRepositories';

export type CredentialMatch<A extends CredentialAccount = CredentialAccount> =
  | { kind: 'account'; account: A; reason: MatchReason }
  /** Several organizations share the host and nothing tells them apart. */
  | { kind: 'ambiguous'; candidates: A[] }
  /** No signed-in organization serves this URL (or it is not an Azure DevOps URL). */
  | { kind: 'none' };

function trimSlashes(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The organization key (organizationKey()) a repository URL belongs to, or undefined. */
export function organizationKeyOfUrl(url: string, serviceUrl: string): string | undefined {
  const serviceUrls = serviceUrlsOf(serviceUrl);
  const remote = parseRemoteUrl(url, { serviceUrls });
  if (!remote) return undefined;
  const ref = organizationFromRemote(remote, { serviceUrl: trimSlashes(serviceUrl) || DEFAULT_SERVICE_URL });
  return ref ? organizationKey(ref) : undefined;
}

function serviceUrlsOf(serviceUrl: string): string[] {
  const base = trimSlashes(serviceUrl);
  return base && base.toLowerCase() !== DEFAULT_SERVICE_URL ? [base] : [];
}

/** Accounts that live on the host of `origin`: cloud organizations under the service URL, or server collections. */
function accountsOnHost<A extends CredentialAccount>(origin: string, host: string, accounts: readonly A[], serviceUrl: string): A[] {
  const base = trimSlashes(serviceUrl) || DEFAULT_SERVICE_URL;
  const legacy = /^([a-z0-9-]+)\.visualstudio\.com$/i.exec(host);
  if (legacy && legacy[1].toLowerCase() !== 'vs-ssh' && legacy[1].toLowerCase() !== 'app') {
    const key = `${base}/${legacy[1]}`.toLowerCase();
    return accounts.filter((a) => a.kind === 'services' && a.key === key);
  }
  return accounts.filter((a) => originOf(a.url) === origin);
}

function narrow<A extends CredentialAccount>(candidates: readonly A[], urls: readonly string[] | undefined, serviceUrl: string): A | undefined {
  if (!urls?.length) return undefined;
  const keys = new Set(urls.map((u) => organizationKeyOfUrl(u, serviceUrl)).filter((k): k is string => !!k));
  const hits = candidates.filter((a) => keys.has(a.key));
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * The account whose token git should get for `url` (what the Git extension passed to the credentials provider),
 * or why there is none. Never throws.
 */
export function matchCredentialAccount<A extends CredentialAccount>(url: string, accounts: readonly A[], hints: CredentialHints): CredentialMatch<A> {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { kind: 'none' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { kind: 'none' };
  const origin = `${parsed.protocol}//${parsed.host}`.toLowerCase();
  const candidates = accountsOnHost(origin, parsed.hostname.toLowerCase(), accounts, hints.serviceUrl);
  if (candidates.length === 0) return { kind: 'none' };

  // useHttpPath: the path names the organization or collection.
  if (parsed.pathname.replace(/\/+/g, '/') !== '/') {
    const key = organizationKeyOfUrl(url, hints.serviceUrl) ?? pathKey(parsed, candidates);
    if (key) {
      const account = candidates.find((a) => a.key === key);
      return account ? { kind: 'account', account, reason: 'path' } : { kind: 'none' };
    }
  }
  const user = safeDecode(parsed.username).toLowerCase();
  if (user) {
    const byUser = candidates.filter((a) => a.name.toLowerCase() === user);
    if (byUser.length === 1) return { kind: 'account', account: byUser[0], reason: 'user' };
  }
  if (candidates.length === 1) {
    return { kind: 'account', account: candidates[0], reason: /\.visualstudio\.com$/i.test(parsed.hostname) ? 'host' : 'onlyAccount' };
  }
  const byOperation = narrow(candidates, hints.operations, hints.serviceUrl);
  if (byOperation) return { kind: 'account', account: byOperation, reason: 'operation' };
  const byOffer = narrow(candidates, hints.offered, hints.serviceUrl);
  if (byOffer) return { kind: 'account', account: byOffer, reason: 'offered' };
  const byRemotes = narrow(candidates, hints.openRemotes, hints.serviceUrl);
  if (byRemotes) return { kind: 'account', account: byRemotes, reason: 'openRepositories' };
  return { kind: 'ambiguous', candidates: [...candidates] };
}

/** A path that is not a whole repository URL (e.g. `/alpha` or `/tfs/DefaultCollection/...`): the account whose URL it lies under. */
function pathKey(parsed: URL, candidates: readonly CredentialAccount[]): string | undefined {
  const full = `${parsed.protocol}//${parsed.host}${parsed.pathname}`.toLowerCase().replace(/\/+$/, '');
  const under = candidates.filter((a) => full === a.key || full.startsWith(`${a.key}/`));
  return under.sort((a, b) => b.key.length - a.key.length)[0]?.key;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
