/** REST routes of an organization or collection: locations, connectionData, core; git goes to gitapi.ts. */
import { authenticate, mayAccess, tenantRefuses } from './auth';
import type { Ctx, Incoming } from './context';
import { isTrue, queryParam } from './context';
import { identities, identityPicker, policyEvaluations, teams, workItemsApi } from './collabapi';
import { gitApi } from './gitapi';
import { identitiesRead, memberAvatar } from './identities';
import { cloudResourceAreas, locationsOf, type LocationScope } from './locations';
import { collection, errorReply, json, notFound, projectNotFound, signInPage, unauthorized, type Reply } from './reply';
import type { Host, TokenRecord } from './state';
import { collectionRef, connectionIdentity, hostUrl, projectFull, projectRef } from './views';
import { guidFrom } from './util';

export const CLOUD_DEPLOYMENT_ID = guidFrom('deployment', 'cloud');
export const SERVER_DEPLOYMENT_ID = guidFrom('deployment', 'server');

/** The realm in WWW-Authenticate: the origin the client talked to. */
export function realmOf(inc: Incoming): string {
  return `${new URL(inc.href).origin}/`;
}

/** The token of a request allowed on this organization/collection, or the 401 (or 203 sign-in page) reply. */
export function requireHost(ctx: Ctx, inc: Incoming, host: Host): TokenRecord | Reply {
  const outcome = authenticate(ctx.state, inc.req.headers.authorization);
  if ('token' in outcome && mayAccess(ctx.state, outcome.token, host)) return outcome.token;
  if (host.signInPage) return signInPage(inc.href);
  if ('token' in outcome && ctx.state.isMember(host, outcome.token.user) && tenantRefuses(outcome.token, host)) {
    // What the service says to an Entra token of another directory (the organization is connected to its own tenant).
    return unauthorized(realmOf(inc), true, `VS30063: You are not authorized to access ${hostUrl(ctx.urls, host)}.`);
  }
  return unauthorized(realmOf(inc), host.kind === 'cloud');
}

export function isReply(v: unknown): v is Reply {
  return typeof v === 'object' && v !== null && 'status' in v;
}

export function optionsReply(scope: LocationScope, area: string | undefined): Reply {
  const locations = locationsOf(scope, area ?? '');
  if (!locations) return notFound(`API resource location area '${area ?? ''}' is not registered on this server.`, 'ApiResourceAreaNotFoundException');
  return collection(locations);
}

export function connectionData(token: TokenRecord | undefined, kind: 'cloud' | 'server', instanceId: string): Reply {
  const identity = token ? connectionIdentity(token.user) : undefined;
  return json(200, {
    authenticatedUser: identity, authorizedUser: identity, instanceId,
    deploymentId: kind === 'cloud' ? CLOUD_DEPLOYMENT_ID : SERVER_DEPLOYMENT_ID,
    deploymentType: kind === 'cloud' ? 'hosted' : 'onPremises',
    locationServiceData: {
      serviceOwner: kind === 'cloud' ? '00025394-6065-48ca-87d9-7f5672854ef7' : '00000000-0000-0000-0000-000000000000',
      defaultAccessMappingMoniker: 'PublicAccessMapping', lastChangeId: 1234, lastChangeId64: 1234,
    },
  });
}

function page<T>(items: T[], query: URLSearchParams, defaultTop: number): { items: T[]; next?: number } {
  const top = Math.max(0, Number(queryParam(query, '$top') ?? defaultTop) || defaultTop);
  const skip = Math.max(0, Number(queryParam(query, '$skip') ?? 0) || 0);
  const start = skip + Math.max(0, Number(queryParam(query, 'continuationToken') ?? 0) || 0);
  const slice = items.slice(start, start + top);
  return { items: slice, next: start + top < items.length ? start + top : undefined };
}

/** Project collections: the organization itself in the cloud, every collection on a server. */
export function projectCollections(ctx: Ctx, hosts: Host[], inc: Incoming, id: string | undefined): Reply {
  if (id) {
    const host = hosts.find((h) => h.id.toLowerCase() === id.toLowerCase() || h.name.toLowerCase() === id.toLowerCase());
    if (!host) return notFound(`VS800075: The project collection with identifier '${id}' does not exist.`, 'CollectionDoesNotExistException');
    return json(200, { ...collectionRef(ctx.urls, host), state: 'Started' });
  }
  const { items } = page(hosts, inc.query, 100);
  return collection(items.map((h) => collectionRef(ctx.urls, h)));
}

/** Projects come sorted by name, case and accents aside (one collator: made for each comparison it was most of a listing). */
const byName = new Intl.Collator('en', { sensitivity: 'base' });

/** `{base}/_apis/...` and `{base}/{project}/_apis/...` of an organization or collection. */
export async function hostApi(ctx: Ctx, inc: Incoming, host: Host, projectSeg: string | undefined, api: string[]): Promise<Reply | 'streamed'> {
  const token = requireHost(ctx, inc, host);
  if (isReply(token)) return token;
  const scope: LocationScope = host.kind === 'cloud' ? 'organization' : 'collection';
  if (inc.method === 'OPTIONS') return optionsReply(scope, api[0]);
  const project = projectSeg === undefined ? undefined : ctx.state.findProject(host, projectSeg);
  if (projectSeg !== undefined && !project) return projectNotFound(projectSeg);
  const resource = (api[0] ?? '').toLowerCase();
  const get = inc.method === 'GET' || inc.method === 'HEAD';
  if (resource === 'git') return gitApi(ctx, inc, host, project, api.slice(1), token);
  if (resource === 'graphprofile' && (api[1] ?? '').toLowerCase() === 'memberavatars' && !project) return memberAvatar(ctx, inc, host, api[2]);
  // Identities of a server collection live at the collection; a cloud organization's live on vssps.
  if (resource === 'identities' && host.kind === 'server' && !project) return identitiesRead(ctx, inc, host, token);
  if (resource === 'wit') return workItemsApi(ctx, inc, host, project, api.slice(1), token);
  if (resource === 'policy') return policyEvaluations(ctx, inc, host, project, api.slice(1));
  if (resource === 'identitypicker' && (api[1] ?? '').toLowerCase() === 'identities' && !project) return identityPicker(ctx, inc, host);
  if (resource === 'identities' && !project) return identities(ctx, inc, host);
  if (resource === 'teams' && !project) return teams(ctx, inc, host, token);
  if (resource === 'connectiondata' && get) return connectionData(token, host.kind, host.id);
  if (resource === 'resourceareas' && get) {
    if (host.kind === 'server') return json(200, { count: 0, value: null });
    const areas = cloudResourceAreas(hostUrl(ctx.urls, host), ctx.urls.vssps, host.name);
    if (api[1]) {
      const area = areas.find((a) => a.id === api[1]?.toLowerCase() || a.name.toLowerCase() === api[1]?.toLowerCase());
      return area ? json(200, area) : notFound(`Resource area ${api[1]} was not found.`, 'ResourceAreaNotFoundException');
    }
    return collection(areas);
  }
  if (resource === 'projectcollections' && get) {
    return projectCollections(ctx, host.kind === 'cloud' ? [host] : ctx.state.collections, inc, api[1]);
  }
  if (resource === 'projects' && get && !project) {
    if (api[1]) {
      const p = ctx.state.findProject(host, api[1]);
      if (!p) return projectNotFound(api[1]);
      return json(200, projectFull(ctx.urls, p, isTrue(queryParam(inc.query, 'includeCapabilities'))));
    }
    const state = queryParam(inc.query, 'stateFilter');
    const sorted = [...host.projects].sort((a, b) => byName.compare(a.name, b.name));
    const chosen = state && !['all', 'wellformed'].includes(state.toLowerCase()) ? [] : sorted;
    const { items, next } = page(chosen, inc.query, 100);
    const headers: Record<string, string> = next !== undefined ? { 'x-ms-continuationtoken': String(next) } : {};
    return collection(items.map((p) => projectRef(ctx.urls, p)), headers);
  }
  if (resource === 'projects' || resource === 'projectcollections' || resource === 'connectiondata' || resource === 'resourceareas') {
    return errorReply(405, `The requested resource does not support http method '${inc.method}'.`, 'HttpMethodNotAllowedException');
  }
  return notFound(`The resource '${api.join('/')}' was not found on this server.`, 'ApiResourceNotFoundException');
}
