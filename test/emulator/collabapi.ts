/**
 * Organization routes around pull requests: the identity picker (`POST _apis/IdentityPicker/Identities`),
 * identities (`GET _apis/identities`, with memberships), teams (`GET _apis/teams?$mine=true`), work items
 * (`GET _apis/wit/workitems?ids=`, `POST _apis/wit/wiql`) and policy evaluations (`GET _apis/policy/evaluations`).
 */
import type { Ctx, Incoming } from './context';
import { isRecord, isTrue, queryParam, readJson, str } from './context';
import type { Identity, WorkItem } from './collab';
import { artifactIdOf, evaluate, evaluationJson } from './prpolicy';
import { pickerEntity, teamDescriptor, teamDisplayName, workItemJson, workItemUrl } from './prviews';
import { badRequest, collection, errorReply, json, notFound, type Reply } from './reply';
import type { Host, Project, TokenRecord } from './state';
import { connectionIdentity, descriptorOf, hostUrl } from './views';

const notAllowed = (method: string): Reply => errorReply(405, `The requested resource does not support http method '${method}'.`, 'HttpMethodNotAllowedException');

/** Identities of the organization that match a search: users (members) and teams, by name, email or id. */
function search(ctx: Ctx, host: Host, query: string): Identity[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const users: Identity[] = [...ctx.state.users.values()].filter((u) => ctx.state.isMember(host, u)).map((u) => ({ kind: 'user', id: u.id, user: u }));
  const all: Identity[] = [...users, ...ctx.state.collab.teams(host)];
  return all.filter((i) => {
    const names = i.kind === 'user' ? [i.user.displayName, i.user.email, i.id] : [i.name, i.id];
    return names.some((n) => n.toLowerCase().startsWith(q) || n.toLowerCase().split(/[\s\\[\]]+/).some((w) => w.startsWith(q)));
  });
}

export async function identityPicker(ctx: Ctx, inc: Incoming, host: Host): Promise<Reply> {
  if (inc.method !== 'POST') return notAllowed(inc.method);
  const body = await readJson(inc.req);
  if (!isRecord(body) || typeof body.query !== 'string') return badRequest('The identity picker needs a query.', 'ArgumentNullException');
  const types = Array.isArray(body.identityTypes) ? body.identityTypes.map((t) => String(t).toLowerCase()) : ['user', 'group'];
  const options = isRecord(body.options) ? body.options : {};
  const max = Math.max(1, Number(options.MaxResults ?? options.maxResults ?? 40) || 40);
  const found = search(ctx, host, body.query)
    .filter((i) => types.includes(i.kind === 'user' ? 'user' : 'group'))
    .slice(0, max);
  return json(200, { results: [{ queryToken: body.query, identities: found.map((i) => pickerEntity(ctx.urls, host, i)), pagingToken: null }] });
}

function identityRecord(ctx: Ctx, host: Host, i: Identity, membership: boolean): Record<string, unknown> {
  if (i.kind === 'user') {
    const out: Record<string, unknown> = { ...connectionIdentity(i.user), isContainer: false };
    if (membership) {
      out.memberOf = ctx.state.collab.teamsOf(host, i.user).map((t) => teamDescriptor(t));
      out.members = [];
    }
    return out;
  }
  const out: Record<string, unknown> = {
    id: i.id, descriptor: `Microsoft.TeamFoundation.Identity;${teamDescriptor(i)}`, subjectDescriptor: teamDescriptor(i),
    providerDisplayName: teamDisplayName(i), isActive: true, isContainer: true,
    properties: { SchemaClassName: { $type: 'System.String', $value: 'Group' }, Account: { $type: 'System.String', $value: i.name } },
    resourceVersion: 2, metaTypeId: 255,
  };
  if (membership) {
    out.members = [...i.members].map((key) => ctx.state.users.get(key)).filter((u) => u !== undefined).map((u) => descriptorOf(u));
    out.memberOf = [];
  }
  return out;
}

export function identities(ctx: Ctx, inc: Incoming, host: Host): Reply {
  if (inc.method !== 'GET') return notAllowed(inc.method);
  const membership = (queryParam(inc.query, 'queryMembership') ?? 'none').toLowerCase() !== 'none';
  const ids = queryParam(inc.query, 'identityIds');
  const descriptors = queryParam(inc.query, 'descriptors') ?? queryParam(inc.query, 'subjectDescriptors');
  let found: Identity[];
  if (ids) {
    found = ids.split(',').map((id) => ctx.state.collab.findIdentity(host, id.trim())).filter((i) => i !== undefined);
  } else if (descriptors) {
    const wanted = new Set(descriptors.split(',').map((d) => d.trim().replace(/^Microsoft\.TeamFoundation\.Identity;/, '')));
    const all: Identity[] = [...[...ctx.state.users.values()].map((u) => ({ kind: 'user' as const, id: u.id, user: u })), ...ctx.state.collab.teams(host)];
    found = all.filter((i) => wanted.has(i.kind === 'user' ? descriptorOf(i.user) : teamDescriptor(i)));
  } else if (queryParam(inc.query, 'searchFilter') && queryParam(inc.query, 'filterValue')) {
    found = search(ctx, host, queryParam(inc.query, 'filterValue') ?? '');
  } else {
    return badRequest('Specify identityIds, descriptors or a searchFilter with a filterValue.', 'ArgumentException');
  }
  return collection(found.map((i) => identityRecord(ctx, host, i, membership)));
}

export function teams(ctx: Ctx, inc: Incoming, host: Host, token: TokenRecord): Reply {
  if (inc.method !== 'GET') return notAllowed(inc.method);
  const mine = isTrue(queryParam(inc.query, '$mine'));
  const list = ctx.state.collab.teams(host).filter((t) => !mine || t.members.has(token.user.key));
  const base = hostUrl(ctx.urls, host);
  return collection(list.map((t) => ({
    id: t.id, name: t.name, url: `${base}/_apis/projects/${t.project.id}/teams/${t.id}`, description: `The ${t.name} team.`,
    identityUrl: `${ctx.urls.vssps}/${encodeURIComponent(host.name)}/_apis/Identities/${t.id}`, projectName: t.project.name, projectId: t.project.id,
  })));
}

function hasWorkScope(token: TokenRecord): boolean {
  return !token.scopes || token.scopes.some((s) => s.startsWith('vso.work'));
}

export async function workItemsApi(ctx: Ctx, inc: Incoming, host: Host, project: Project | undefined, segs: string[], token: TokenRecord): Promise<Reply> {
  if (!hasWorkScope(token)) {
    return errorReply(401, 'TF400813: The user is not authorized to access this resource: the personal access token lacks the vso.work scope.', 'UnauthorizedRequestException');
  }
  const resource = (segs[0] ?? '').toLowerCase();
  const all = ctx.state.collab.workItems(host).filter((w) => !project || w.project === project);
  if (resource === 'workitems' && inc.method === 'GET') {
    if (segs[1]) {
      const w = all.find((x) => String(x.id) === segs[1]);
      return w ? json(200, workItemJson(ctx.urls, host, w)) : missingWorkItem(segs[1]);
    }
    const ids = (queryParam(inc.query, 'ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length === 0) return badRequest('VS402328: The ids parameter is required.', 'ArgumentNullException');
    const omit = (queryParam(inc.query, 'errorPolicy') ?? '').toLowerCase() === 'omit' || queryParam(inc.query, 'errorPolicy') === '2';
    const out: (Record<string, unknown> | null)[] = [];
    for (const id of ids) {
      const w = all.find((x) => String(x.id) === id);
      if (!w && !omit) return missingWorkItem(id);
      out.push(w ? workItemJson(ctx.urls, host, w) : null);
    }
    return collection(out);
  }
  if (resource === 'wiql' && inc.method === 'POST') {
    const body = await readJson(inc.req);
    const query = isRecord(body) ? str(body.query) : undefined;
    if (!query) return badRequest('VS402337: The WIQL query is missing.', 'ArgumentNullException');
    const matched = runWiql(query, all, project);
    if (typeof matched === 'string') return badRequest(matched, 'WiqlSyntaxException');
    const top = Number(queryParam(inc.query, '$top') ?? 0) || matched.length;
    return json(200, {
      queryType: 'flat', queryResultType: 'workItem', asOf: new Date().toISOString(),
      columns: [{ referenceName: 'System.Id', name: 'ID', url: `${hostUrl(ctx.urls, host)}/_apis/wit/fields/System.Id` }],
      workItems: matched.slice(0, top).map((w) => ({ id: w.id, url: workItemUrl(ctx.urls, host, w.id) })),
    });
  }
  return notFound(`The resource 'wit/${segs.join('/')}' was not found on this server.`, 'ApiResourceNotFoundException');
}

function missingWorkItem(id: string): Reply {
  return notFound(`TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`, 'WorkItemUnauthorizedAccessException');
}

/**
 * A small WIQL subset: `SELECT ... FROM WorkItems [WHERE cond {AND|OR} cond ...] [ORDER BY ...]` where a
 * condition is `[System.Title] CONTAINS 'text'`, `[System.Id] = n` or `[System.TeamProject] = @project|'name'`
 * (parentheses ignored; AND and OR are applied left to right). Returns an error message for anything else.
 */
export function runWiql(query: string, items: WorkItem[], project: Project | undefined): WorkItem[] | string {
  const match = /^\s*select\s+.+?\s+from\s+workitems\s*(?:where\s+(.+?))?\s*(?:order\s+by\s+.+)?$/is.exec(query);
  if (!match) return 'VS402336: The WIQL query could not be parsed: expected SELECT ... FROM WorkItems [WHERE ...].';
  const where = (match[1] ?? '').replace(/[()]/g, ' ').trim();
  if (!where) return [...items];
  const tokens = where.split(/\s+(and|or)\s+/i);
  let result: WorkItem[] | undefined;
  let op = 'and';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (i % 2 === 1) { op = token.toLowerCase(); continue; }
    const test = condition(token.trim(), project);
    if (typeof test === 'string') return test;
    const hits = items.filter(test);
    result = result === undefined ? hits : op === 'and' ? result.filter((w) => hits.includes(w)) : [...new Set([...result, ...hits])];
  }
  return (result ?? []).sort((a, b) => b.id - a.id);
}

function condition(text: string, project: Project | undefined): ((w: WorkItem) => boolean) | string {
  const contains = /^\[System\.Title\]\s+contains\s+'((?:[^']|'')*)'$/i.exec(text);
  if (contains) {
    const needle = (contains[1] ?? '').replace(/''/g, "'").toLowerCase();
    return (w) => w.title.toLowerCase().includes(needle);
  }
  const id = /^\[System\.Id\]\s*=\s*(\d+)$/i.exec(text);
  if (id) return (w) => w.id === Number(id[1]);
  const proj = /^\[System\.TeamProject\]\s*=\s*(@project|'((?:[^']|'')*)')$/i.exec(text);
  if (proj) {
    const name = proj[1]?.toLowerCase() === '@project' ? project?.name : proj[2]?.replace(/''/g, "'");
    return (w) => name === undefined || w.project.name.toLowerCase() === name.toLowerCase();
  }
  return `VS402337: The WIQL condition "${text}" is not supported by the emulator.`;
}

export function policyEvaluations(ctx: Ctx, inc: Incoming, host: Host, project: Project | undefined, segs: string[]): Reply {
  if ((segs[0] ?? '').toLowerCase() !== 'evaluations' || inc.method !== 'GET') {
    return notFound(`The resource 'policy/${segs.join('/')}' was not found on this server.`, 'ApiResourceNotFoundException');
  }
  const artifactId = queryParam(inc.query, 'artifactId');
  if (!artifactId) return badRequest('The artifactId parameter is required.', 'ArgumentNullException');
  const pr = ctx.state.collab.pullRequests(host).find((p) => artifactIdOf(p).toLowerCase() === artifactId.toLowerCase() && (!project || p.repo.project === project));
  if (!pr) return collection([]);
  return collection(evaluate(pr).map((e) => evaluationJson(ctx.urls, pr, e)));
}
