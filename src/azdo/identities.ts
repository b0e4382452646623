/**
 * Identities and profile pictures: URLs and answers of the identities API (IMS) and the avatar endpoints.
 * Pure logic: no `vscode`, no I/O.
 *
 * - Identities are searched with the documented `GET {ims}/_apis/identities?searchFilter=MailAddress&filterValue=…`.
 *   `{ims}` is where the organization's IMS resource area lives: `https://vssps.dev.azure.com/{org}/` in the cloud
 *   (ResourceAreas tells it, so a configured service URL such as an emulator works too); the collection URL itself
 *   on Azure DevOps Server (which lists no resource areas).
 * - The picture of an identity with a subject descriptor (cloud): `{orgUrl}/_apis/GraphProfile/MemberAvatars/{descriptor}`;
 *   otherwise (server): `{orgUrl}/_api/_common/identityImage?id={id}`. Both need the organization's credentials.
 */

/** IMS, the identities area (GitHub.Services.Identity.IdentityResourceIds.AreaId). */
export const IMS_AREA_ID = '8a3d49b8-91f0-46ef-b33d-dda338c25db3';

export interface IdentityInfo {
  id: string;
  /** Graph subject descriptor (`aad.…`, `msa.…`); absent on Azure DevOps Server. */
  subjectDescriptor?: string;
  displayName: string;
  mail?: string;
}

export type ImageType = 'png' | 'jpeg' | 'gif' | 'webp';

function trimSlashes(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Where to search identities when ResourceAreas names no IMS location. */
export function fallbackIdentitiesBase(organizationUrl: string): string {
  const url = new URL(trimSlashes(organizationUrl));
  const host = url.hostname.toLowerCase();
  const org = url.pathname.split('/').filter(Boolean)[0];
  if (host === 'dev.azure.com' && org) return `https://vssps.dev.azure.com/${org}`;
  const legacy = /^([^.]+)\.visualstudio\.com$/.exec(host);
  if (legacy && legacy[1] !== 'vssps' && legacy[1] !== 'app') return `https://vssps.dev.azure.com/${legacy[1]}`;
  return trimSlashes(organizationUrl);
}

export function identitySearchUrl(base: string, email: string): string {
  const query = new URLSearchParams({ searchFilter: 'MailAddress', filterValue: email, queryMembership: 'None' });
  return `${trimSlashes(base)}/_apis/identities?${query.toString()}`;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** Identities of a `{count, value}` answer (or a bare array); entries without an id are dropped. */
export function parseIdentities(body: unknown): IdentityInfo[] {
  const list = Array.isArray(body) ? body : field(body, 'value');
  if (!Array.isArray(list)) return [];
  const out: IdentityInfo[] = [];
  for (const item of list) {
    const id = text(field(item, 'id'));
    if (!id) continue;
    const properties = field(item, 'properties');
    const mail = text(field(field(properties, 'Mail'), '$value')) ?? text(field(field(properties, 'Account'), '$value'));
    out.push({
      id,
      subjectDescriptor: text(field(item, 'subjectDescriptor')),
      displayName: text(field(item, 'providerDisplayName')) ?? text(field(item, 'customDisplayName')) ?? mail ?? id,
      mail,
    });
  }
  return out;
}

/** The identity whose mail address is `email` (case-insensitive), else the only one found. */
export function pickIdentity(identities: IdentityInfo[], email: string): IdentityInfo | undefined {
  const wanted = email.trim().toLowerCase();
  return identities.find((i) => i.mail?.toLowerCase() === wanted) ?? (identities.length === 1 ? identities[0] : undefined);
}

export function avatarUrl(organizationUrl: string, identity: IdentityInfo): string {
  const base = trimSlashes(organizationUrl);
  return identity.subjectDescriptor
    ? `${base}/_apis/GraphProfile/MemberAvatars/${encodeURIComponent(identity.subjectDescriptor)}`
    : `${base}/_api/_common/identityImage?id=${encodeURIComponent(identity.id)}`;
}

/** The image format by its first bytes (never trusting the content type), or undefined for anything else. */
export function sniffImage(bytes: Uint8Array): ImageType | undefined {
  const starts = (...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'webp';
  return undefined;
}
