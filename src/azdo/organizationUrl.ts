/**
 * Turns what a user types when signing in (an organization name, an organization or collection URL, or a
 * pasted repository URL) into an organization reference, and builds the web URLs of an organization.
 * Pure logic: no `vscode`, no I/O.
 *
 * Decisions:
 * - Every Azure DevOps Services input (`myorg`, `https://dev.azure.com/myorg`, `https://myorg.visualstudio.com`,
 *   `https://vssps.dev.azure.com/myorg`, an SSH URL) maps to `${serviceUrl}/{org}`: the configured base.
 * - Input without a scheme whose host has a dot or a port (`dev.azure.com/myorg`, `tfs.contoso.com/tfs/Coll`)
 *   is read as `https://…`.
 * - A user name alone in a URL (`https://myorg@dev.azure.com/…`, as Azure's clone dialog shows it) is
 *   ignored; a password, or a user name longer than any organization name (a token), is refused.
 * - On a server, the collection is the first path segment, or the second after `/tfs`; a pasted server
 *   repository URL gives its collection URL.
 */
import { AzureRemote, DEFAULT_SERVICE_URL, isOtherGitHost, parseRemoteUrl } from './remoteUrl';
import { validateCollectionName, validateOrganizationName } from './validation';

export interface OrganizationRef {
  kind: 'services' | 'server';
  /** The organization, or the collection on a server. */
  name: string;
  /** Canonical URL, no trailing slash. */
  url: string;
}

export interface OrganizationInputOptions {
  /** Configured Azure DevOps Services base URL, by default `https://dev.azure.com`. */
  serviceUrl: string;
}

export type OrganizationInputResult = { ok: true; organization: OrganizationRef } | { ok: false; message: string };

const ORGANIZATION_NAME_MAX = 50;
const EXAMPLE_NAME = 'fabrikam';

function fail(message: string): OrganizationInputResult {
  return { ok: false, message };
}

function trimSlashes(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

function serviceBase(options: OrganizationInputOptions | undefined): string {
  const configured = options?.serviceUrl;
  return trimSlashes(typeof configured === 'string' && configured.trim() ? configured : DEFAULT_SERVICE_URL);
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function servicesOrganization(name: string, base: string): OrganizationInputResult {
  const problem = validateOrganizationName(name);
  if (problem !== undefined) {
    return fail(`${problem} Type the organization name as it appears in ${base}/<organization>, for example "${EXAMPLE_NAME}".`);
  }
  return { ok: true, organization: { kind: 'services', name, url: `${base}/${name}` } };
}

function serverCollection(serverUrl: string, collection: string): OrganizationInputResult {
  const problem = validateCollectionName(collection);
  if (problem !== undefined) {
    return fail(`${problem} Type the collection URL, for example ${serverUrl}/DefaultCollection.`);
  }
  return {
    ok: true,
    organization: { kind: 'server', name: collection, url: `${trimSlashes(serverUrl)}/${encodeURIComponent(collection)}` },
  };
}

/**
 * The organization (or collection) a remote belongs to; `undefined` for an Azure DevOps Server remote
 * parsed from an SSH URL, whose web address is unknown.
 */
export function organizationFromRemote(remote: AzureRemote, options?: OrganizationInputOptions): OrganizationRef | undefined {
  if (remote.kind === 'services') {
    return { kind: 'services', name: remote.organization, url: `${serviceBase(options)}/${remote.organization}` };
  }
  if (!remote.serverUrl) return undefined;
  return {
    kind: 'server',
    name: remote.organization,
    url: `${trimSlashes(remote.serverUrl)}/${encodeURIComponent(remote.organization)}`,
  };
}

function fromRemote(remote: AzureRemote, base: string): OrganizationInputResult {
  if (remote.kind === 'services') return servicesOrganization(remote.organization, base);
  if (!remote.serverUrl) {
    return fail('An SSH URL does not tell the web address of an Azure DevOps Server. Type the collection URL instead, for example https://server/tfs/DefaultCollection.');
  }
  return serverCollection(remote.serverUrl, remote.organization);
}

/**
 * Parses what the user typed to sign in. Never throws; a rejection carries a message naming the rule and
 * what to type instead, and never repeats a password or token.
 */
export function parseOrganizationInput(input: string, options: OrganizationInputOptions): OrganizationInputResult {
  try {
    return parseInput(input, options);
  } catch {
    return fail(`Type an organization name such as "${EXAMPLE_NAME}" or a URL such as https://dev.azure.com/${EXAMPLE_NAME}.`);
  }
}

function parseInput(input: string, options: OrganizationInputOptions): OrganizationInputResult {
  const base = serviceBase(options);
  const text = typeof input === 'string' ? input.trim() : '';
  if (text.length === 0) {
    return fail(`Type an organization name such as "${EXAMPLE_NAME}", its URL such as ${base}/${EXAMPLE_NAME}, or an Azure DevOps Server collection URL such as https://server/tfs/DefaultCollection.`);
  }
  const serviceUrls = [base];

  if (text.includes('://')) return parseUrlInput(text, base, serviceUrls);

  const scp = parseRemoteUrl(text, { serviceUrls });
  if (scp) return fromRemote(scp, base);
  if (looksLikeHost(text)) return parseUrlInput(`https://${text}`, base, serviceUrls);
  const scpHost = /^[^@/\s]+@([^:/\s]+):/.exec(text)?.[1];
  if (scpHost !== undefined) {
    const what = isOtherGitHost(scpHost) ? `${scpHost.toLowerCase()} is not Azure DevOps` : 'That SSH URL is not an Azure Repos URL';
    return fail(`${what}. Type an Azure DevOps organization such as ${base}/${EXAMPLE_NAME}, or paste an Azure Repos clone URL.`);
  }
  if (text.includes('@')) {
    return fail(`Type the organization name or URL, not a user name or e-mail address: for example "${EXAMPLE_NAME}" or ${base}/${EXAMPLE_NAME}.`);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  if (scheme) return unsupportedScheme(scheme[1]);
  return servicesOrganization(text, base);
}

/** `[user@]host.name[:port][/path]` or `host:port[/path]` typed without a scheme. */
function looksLikeHost(text: string): boolean {
  const match = /^([^@/\s]+@)?([a-z0-9.-]+)(:\d+)?(\/.*)?$/i.exec(text);
  if (!match) return false;
  // `me@contoso.com` is an e-mail address, not `user@host`: a user part needs a path or a port after the host.
  if (match[1] !== undefined && match[3] === undefined && match[4] === undefined) return false;
  return match[2].includes('.') || match[3] !== undefined;
}

function unsupportedScheme(scheme: string | undefined): OrganizationInputResult {
  const shown = scheme !== undefined && scheme.length <= 20 ? `"${scheme}:"` : 'this scheme';
  return fail(`URLs starting with ${shown} are not supported: use an https:// (or http://) organization or collection URL, for example ${DEFAULT_SERVICE_URL}/${EXAMPLE_NAME}.`);
}

function credentialsRefused(): OrganizationInputResult {
  return fail('Remove the user name and password (or token) from the URL: the personal access token is asked for separately and stored securely.');
}

function parseUrlInput(text: string, base: string, serviceUrls: string[]): OrganizationInputResult {
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  const scheme = schemeMatch ? schemeMatch[1].toLowerCase() : '';
  const supported = ['https', 'http', 'ssh', 'git+ssh', 'ssh+git'];
  if (!supported.includes(scheme)) return unsupportedScheme(schemeMatch?.[1]);

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`That is not a valid URL. Type an organization URL such as ${base}/${EXAMPLE_NAME} or a collection URL such as https://server/tfs/DefaultCollection.`);
  }
  if (url.password || url.username.length > ORGANIZATION_NAME_MAX) return credentialsRefused();

  const remote = parseRemoteUrl(text, { serviceUrls });
  if (remote) return fromRemote(remote, base);
  if (scheme !== 'https' && scheme !== 'http') {
    return fail(`That SSH URL is not an Azure Repos URL. Type an organization URL such as ${base}/${EXAMPLE_NAME}.`);
  }

  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  const underBase = segmentsUnderBase(url, segments, base);
  if (underBase) return organizationFromFirstSegment(underBase, base, base);
  if (host === 'dev.azure.com' || host === 'vssps.dev.azure.com') {
    return organizationFromFirstSegment(segments, base, `https://${host}`);
  }
  if (host.endsWith('.visualstudio.com')) {
    const labels = host.split('.');
    if (labels.length === 3 && labels[0] !== 'vs-ssh') return servicesOrganization(labels[0], base);
    return fail(`${host} is not an organization URL. Type ${base}/<organization> or https://<organization>.visualstudio.com.`);
  }
  if (host === 'azure.com' || host.endsWith('.azure.com') || host === 'visualstudio.com') {
    return fail(`${host} is not an organization URL. Type ${base}/<organization>, for example ${base}/${EXAMPLE_NAME}.`);
  }
  if (isOtherGitHost(host)) {
    return fail(`${host} is not Azure DevOps. Type an Azure DevOps organization such as ${base}/${EXAMPLE_NAME}.`);
  }
  return serverFromSegments(url, segments);
}

function organizationFromFirstSegment(segments: readonly string[], base: string, shownBase: string): OrganizationInputResult {
  if (segments.length === 0) {
    return fail(`Add the organization name to the URL, for example ${shownBase}/${EXAMPLE_NAME}.`);
  }
  const name = decode(segments[0]);
  if (name === undefined) return fail(`The organization name in that URL is not valid percent-encoding. Type it as ${base}/${EXAMPLE_NAME}.`);
  return servicesOrganization(name, base);
}

/** Segments after the configured base, when the URL lies under it (same origin, path prefix). */
function segmentsUnderBase(url: URL, segments: readonly string[], base: string): string[] | undefined {
  let baseUrl: URL;
  try {
    baseUrl = new URL(base);
  } catch {
    return undefined;
  }
  if (baseUrl.protocol !== url.protocol || baseUrl.host.toLowerCase() !== url.host.toLowerCase()) return undefined;
  const prefix = baseUrl.pathname.split('/').filter((s) => s.length > 0);
  if (prefix.length > segments.length) return undefined;
  const matches = prefix.every((p, i) => p.toLowerCase() === segments[i].toLowerCase());
  return matches ? segments.slice(prefix.length) : undefined;
}

function serverFromSegments(url: URL, segments: readonly string[]): OrganizationInputResult {
  const origin = `${url.protocol}//${url.host.toLowerCase()}`;
  if (segments.length === 0) {
    return fail(`Add the collection name to the server URL, for example ${origin}/tfs/DefaultCollection or ${origin}/DefaultCollection.`);
  }
  const first = segments[0];
  if (first.toLowerCase() === 'tfs') {
    if (segments.length === 1) {
      return fail(`Add the collection name after /${first}, for example ${origin}/${first}/DefaultCollection.`);
    }
    const collection = decode(segments[1]);
    if (collection === undefined) return fail('The collection name in that URL is not valid percent-encoding.');
    return serverCollection(`${origin}/${first}`, collection);
  }
  const collection = decode(first);
  if (collection === undefined) return fail('The collection name in that URL is not valid percent-encoding.');
  return serverCollection(origin, collection);
}

/** A stable lowercase key for storing per-organization data (tokens, settings). */
export function organizationKey(ref: OrganizationRef): string {
  return trimSlashes(ref.url).toLowerCase();
}

/** The organization's (or collection's) home page. */
export function organizationWebUrl(ref: OrganizationRef): string {
  return trimSlashes(ref.url);
}

export function projectWebUrl(ref: OrganizationRef, project: string): string {
  return `${organizationWebUrl(ref)}/${encodeURIComponent(project)}`;
}

export function repositoryWebUrl(ref: OrganizationRef, project: string, repository: string): string {
  return `${projectWebUrl(ref, project)}/_git/${encodeURIComponent(repository)}`;
}

/** Where the user creates personal access tokens for this organization. */
export function tokenSettingsUrl(ref: OrganizationRef): string {
  return `${organizationWebUrl(ref)}/_usersSettings/tokens`;
}
