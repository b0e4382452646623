/** app.vssps.visualstudio.com stand-in: profile and accounts, for tokens that are not organization-scoped. */
import { optionsReply, connectionData, realmOf, isReply, requireHost } from './api';
import { identitiesRead } from './identities';
import { authenticate, hasProfileScope, isGlobal, isPersonalAccountToken } from './auth';
import type { Ctx, Incoming } from './context';
import { queryParam } from './context';
import { badRequest, collection, errorReply, json, notFound, organizationNotFound, unauthorized, type Reply } from './reply';
import type { TokenRecord } from './state';
import { guidFrom, seg } from './util';

export const VSSPS_INSTANCE_ID = guidFrom('vssps', 'instance');

function requireGlobal(ctx: Ctx, inc: Incoming): TokenRecord | Reply {
  const outcome = authenticate(ctx.state, inc.req.headers.authorization);
  if ('token' in outcome && isGlobal(outcome.token) && !isPersonalAccountToken(outcome.token)) return outcome.token;
  return unauthorized(realmOf(inc), true);
}

/** `{vssps}/{org}/_apis/...`: an organization's areas hosted on vssps (IMS), with the organization's tokens. */
function organizationRequest(ctx: Ctx, inc: Incoming, organization: string, api: string[]): Reply {
  const host = ctx.state.findHost('cloud', organization);
  if (!host) return organizationNotFound(organization, 'cloud');
  const token = requireHost(ctx, inc, host);
  if (isReply(token)) return token;
  const resource = (api[0] ?? '').toLowerCase();
  if (inc.method === 'OPTIONS') return optionsReply('vssps', resource);
  if (resource === 'identities' && api.length === 1) return identitiesRead(ctx, inc, host, token);
  return notFound(`The resource '/${inc.segs.join('/')}' was not found.`, 'ApiResourceNotFoundException');
}

export function vsspsRequest(ctx: Ctx, inc: Incoming): Reply {
  if (inc.segs[0] && !inc.segs[0].startsWith('_') && (inc.segs[1] ?? '').toLowerCase() === '_apis') {
    return organizationRequest(ctx, inc, inc.segs[0], inc.segs.slice(2));
  }
  const [apis, resource, ...rest] = inc.segs;
  if ((apis ?? '').toLowerCase() !== '_apis') return notFound(`The resource '/${inc.segs.join('/')}' was not found.`, 'ApiResourceNotFoundException');
  const token = requireGlobal(ctx, inc);
  if (isReply(token)) return token;
  if (inc.method === 'OPTIONS') return optionsReply('vssps', resource);
  const name = (resource ?? '').toLowerCase();
  if (inc.method !== 'GET') return errorReply(405, `The requested resource does not support http method '${inc.method}'.`, 'HttpMethodNotAllowedException');
  if (name === 'connectiondata') return connectionData(token, 'cloud', VSSPS_INSTANCE_ID);
  if (!hasProfileScope(token)) {
    return errorReply(403, 'VS403403: The personal access token used lacks the vso.profile scope required for this request.', 'InsufficientScopeException', 'Microsoft.VisualStudio.Services.Common');
  }
  if (name === 'profile' && (rest[0] ?? '').toLowerCase() === 'profiles' && rest[1]) {
    const id = rest[1];
    const user = token.user;
    if (id.toLowerCase() !== 'me' && id.toLowerCase() !== user.id.toLowerCase()) {
      return notFound(`VS800034: The profile with id '${id}' was not found.`, 'ProfileNotFoundException');
    }
    return json(200, {
      displayName: user.displayName, publicAlias: user.id, emailAddress: user.email, coreRevision: 1647,
      timeStamp: '2024-01-01T00:00:00.000+00:00', id: user.id, revision: 1647,
    });
  }
  if (name === 'accounts' && rest.length === 0) {
    const memberId = queryParam(inc.query, 'memberId');
    const ownerId = queryParam(inc.query, 'ownerId');
    const who = memberId ?? ownerId;
    if (!who) return badRequest('VS800035: One of the following parameters is required: ownerId, memberId.', 'ArgumentException');
    if (who.toLowerCase() !== token.user.id.toLowerCase()) {
      return errorReply(403, `VS800036: You are not authorized to list the accounts of member '${who}'.`, 'AccountSecurityException', 'Microsoft.VisualStudio.Services.Account');
    }
    const tenant = token.kind === 'entra' ? token.tenant : undefined;
    return collection(ctx.state.memberOrganizations(token.user, tenant).map((h) => ({
      accountId: h.id, accountUri: `${ctx.urls.vssps}/${seg(h.name)}/`, accountName: h.name, properties: {},
    })));
  }
  return notFound(`The resource '/${inc.segs.join('/')}' was not found.`, 'ApiResourceNotFoundException');
}
