/**
 * Identities (IMS) and profile pictures:
 * - `GET {vssps}/{org}/_apis/identities?searchFilter=MailAddress&filterValue=...` (cloud; the IMS resource area
 *   of an organization lives on vssps) and `GET {collection}/_apis/identities?...` (server), in the shape of
 *   `ims/7.1/identities.json` (Identities_Read). Filters: MailAddress, AccountName, DisplayName, General;
 *   or `identityIds=` / `subjectDescriptors=` (comma-separated).
 * - `GET {org}/_apis/GraphProfile/MemberAvatars/{subjectDescriptor}` and
 *   `GET {org}/_api/_common/identityImage?id={identityId}`: a PNG, behind the organization's authentication.
 * Assumption (not documented): identities need a token with the vso.identity scope (or full access); avatars
 * need only a token the organization accepts.
 */
import { avatarPng } from './avatar';
import { hasIdentityScope } from './auth';
import type { Ctx, Incoming } from './context';
import { queryParam } from './context';
import { badRequest, collection, errorReply, notFound, type Reply } from './reply';
import type { Host, TokenRecord, User } from './state';
import { descriptorOf } from './views';

/** An Identity as Identities_Read returns it (see SearchIdentityByEmail.json in the specs). */
export function identityJson(user: User, host: Host): Record<string, unknown> {
  const string = (value: string): Record<string, string> => ({ $type: 'System.String', $value: value });
  const domain = host.kind === 'cloud' ? '72f988bf-86f1-41af-91ab-2d7cd011db47' : 'Windows Live ID';
  return {
    id: user.id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;${domain}\\${user.email}`,
    subjectDescriptor: descriptorOf(user),
    providerDisplayName: user.displayName,
    isActive: true,
    isContainer: false,
    members: [],
    memberOf: [],
    memberIds: [],
    properties: {
      SchemaClassName: string('User'),
      Description: string(''),
      Domain: string(domain),
      Account: string(user.email),
      Mail: string(user.email),
      SpecialType: string('Generic'),
      Alias: string(user.email.split('@')[0] ?? user.email),
    },
    resourceVersion: 2,
    metaTypeId: 0,
  };
}

function usersOf(ctx: Ctx, host: Host): User[] {
  return [...ctx.state.users.values()].filter((u) => ctx.state.isMember(host, u));
}

function matches(filter: string, value: string, user: User): boolean | undefined {
  const v = value.trim().toLowerCase();
  switch (filter.toLowerCase()) {
    case 'mailaddress':
    case 'accountname':
      return user.email.toLowerCase() === v;
    case 'displayname':
      return user.displayName.toLowerCase() === v;
    case 'general':
      return user.email.toLowerCase() === v || user.displayName.toLowerCase() === v || user.email.toLowerCase().startsWith(v);
    default:
      return undefined;
  }
}

export function identitiesRead(ctx: Ctx, inc: Incoming, host: Host, token: TokenRecord): Reply {
  if (inc.method !== 'GET') return errorReply(405, `The requested resource does not support http method '${inc.method}'.`, 'HttpMethodNotAllowedException');
  if (!hasIdentityScope(token)) {
    return errorReply(403, 'VS403403: The personal access token used lacks the vso.identity scope required for this request.', 'InsufficientScopeException', 'Microsoft.VisualStudio.Services.Common');
  }
  const users = usersOf(ctx, host);
  const ids = queryParam(inc.query, 'identityIds');
  const descriptors = queryParam(inc.query, 'subjectDescriptors');
  if (ids || descriptors) {
    const wanted = new Set((ids ?? descriptors ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
    const found = users.filter((u) => wanted.has(ids ? u.id.toLowerCase() : descriptorOf(u).toLowerCase()));
    return collection(found.map((u) => identityJson(u, host)));
  }
  const filter = queryParam(inc.query, 'searchFilter');
  const value = queryParam(inc.query, 'filterValue');
  if (!filter || value === undefined) {
    return badRequest('VS800017: Either identityIds, subjectDescriptors or searchFilter and filterValue must be given.', 'ArgumentException');
  }
  const found: User[] = [];
  for (const user of users) {
    const hit = matches(filter, value, user);
    if (hit === undefined) return badRequest(`The value '${filter}' is not valid for searchFilter.`, 'ArgumentException');
    if (hit) found.push(user);
  }
  return collection(found.map((u) => identityJson(u, host)));
}

function png(user: User): Reply {
  return { status: 200, raw: avatarPng(user.id, user.displayName), headers: { 'content-type': 'image/png', 'cache-control': 'private, max-age=3600' } };
}

/** `GraphProfile/MemberAvatars/{subjectDescriptor}`. */
export function memberAvatar(ctx: Ctx, inc: Incoming, host: Host, descriptor: string | undefined): Reply {
  if (inc.method !== 'GET' && inc.method !== 'HEAD') return errorReply(405, `The requested resource does not support http method '${inc.method}'.`, 'HttpMethodNotAllowedException');
  const user = usersOf(ctx, host).find((u) => descriptorOf(u).toLowerCase() === (descriptor ?? '').toLowerCase());
  if (!user) return notFound(`VS860015: The subject descriptor '${descriptor ?? ''}' does not resolve to a member of this organization.`, 'GraphSubjectNotFoundException');
  return png(user);
}

/** `_api/_common/identityImage?id={identityId}`. */
export function identityImage(ctx: Ctx, inc: Incoming, host: Host): Reply {
  const id = queryParam(inc.query, 'id') ?? '';
  const user = usersOf(ctx, host).find((u) => u.id.toLowerCase() === id.toLowerCase());
  if (!user) return notFound(`The identity '${id}' was not found.`, 'IdentityNotFoundException');
  return png(user);
}
