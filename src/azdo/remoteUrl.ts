/**
 * Parses git remote URLs of Azure Repos (Azure DevOps Services and Azure DevOps Server) and builds the
 * canonical clone URLs. Pure logic: no `vscode`, no I/O.
 *
 * Accepted forms (hosts compared case-insensitively; `_git`, `_ssh`, `_optimized`, `_full`, `v3`, `tfs`
 * and `DefaultCollection` also matched case-insensitively):
 * - `https://[user[:password]@]dev.azure.com/{org}[/{project}]/_git/[_optimized/|_full/]{repo}[/…][?…][#…]`
 * - `https://{org}.visualstudio.com[/DefaultCollection][/{project}]/_git/…` (legacy)
 * - `git@ssh.dev.azure.com:v3/{org}/{project}/{repo}`, `ssh://git@ssh.dev.azure.com[:22]/v3/…`, and the same
 *   on `vs-ssh.visualstudio.com` (legacy)
 * - `ssh://{org}@vs-ssh.visualstudio.com:22/[DefaultCollection/][{project}/]_ssh/{repo}` (legacy)
 * - Azure DevOps Server: `http(s)://server[:port][/tfs]/{collection}[/{project}]/_git/…` and
 *   `ssh://server[:port]/[tfs/]{collection}[/{project}]/(_git|_ssh)/{repo}` (no serverUrl over SSH)
 * - any base URL given in `options.serviceUrls`, treated like `https://dev.azure.com`
 *
 * Decisions on ambiguous forms:
 * - Without a project segment (`…/_git/{repo}`) the project is the repository's name.
 * - A trailing `.git` is kept: Azure Repos does not strip it, and `x.git` is a legal repository name.
 * - Anything after the repository segment (`/pullrequest/12`, `/commit/abc`, a trailing slash), the query
 *   (`?path=…&version=GBmain`) and the fragment are ignored, so browser URLs parse.
 * - On a server, the collection is the first path segment, or the second when the first is `tfs`. When
 *   three segments precede `_git` and the first is not `tfs`, the first is taken as a custom virtual
 *   directory (`https://server/azdo/{collection}/{project}/_git/{repo}`). A collection literally named
 *   `tfs` on a server without virtual directory can't be told apart from the `/tfs` virtual directory.
 * - `http:` is accepted wherever `https:` is; `protocol` is then `'https'` (it means "HTTP(S)") and a
 *   server's `serverUrl` keeps the real scheme.
 * - github.com, gitlab.com and bitbucket.org are never taken for an Azure DevOps Server.
 * - Percent-decoding that fails (`%zz`) makes the URL unparseable rather than keeping the raw text.
 */

export interface AzureRemote {
  /** dev.azure.com / visualstudio.com (or a configured service URL), or Azure DevOps Server. */
  kind: 'services' | 'server';
  /** `'https'` for HTTP and HTTPS, `'ssh'` for SSH. */
  protocol: 'https' | 'ssh';
  /** The organization; on a server, the collection. Decoded. */
  organization: string;
  /** Server over HTTP(S) only: scheme, host, port and virtual directory before the collection, e.g. `https://tfs.contoso.com/tfs`. */
  serverUrl?: string;
  /** Decoded (`Fabrikam Fiber`, not `Fabrikam%20Fiber`). */
  project: string;
  /** Decoded. */
  repository: string;
  /** `{org}.visualstudio.com`, `vs-ssh.visualstudio.com` or the old `ssh://…/_ssh/…` forms. */
  legacy: boolean;
}

export interface ParseRemoteOptions {
  /** Extra base URLs (e.g. the configured `azureDevOps.serviceUrl` of a test emulator) treated like `https://dev.azure.com`. */
  serviceUrls?: readonly string[];
}

export interface CloneUrlOptions {
  /** Base URL used instead of `https://dev.azure.com` for Azure DevOps Services remotes. */
  serviceUrl?: string;
}

export const DEFAULT_SERVICE_URL = 'https://dev.azure.com';
const SERVICES_HOST = 'dev.azure.com';
const SSH_HOST = 'ssh.dev.azure.com';
const LEGACY_SSH_HOST = 'vs-ssh.visualstudio.com';
const LEGACY_HOST_SUFFIX = '.visualstudio.com';
const OTHER_GIT_HOSTS: ReadonlySet<string> = new Set([
  'github.com', 'www.github.com', 'ssh.github.com', 'gist.github.com', 'gitlab.com', 'www.gitlab.com',
  'bitbucket.org', 'www.bitbucket.org', 'altssh.bitbucket.org',
]);

/** True for well-known git hosts that are not Azure DevOps (github.com, gitlab.com, bitbucket.org). */
export function isOtherGitHost(host: string): boolean {
  return OTHER_GIT_HOSTS.has(host.toLowerCase());
}

/** True for hosts that belong to Azure DevOps Services itself (never an Azure DevOps Server). */
function isServicesInfrastructureHost(host: string): boolean {
  return host === SERVICES_HOST || host.endsWith('.' + SERVICES_HOST) || host === 'azure.com'
    || host === 'visualstudio.com' || host.endsWith(LEGACY_HOST_SUFFIX);
}

/**
 * Parses an Azure Repos remote URL (or a repository, file, commit or pull request URL copied from the
 * browser). Returns `undefined` for anything else; never throws.
 */
export function parseRemoteUrl(url: string, options?: ParseRemoteOptions): AzureRemote | undefined {
  try {
    return parse(url, options);
  } catch {
    return undefined;
  }
}

function parse(url: string, options: ParseRemoteOptions | undefined): AzureRemote | undefined {
  if (typeof url !== 'string') return undefined;
  const text = url.trim();
  if (text.length === 0) return undefined;
  if (!text.includes('://')) return parseScpLike(text);

  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  const scheme = parsed.protocol.toLowerCase();
  const host = parsed.hostname.toLowerCase();
  if (!host) return undefined;
  const segments = rawSegments(parsed.pathname);

  if (scheme === 'ssh:' || scheme === 'git+ssh:' || scheme === 'ssh+git:') return parseSshUrl(parsed, host, segments);
  if (scheme !== 'https:' && scheme !== 'http:') return undefined;

  for (const base of options?.serviceUrls ?? []) {
    const rest = stripBase(parsed, segments, base);
    if (rest) return servicesRemote(rest, 'https', false);
  }
  if (host === SERVICES_HOST) return servicesRemote(segments, 'https', false);
  if (host.endsWith(LEGACY_HOST_SUFFIX)) return legacyHttpsRemote(host, segments);
  if (isServicesInfrastructureHost(host) || isOtherGitHost(host)) return undefined;
  return serverHttpRemote(parsed, segments);
}

/** Non-empty path segments, still percent-encoded. */
function rawSegments(pathname: string): string[] {
  return pathname.split('/').filter((s) => s.length > 0);
}

function decode(segment: string): string | undefined {
  try {
    const value = decodeURIComponent(segment);
    return value.length > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

function same(segment: string, literal: string): boolean {
  return segment.toLowerCase() === literal;
}

interface Split {
  before: string[];
  repository: string;
}

/** Splits raw segments at the first marker (`_git`), skipping `_optimized`/`_full`; decodes everything. */
function splitAtMarker(segments: readonly string[], markers: readonly string[]): Split | undefined {
  const index = segments.findIndex((s) => markers.includes(s.toLowerCase()));
  if (index < 0) return undefined;
  let next = index + 1;
  const variant = segments[next];
  if (variant !== undefined && (same(variant, '_optimized') || same(variant, '_full'))) next++;
  const rawRepo = segments[next];
  if (rawRepo === undefined) return undefined;
  const repository = decode(rawRepo);
  if (repository === undefined) return undefined;
  const before: string[] = [];
  for (const raw of segments.slice(0, index)) {
    const value = decode(raw);
    if (value === undefined) return undefined;
    before.push(value);
  }
  return { before, repository };
}

/** `{org}[/{project}]/_git/{repo}` relative to a services base. */
function servicesRemote(segments: readonly string[], protocol: 'https' | 'ssh', legacy: boolean): AzureRemote | undefined {
  const split = splitAtMarker(segments, ['_git']);
  if (!split || split.before.length < 1 || split.before.length > 2) return undefined;
  const [organization, project] = split.before;
  return {
    kind: 'services',
    protocol,
    organization,
    project: project ?? split.repository,
    repository: split.repository,
    legacy,
  };
}

/** `https://{org}.visualstudio.com[/DefaultCollection][/{project}]/_git/{repo}`. */
function legacyHttpsRemote(host: string, segments: readonly string[]): AzureRemote | undefined {
  const labels = host.split('.');
  if (labels.length !== 3 || host === LEGACY_SSH_HOST) return undefined;
  const organization = labels[0];
  const split = splitAtMarker(segments, ['_git']);
  if (!split) return undefined;
  return withOptionalProject('services', 'https', organization, dropDefaultCollection(split.before), split.repository, true);
}

function dropDefaultCollection(before: string[]): string[] {
  return before.length > 0 && same(before[0], 'defaultcollection') ? before.slice(1) : before;
}

function withOptionalProject(
  kind: 'services' | 'server',
  protocol: 'https' | 'ssh',
  organization: string | undefined,
  before: readonly string[],
  repository: string,
  legacy: boolean,
  serverUrl?: string,
): AzureRemote | undefined {
  if (!organization || before.length > 1) return undefined;
  const remote: AzureRemote = {
    kind,
    protocol,
    organization,
    project: before[0] ?? repository,
    repository,
    legacy,
  };
  if (serverUrl !== undefined) remote.serverUrl = serverUrl;
  return remote;
}

interface ServerPath {
  virtualDirectory: string[];
  collection: string;
  project: string[];
}

/** Applies the server rule to the decoded segments before `_git` (raw kept for the virtual directory). */
function serverPath(raw: readonly string[], decoded: readonly string[]): ServerPath | undefined {
  let vdirLength = 0;
  if (decoded.length > 0 && same(decoded[0], 'tfs')) vdirLength = 1;
  else if (decoded.length === 3) vdirLength = 1;
  const rest = decoded.slice(vdirLength);
  if (rest.length < 1 || rest.length > 2) return undefined;
  return { virtualDirectory: raw.slice(0, vdirLength), collection: rest[0], project: rest.slice(1) };
}

function serverHttpRemote(parsed: URL, segments: readonly string[]): AzureRemote | undefined {
  const split = splitAtMarker(segments, ['_git']);
  if (!split) return undefined;
  const path = serverPath(segments, split.before);
  if (!path) return undefined;
  const vdir = path.virtualDirectory.map((s) => '/' + s).join('');
  const serverUrl = `${parsed.protocol.toLowerCase()}//${parsed.host.toLowerCase()}${vdir}`;
  return withOptionalProject('server', 'https', path.collection, path.project, split.repository, false, serverUrl);
}

function parseSshUrl(parsed: URL, host: string, segments: readonly string[]): AzureRemote | undefined {
  if (host === SSH_HOST || host === LEGACY_SSH_HOST) {
    const legacyHost = host === LEGACY_SSH_HOST;
    if (segments.length > 0 && same(segments[0], 'v3')) return v3Remote(segments.slice(1), legacyHost);
    const split = splitAtMarker(segments, ['_ssh']);
    if (!split) return undefined;
    const organization = decode(parsed.username);
    return withOptionalProject('services', 'ssh', organization, dropDefaultCollection(split.before), split.repository, true);
  }
  if (isServicesInfrastructureHost(host) || isOtherGitHost(host)) return undefined;
  const split = splitAtMarker(segments, ['_git', '_ssh']);
  if (!split) return undefined;
  const path = serverPath(segments, split.before);
  if (!path) return undefined;
  return withOptionalProject('server', 'ssh', path.collection, path.project, split.repository, false);
}

/** `{org}/{project}/{repo}` after `v3/`. */
function v3Remote(segments: readonly string[], legacy: boolean): AzureRemote | undefined {
  if (segments.length !== 3) return undefined;
  const [organization, project, repository] = segments.map(decode);
  if (organization === undefined || project === undefined || repository === undefined) return undefined;
  return { kind: 'services', protocol: 'ssh', organization, project, repository, legacy };
}

/** `[user@]host:path` (scp-like syntax), accepted for the Azure DevOps SSH hosts only. */
function parseScpLike(text: string): AzureRemote | undefined {
  const match = /^(?:[^@/\s]+@)?([^@:/\s]+):(.*)$/.exec(text);
  if (!match) return undefined;
  const host = match[1].toLowerCase();
  if (host !== SSH_HOST && host !== LEGACY_SSH_HOST) return undefined;
  const segments = rawSegments(match[2]);
  if (segments.length === 0 || !same(segments[0], 'v3')) return undefined;
  return v3Remote(segments.slice(1), host === LEGACY_SSH_HOST);
}

/** When `parsed` lies under `base` (same scheme, host and port, path prefix), the segments after it. */
function stripBase(parsed: URL, segments: readonly string[], base: string): string[] | undefined {
  let baseUrl: URL;
  try {
    baseUrl = new URL(base.trim());
  } catch {
    return undefined;
  }
  if (baseUrl.protocol.toLowerCase() !== parsed.protocol.toLowerCase()) return undefined;
  if (baseUrl.host.toLowerCase() !== parsed.host.toLowerCase()) return undefined;
  const prefix = rawSegments(baseUrl.pathname);
  if (prefix.length > segments.length) return undefined;
  for (let i = 0; i < prefix.length; i++) {
    if ((decode(prefix[i]) ?? prefix[i]).toLowerCase() !== (decode(segments[i]) ?? segments[i]).toLowerCase()) {
      return undefined;
    }
  }
  return segments.slice(prefix.length);
}

function trimSlashes(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/**
 * The canonical HTTPS clone URL: `https://dev.azure.com/{org}/{project}/_git/{repo}` (or under
 * `options.serviceUrl`), or `{serverUrl}/{collection}/{project}/_git/{repo}` on a server. Each name is
 * encoded with encodeURIComponent. Throws for a server remote without `serverUrl` (parsed from an SSH URL):
 * its web address can't be derived from the SSH host.
 */
export function toHttpsUrl(remote: AzureRemote, options?: CloneUrlOptions): string {
  const tail = `${encodeURIComponent(remote.project)}/_git/${encodeURIComponent(remote.repository)}`;
  if (remote.kind === 'server') {
    if (!remote.serverUrl) {
      throw new Error('The HTTPS URL of an Azure DevOps Server repository reached over SSH is unknown: the SSH URL does not tell the server\'s web address.');
    }
    return `${trimSlashes(remote.serverUrl)}/${encodeURIComponent(remote.organization)}/${tail}`;
  }
  const base = trimSlashes(options?.serviceUrl ?? DEFAULT_SERVICE_URL);
  return `${base}/${encodeURIComponent(remote.organization)}/${tail}`;
}

/**
 * The SSH clone URL: `git@ssh.dev.azure.com:v3/{org}/{project}/{repo}` for Azure DevOps Services, or
 * `ssh://{host}:22[/{vdir}]/{collection}/{project}/_git/{repo}` on a server (22 is the server's default SSH
 * port; an administrator may have changed it). Throws for a server remote without `serverUrl`.
 */
export function toSshUrl(remote: AzureRemote): string {
  const project = encodeURIComponent(remote.project);
  const repository = encodeURIComponent(remote.repository);
  if (remote.kind === 'services') {
    return `git@${SSH_HOST}:v3/${encodeURIComponent(remote.organization)}/${project}/${repository}`;
  }
  if (!remote.serverUrl) {
    throw new Error('The SSH URL of this Azure DevOps Server repository is unknown: its server URL is missing.');
  }
  const server = new URL(remote.serverUrl);
  const vdir = trimSlashes(server.pathname);
  return `ssh://${server.hostname}:22${vdir}/${encodeURIComponent(remote.organization)}/${project}/_git/${repository}`;
}
