/** Git REST routes: repositories (list, get, create, fork, update, delete), refs, branch stats, forks, pushes. */
import { hasCodeScope } from './auth';
import type { Ctx, Incoming } from './context';
import { isRecord, isTrue, queryParam, readJson, str } from './context';
import { pullRequestApi } from './prapi';
import { blob, fileAt } from './prgit';
import { commitJson, createPush, pushJson } from './pushes';
import {
  badRequest, collection, contributeDeniedMessage, errorReply, json, missingScope, notFound, repoNotFound, type Reply,
} from './reply';
import type { Host, Project, Repo, TokenRecord } from './state';
import { identityRef, repoApiUrl, repoJson, repoRef } from './views';

function wantsWrite(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method);
}

export async function gitApi(ctx: Ctx, inc: Incoming, host: Host, project: Project | undefined, segs: string[], token: TokenRecord): Promise<Reply> {
  if (!hasCodeScope(token, wantsWrite(inc.method))) {
    return missingScope(token.user.displayName, wantsWrite(inc.method) ? 'GenericContribute' : 'GenericRead');
  }
  if ((segs[0] ?? '').toLowerCase() === 'pullrequests') return pullRequestApi(ctx, inc, host, project, undefined, segs.slice(1), token);
  if ((segs[0] ?? '').toLowerCase() !== 'repositories') {
    return notFound(`The resource 'git/${segs.join('/')}' was not found on this server.`, 'ApiResourceNotFoundException');
  }
  if (segs.length === 1) {
    if (inc.method === 'GET') {
      const repos = project ? project.repos : ctx.state.allRepos(host);
      const links = isTrue(queryParam(inc.query, 'includeLinks'));
      return listing(ctx, project ?? host, repos, links);
    }
    if (inc.method === 'POST') return createRepository(ctx, inc, host, project, token);
    return methodNotAllowed(inc.method);
  }
  const idOrName = segs[1] ?? '';
  const repo = ctx.state.findRepo(host, project, idOrName);
  if (!repo) return repoNotFound(idOrName);
  const sub = (segs[2] ?? '').toLowerCase();
  if (segs.length === 2) {
    if (inc.method === 'GET') return json(200, repoJson(ctx.urls, repo, true));
    if (inc.method === 'DELETE') {
      // Forks outlive their parent: build them from it before it goes.
      for (const fork of ctx.state.allRepos(host).filter((r) => r.parent === repo)) await ctx.store.ensure(fork);
      ctx.state.deleteRepo(repo);
      await ctx.store.remove(repo);
      return { status: 204 };
    }
    if (inc.method === 'PATCH') return updateRepository(ctx, inc, repo);
    return methodNotAllowed(inc.method);
  }
  if (sub === 'forks' && inc.method === 'GET') {
    const collectionId = segs[3];
    const forks = ctx.state.allRepos(host).filter((r) => r.parent === repo);
    const matches = !collectionId || collectionId.toLowerCase() === host.id.toLowerCase();
    return collection(matches ? forks.map((r) => repoRef(ctx.urls, r)) : []);
  }
  if (repo.isDisabled) return repoNotFound(idOrName);
  if (sub === 'pullrequests') return pullRequestApi(ctx, inc, host, project, repo, segs.slice(3), token);
  if (sub === 'blobs' && segs[3] && inc.method === 'GET') return blobReply(ctx, inc, repo, segs[3]);
  if (sub === 'items' && inc.method === 'GET') return itemReply(ctx, inc, repo);
  if (sub === 'commits' && segs[3] && inc.method === 'GET') {
    const exists = await blobOrCommit(ctx, repo, segs[3]);
    return exists ? json(200, commitJson(ctx, repo, await ctx.store.commit(repo, segs[3]))) : notFound(`TF401175: The commit ${segs[3]} could not be found.`, 'GitUnresolvableToCommitException');
  }
  if (sub === 'refs' && inc.method === 'GET') return listRefs(ctx, inc, repo);
  if (sub === 'stats' && (segs[3] ?? '').toLowerCase() === 'branches' && inc.method === 'GET') return branchStats(ctx, inc, repo);
  if (sub === 'pushes') {
    if (inc.method === 'POST') {
      if (!ctx.state.mayContribute(repo, token.user)) {
        return errorReply(403, contributeDeniedMessage(token.user.displayName), 'GitNeedsPermissionException', 'Microsoft.TeamFoundation.Git.Server');
      }
      return createPush(ctx, repo, token, await readJson(inc.req));
    }
    if (inc.method === 'GET') {
      const id = segs[3];
      if (id) {
        const push = repo.pushes.find((p) => String(p.pushId) === id);
        return push ? json(200, pushJson(ctx, repo, push)) : notFound(`TF401180: The requested push ${id} could not be found.`, 'GitPushNotFoundException');
      }
      return collection([...repo.pushes].reverse().map((p) => pushJson(ctx, repo, p)));
    }
  }
  return notFound(`The resource 'git/${segs.join('/')}' was not found on this server.`, 'ApiResourceNotFoundException');
}

/**
 * Repository listings are cached, serialized: an organization's 200 repositories cost ~2 ms of this single
 * thread to build, and 50 organizations asked at once would queue behind each other here, where the service
 * answers them on many machines. The cache holds every request that may have changed data (the epoch) and the
 * fields that change without one (a repository built on first git access gets its measured size), compared one
 * by one: a key string made for each request was most of the time a cached listing took.
 */
const listings = new WeakMap<object, { epoch: number; links: boolean; fields: unknown[]; text: string }>();

const FIELDS = 6;

function listingFields(repos: Repo[]): unknown[] {
  const fields: unknown[] = [];
  for (const r of repos) fields.push(r, r.id, r.name, r.defaultBranch, r.size, r.isDisabled);
  return fields;
}

function sameFields(fields: unknown[], repos: Repo[]): boolean {
  if (fields.length !== repos.length * FIELDS) return false;
  for (let i = 0; i < repos.length; i++) {
    const r = repos[i];
    const at = i * FIELDS;
    if (fields[at] !== r || fields[at + 1] !== r.id || fields[at + 2] !== r.name || fields[at + 3] !== r.defaultBranch
      || fields[at + 4] !== r.size || fields[at + 5] !== r.isDisabled) return false;
  }
  return true;
}

function listing(ctx: Ctx, scope: object, repos: Repo[], links: boolean): Reply {
  let entry = listings.get(scope);
  if (entry?.epoch !== ctx.knobs.epoch || entry.links !== links || !sameFields(entry.fields, repos)) {
    entry = { epoch: ctx.knobs.epoch, links, fields: listingFields(repos), text: JSON.stringify({ count: repos.length, value: repos.map((r) => repoJson(ctx.urls, r, links)) }) };
    listings.set(scope, entry);
  }
  return { status: 200, serialized: entry.text, headers: {} };
}

function methodNotAllowed(method: string): Reply {
  return errorReply(405, `The requested resource does not support http method '${method}'.`, 'HttpMethodNotAllowedException');
}

async function createRepository(ctx: Ctx, inc: Incoming, host: Host, routeProject: Project | undefined, token: TokenRecord): Promise<Reply> {
  const body = await readJson(inc.req);
  if (!isRecord(body)) return badRequest('The request body is missing or is not valid JSON.', 'ArgumentNullException');
  const name = str(body.name)?.trim();
  if (!name) return badRequest('TF200006: The repository name cannot be empty.', 'ArgumentException');
  if (/[\\/:*?"<>|;#$%&+,=@[\]^`{}~]/.test(name) || name.startsWith('_') || name.endsWith('.')) {
    return badRequest(`TF401025: '${name}' is not a valid name. Names cannot contain Unicode control characters, reserved characters, start with an underscore or end with a period.`, 'InvalidGitRepositoryNameException');
  }
  const bodyProject = isRecord(body.project) ? str(body.project.id) ?? str(body.project.name) : undefined;
  const project = routeProject ?? (bodyProject ? ctx.state.findProject(host, bodyProject) : undefined);
  if (!project) return badRequest('A project must be specified in the route or in the request body.', 'ArgumentNullException');
  if (project.repos.some((r) => r.name.toLowerCase() === name.toLowerCase())) {
    return errorReply(409, `TF400948: A Git repository with the name ${name} already exists.`, 'GitRepositoryNameAlreadyExistsException', 'Microsoft.TeamFoundation.Git.Server');
  }
  let parent: Repo | undefined;
  if (isRecord(body.parentRepository)) {
    const parentId = str(body.parentRepository.id) ?? str(body.parentRepository.name) ?? '';
    const parentProjectRef = isRecord(body.parentRepository.project) ? str(body.parentRepository.project.id) ?? str(body.parentRepository.project.name) : undefined;
    const parentProject = parentProjectRef ? ctx.state.findProject(host, parentProjectRef) : undefined;
    parent = ctx.state.findRepo(host, parentProject, parentId);
    if (!parent) return repoNotFound(parentId);
  }
  let sourceRef = queryParam(inc.query, 'sourceRef');
  if (sourceRef && !sourceRef.startsWith('refs/')) sourceRef = `refs/heads/${sourceRef}`;
  const repo = ctx.state.createRepo(project, name, token.user, parent, parent ? sourceRef : undefined);
  if (parent) await ctx.store.ensure(repo);
  return json(201, repoJson(ctx.urls, repo));
}

async function updateRepository(ctx: Ctx, inc: Incoming, repo: Repo): Promise<Reply> {
  const body = await readJson(inc.req);
  if (!isRecord(body)) return badRequest('The request body is missing or is not valid JSON.', 'ArgumentNullException');
  if (typeof body.isDisabled === 'boolean') repo.isDisabled = body.isDisabled;
  const name = str(body.name);
  if (name && name !== repo.name) {
    if (repo.project.repos.some((r) => r !== repo && r.name.toLowerCase() === name.toLowerCase())) {
      return errorReply(409, `TF400948: A Git repository with the name ${name} already exists.`, 'GitRepositoryNameAlreadyExistsException', 'Microsoft.TeamFoundation.Git.Server');
    }
    repo.name = name;
  }
  const branch = str(body.defaultBranch);
  if (branch) {
    const full = branch.startsWith('refs/') ? branch : `refs/heads/${branch}`;
    repo.defaultBranch = full;
    await ctx.store.setHead(repo, full);
  }
  return json(200, repoJson(ctx.urls, repo));
}

async function listRefs(ctx: Ctx, inc: Incoming, repo: Repo): Promise<Reply> {
  const filter = queryParam(inc.query, 'filter');
  const contains = queryParam(inc.query, 'filterContains');
  const peel = isTrue(queryParam(inc.query, 'peelTags'));
  let refs = (await ctx.store.refs(repo)).filter((r) => r.name.startsWith('refs/heads/') || r.name.startsWith('refs/tags/') || r.name.startsWith('refs/pull/'));
  if (filter) refs = refs.filter((r) => r.name.startsWith(`refs/${filter.replace(/^refs\//, '')}`));
  if (contains) refs = refs.filter((r) => r.name.toLowerCase().includes(contains.toLowerCase()));
  const top = Number(queryParam(inc.query, '$top') ?? 0) || refs.length;
  const start = Number(queryParam(inc.query, 'continuationToken') ?? 0) || 0;
  const page = refs.slice(start, start + top);
  const headers: Record<string, string> = start + top < refs.length ? { 'x-ms-continuationtoken': String(start + top) } : {};
  const creator = identityRef(ctx.urls, repo.project.host, repo.creator);
  return collection(page.map((r) => {
    const out: Record<string, unknown> = {
      name: r.name, objectId: r.objectId, creator,
      url: `${repoApiUrl(ctx.urls, repo)}/refs?filter=${encodeURIComponent(r.name.slice('refs/'.length))}`,
    };
    if (peel && r.peeledObjectId) out.peeledObjectId = r.peeledObjectId;
    return out;
  }), headers);
}

async function branchStats(ctx: Ctx, inc: Incoming, repo: Repo): Promise<Reply> {
  const heads = (await ctx.store.refs(repo)).filter((r) => r.name.startsWith('refs/heads/'));
  const baseName = queryParam(inc.query, 'baseVersionDescriptor.version') ?? repo.defaultBranch?.slice('refs/heads/'.length);
  const base = heads.find((h) => h.name === `refs/heads/${baseName ?? ''}`);
  const api = repoApiUrl(ctx.urls, repo);
  const stats = async (head: { name: string; objectId: string }): Promise<Record<string, unknown>> => {
    const commit = await ctx.store.commit(repo, head.objectId);
    const { ahead, behind } = base ? await ctx.store.aheadBehind(repo, base.objectId, head.objectId) : { ahead: 0, behind: 0 };
    return {
      commit: { ...commit, url: `${api}/commits/${commit.commitId}` },
      name: head.name.slice('refs/heads/'.length), aheadCount: ahead, behindCount: behind,
      isBaseVersion: base !== undefined && head.name === base.name,
    };
  };
  const name = queryParam(inc.query, 'name');
  if (name) {
    const head = heads.find((h) => h.name === `refs/heads/${name.replace(/^refs\/heads\//, '')}`);
    if (!head) {
      return errorReply(404, `TF401175:The version descriptor <Branch: ${name} > could not be resolved to a version in the repository ${repo.name}`,
        'GitUnresolvableToCommitException', 'Microsoft.TeamFoundation.Git.Server');
    }
    return json(200, await stats(head));
  }
  const all: Record<string, unknown>[] = [];
  for (const head of heads) all.push(await stats(head));
  return collection(all);
}

async function blobOrCommit(ctx: Ctx, repo: Repo, sha: string): Promise<boolean> {
  if (!/^[0-9a-f]{40}$/i.test(sha)) return false;
  return (await ctx.store.commitExists(repo, sha));
}

function wantsRaw(inc: Incoming, type: RegExp): boolean {
  const format = (queryParam(inc.query, '$format') ?? '').toLowerCase();
  return type.test(String(inc.req.headers.accept ?? '')) || format === 'octetstream' || format === 'text';
}

/** `R/blobs/{sha1}`: the raw content (Accept application/octet-stream or $format=octetstream), else a GitBlobRef. */
async function blobReply(ctx: Ctx, inc: Incoming, repo: Repo, sha: string): Promise<Reply> {
  const content = await blob(await ctx.store.ensure(repo), sha.toLowerCase());
  if (!content) return notFound(`TF401174: The blob ${sha} could not be found in the repository.`, 'GitItemNotFoundException');
  if (wantsRaw(inc, /octet-stream/i)) return { status: 200, raw: content, headers: { 'content-type': 'application/octet-stream' } };
  return json(200, { objectId: sha.toLowerCase(), size: content.length, url: `${repoApiUrl(ctx.urls, repo)}/blobs/${sha.toLowerCase()}` });
}

/** `R/items?path=&versionDescriptor.version=`: a file's text (Accept text/plain) or its GitItem with content. */
async function itemReply(ctx: Ctx, inc: Incoming, repo: Repo): Promise<Reply> {
  const path = queryParam(inc.query, 'path') ?? queryParam(inc.query, 'scopePath') ?? '/';
  const version = queryParam(inc.query, 'versionDescriptor.version') ?? repo.defaultBranch?.replace(/^refs\/heads\//, '') ?? 'HEAD';
  const content = await fileAt(await ctx.store.ensure(repo), version, path);
  if (!content) return notFound(`TF401174: The item '${path}' could not be found in the repository '${repo.name}' at the version specified by '<Branch: ${version} >' (resolved to commit '').`, 'GitItemNotFoundException');
  if (wantsRaw(inc, /text\/plain|octet-stream/i)) return { status: 200, raw: content, headers: { 'content-type': 'text/plain; charset=utf-8' } };
  const out: Record<string, unknown> = { path: path.startsWith('/') ? path : `/${path}`, gitObjectType: 'blob', url: `${repoApiUrl(ctx.urls, repo)}/items?path=${encodeURIComponent(path)}` };
  if (isTrue(queryParam(inc.query, 'includeContent'))) out.content = content.toString('utf8');
  return json(200, out);
}
