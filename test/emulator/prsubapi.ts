/**
 * Sub-resources of a pull request: reviewers (PUT one = add or vote, POST many, DELETE), threads (list, create),
 * iterations and their changes, commits, statuses (status checks), labels and linked work items.
 */
import type { Ctx, Incoming } from './context';
import { isRecord, queryParam, readJson, str } from './context';
import type { PullRequest, Reviewer, Thread } from './collab';
import { changesBetween } from './prgit';
import { commitsJson, enumValue } from './prapi';
import { tryAutoComplete } from './prpolicy';
import { prApiUrl, reviewerJson, workItemRef } from './prviews';
import { badRequest, collection, errorReply, json, notFound, type Reply } from './reply';
import type { TokenRecord } from './state';
import { identityRef, repoApiUrl } from './views';

const VOTES = new Set([10, 5, 0, -5, -10]);
const THREAD_STATUS = ['unknown', 'active', 'fixed', 'wontFix', 'closed', 'byDesign', 'pending'] as const;
const STATUS_STATE = ['notSet', 'pending', 'succeeded', 'failed', 'error', 'notApplicable'] as const;

const notAllowed = (method: string): Reply => errorReply(405, `The requested resource does not support http method '${method}'.`, 'HttpMethodNotAllowedException');

export async function pullRequestSubApi(ctx: Ctx, inc: Incoming, pr: PullRequest, segs: string[], token: TokenRecord): Promise<Reply> {
  const what = (segs[0] ?? '').toLowerCase();
  switch (what) {
    case 'reviewers': return reviewersApi(ctx, inc, pr, segs[1], token);
    case 'threads': return threadsApi(ctx, inc, pr, segs[1], token);
    case 'iterations': return iterationsApi(ctx, inc, pr, segs.slice(1));
    case 'commits':
      if (inc.method !== 'GET') return notAllowed(inc.method);
      return collection(await commitsJson(ctx, pr));
    case 'statuses': return statusesApi(ctx, inc, pr, token);
    case 'labels': return labelsApi(ctx, inc, pr, segs[1]);
    case 'workitems':
      if (inc.method !== 'GET') return notAllowed(inc.method);
      return collection(pr.workItemIds.map((id) => workItemRef(ctx.urls, pr.repo.project.host, id)));
    default:
      return notFound(`The resource 'pullRequests/${pr.id}/${segs.join('/')}' was not found on this server.`, 'ApiResourceNotFoundException');
  }
}

function ensureActive(pr: PullRequest): Reply | undefined {
  if (pr.status === 'active') return undefined;
  return badRequest(`The pull request ${pr.id} is ${pr.status}: reviewers and votes can only change while it is active.`);
}

async function reviewersApi(ctx: Ctx, inc: Incoming, pr: PullRequest, reviewerId: string | undefined, token: TokenRecord): Promise<Reply> {
  const host = pr.repo.project.host;
  if (inc.method === 'GET') {
    if (!reviewerId) return collection(pr.reviewers.map((r) => reviewerJson(ctx.urls, pr, r)));
    const r = pr.reviewers.find((x) => x.identity.id.toLowerCase() === reviewerId.toLowerCase());
    return r ? json(200, reviewerJson(ctx.urls, pr, r)) : notFound(`The reviewer ${reviewerId} is not a reviewer of pull request ${pr.id}.`);
  }
  const inactive = ensureActive(pr);
  if (inactive) return inactive;
  if (inc.method === 'DELETE' && reviewerId) {
    const index = pr.reviewers.findIndex((x) => x.identity.id.toLowerCase() === reviewerId.toLowerCase());
    if (index >= 0) pr.reviewers.splice(index, 1);
    await tryAutoComplete(ctx, pr);
    return { status: 204 };
  }
  const body = await readJson(inc.req);
  if (inc.method === 'POST' && !reviewerId) {
    if (!Array.isArray(body)) return badRequest('The body must be a list of reviewers.', 'ArgumentNullException');
    const added: Reviewer[] = [];
    for (const raw of body) {
      const id = isRecord(raw) ? str(raw.id) : undefined;
      const r = id ? upsert(ctx, pr, id, { isRequired: isRecord(raw) && raw.isRequired === true }, token) : undefined;
      if (!r || typeof r === 'string') return badRequest(typeof r === 'string' ? r : `The reviewer identity ${id ?? '(none)'} could not be found.`, 'IdentityNotFoundException');
      added.push(r);
    }
    await tryAutoComplete(ctx, pr);
    return collection(added.map((r) => reviewerJson(ctx.urls, pr, r)));
  }
  if ((inc.method === 'PUT' || inc.method === 'PATCH') && reviewerId) {
    if (!isRecord(body)) return badRequest('The request body is missing or is not valid JSON.', 'ArgumentNullException');
    if (!ctx.state.collab.findIdentity(host, reviewerId)) return badRequest(`The reviewer identity ${reviewerId} could not be found.`, 'IdentityNotFoundException');
    const r = upsert(ctx, pr, reviewerId, body, token);
    if (typeof r === 'string') return badRequest(r);
    if (!r) return badRequest(`The reviewer identity ${reviewerId} could not be found.`, 'IdentityNotFoundException');
    await tryAutoComplete(ctx, pr);
    return json(200, reviewerJson(ctx.urls, pr, r));
  }
  return notAllowed(inc.method);
}

/** Adds a reviewer or changes one; a vote can only be cast for yourself. Returns an error message for a refused change. */
function upsert(ctx: Ctx, pr: PullRequest, id: string, body: Record<string, unknown>, token: TokenRecord): Reviewer | string | undefined {
  const identity = ctx.state.collab.findIdentity(pr.repo.project.host, id);
  if (!identity) return undefined;
  let r = pr.reviewers.find((x) => x.identity.id === identity.id);
  const self = identity.kind === 'user' && identity.user.id === token.user.id;
  if (body.vote !== undefined) {
    const vote = Number(body.vote);
    if (!VOTES.has(vote)) return `The vote ${String(body.vote)} is not valid: use 10, 5, 0, -5 or -10.`;
    if (!self && vote !== (r?.vote ?? 0)) return `${token.user.displayName} cannot vote on behalf of ${identity.kind === 'user' ? identity.user.displayName : identity.name}: a reviewer can only set their own vote.`;
  }
  if (!r) {
    r = { identity, vote: 0, isRequired: false, isFlagged: false, hasDeclined: false };
    pr.reviewers.push(r);
  }
  if (self && body.vote !== undefined) r.vote = Number(body.vote);
  if (typeof body.isRequired === 'boolean') r.isRequired = body.isRequired;
  if (typeof body.isFlagged === 'boolean') r.isFlagged = body.isFlagged;
  if (self && typeof body.hasDeclined === 'boolean') r.hasDeclined = body.hasDeclined;
  return r;
}

function threadJson(ctx: Ctx, pr: PullRequest, t: Thread): Record<string, unknown> {
  const host = pr.repo.project.host;
  const url = `${prApiUrl(ctx.urls, pr)}/threads/${t.id}`;
  const out: Record<string, unknown> = {
    pullRequestThreadContext: null, id: t.id, publishedDate: t.publishedDate, lastUpdatedDate: t.lastUpdatedDate,
    comments: t.comments.map((c) => ({
      id: c.id, parentCommentId: 0, author: identityRef(ctx.urls, host, c.author), content: c.content,
      publishedDate: c.publishedDate, lastUpdatedDate: c.publishedDate, lastContentUpdatedDate: c.publishedDate,
      commentType: c.commentType, usersLiked: [], _links: { self: { href: `${url}/comments/${c.id}` } },
    })),
    status: t.status,
    threadContext: t.filePath ? { filePath: t.filePath, rightFileStart: { line: t.line ?? 1, offset: 1 }, rightFileEnd: { line: t.line ?? 1, offset: 1 } } : null,
    properties: {}, isDeleted: false, _links: { self: { href: url } },
  };
  return out;
}

async function threadsApi(ctx: Ctx, inc: Incoming, pr: PullRequest, threadId: string | undefined, token: TokenRecord): Promise<Reply> {
  if (inc.method === 'GET') {
    if (!threadId) return collection(pr.threads.map((t) => threadJson(ctx, pr, t)));
    const t = pr.threads.find((x) => String(x.id) === threadId);
    return t ? json(200, threadJson(ctx, pr, t)) : notFound(`The thread ${threadId} does not exist.`);
  }
  if (inc.method !== 'POST' || threadId) return notAllowed(inc.method);
  const body = await readJson(inc.req);
  if (!isRecord(body) || !Array.isArray(body.comments) || body.comments.length === 0) return badRequest('A thread needs at least one comment.', 'ArgumentNullException');
  const now = new Date().toISOString();
  const context = isRecord(body.threadContext) ? body.threadContext : undefined;
  const thread: Thread = {
    id: ctx.state.collab.nextThreadId(pr.repo.project.host), status: enumValue(body.status, THREAD_STATUS) ?? 'active', publishedDate: now, lastUpdatedDate: now,
    comments: body.comments.filter(isRecord).map((c, i) => ({
      id: i + 1, author: token.user, content: str(c.content) ?? '', publishedDate: now,
      commentType: enumValue(c.commentType, ['unknown', 'text', 'codeChange', 'system'] as const) === 'system' ? 'system' : 'text',
    })),
    filePath: context ? str(context.filePath) : undefined,
    line: context && isRecord(context.rightFileStart) ? Number(context.rightFileStart.line) || 1 : undefined,
  };
  pr.threads.push(thread);
  return json(200, threadJson(ctx, pr, thread));
}

async function iterationsApi(ctx: Ctx, inc: Incoming, pr: PullRequest, segs: string[]): Promise<Reply> {
  if (inc.method !== 'GET') return notAllowed(inc.method);
  const repo = pr.repo;
  const host = repo.project.host;
  const commitRef = (id: string): Record<string, unknown> => ({ commitId: id, url: `${repoApiUrl(ctx.urls, repo)}/commits/${id}` });
  const iterationJson = (i: PullRequest['iterations'][number]): Record<string, unknown> => ({
    id: i.id, description: i === pr.iterations[0] ? pr.title : undefined, author: identityRef(ctx.urls, host, i.author),
    createdDate: i.createdDate, updatedDate: i.createdDate, sourceRefCommit: commitRef(i.sourceCommit),
    targetRefCommit: commitRef(i.targetCommit), commonRefCommit: commitRef(i.commonCommit), hasMoreCommits: false, reason: i.reason,
  });
  if (segs.length === 0) return collection(pr.iterations.map(iterationJson));
  const iteration = pr.iterations.find((i) => String(i.id) === segs[0]);
  if (!iteration) return notFound(`TF401175: The iteration ${segs[0]} of pull request ${pr.id} does not exist.`, 'GitPullRequestIterationNotFoundException');
  const sub = (segs[1] ?? '').toLowerCase();
  if (!sub) return json(200, iterationJson(iteration));
  if (sub === 'commits') {
    const commits = await commitsJson(ctx, pr);
    return collection(commits);
  }
  if (sub !== 'changes') return notFound(`The resource 'iterations/${segs.join('/')}' was not found on this server.`, 'ApiResourceNotFoundException');
  const compareTo = Number(queryParam(inc.query, '$compareTo') ?? queryParam(inc.query, 'compareTo') ?? 0) || 0;
  const base = compareTo > 0 ? pr.iterations.find((i) => i.id === compareTo)?.sourceCommit : iteration.commonCommit;
  if (!base) return notFound(`TF401175: The iteration ${compareTo} of pull request ${pr.id} does not exist.`, 'GitPullRequestIterationNotFoundException');
  const changes = await changesBetween(ctx, pr, base, iteration.sourceCommit);
  // The service's default page is 100 changes, and it never returns more than 2000 at once (git.json: $top).
  const top = Math.min(2000, Math.max(1, Number(queryParam(inc.query, '$top') ?? 100) || 100));
  const skip = Math.max(0, Number(queryParam(inc.query, '$skip') ?? 0) || 0);
  const page = changes.slice(skip, skip + top);
  const entries = page.map((c, i) => {
    const item: Record<string, unknown> = { path: c.path };
    if (c.objectId) item.objectId = c.objectId;
    if (c.originalObjectId) item.originalObjectId = c.originalObjectId;
    const entry: Record<string, unknown> = { changeTrackingId: skip + i + 1, changeId: skip + i + 1, item, changeType: c.changeType };
    if (c.originalPath) entry.originalPath = c.originalPath;
    return entry;
  });
  const out: Record<string, unknown> = { changeEntries: entries };
  if (skip + top < changes.length) { out.nextSkip = skip + top; out.nextTop = top; }
  return json(200, out);
}

async function statusesApi(ctx: Ctx, inc: Incoming, pr: PullRequest, token: TokenRecord): Promise<Reply> {
  const host = pr.repo.project.host;
  const statusJson = (s: PullRequest['statuses'][number]): Record<string, unknown> => ({
    id: s.id, state: s.state, description: s.description, context: s.context, targetUrl: s.targetUrl,
    creationDate: s.creationDate, updatedDate: s.creationDate, createdBy: identityRef(ctx.urls, host, s.createdBy), iterationId: pr.iterations.length,
  });
  if (inc.method === 'GET') return collection(pr.statuses.map(statusJson));
  if (inc.method !== 'POST') return notAllowed(inc.method);
  const body = await readJson(inc.req);
  if (!isRecord(body) || !isRecord(body.context) || !str(body.context.name)) return badRequest('A status needs a context with a name.', 'ArgumentNullException');
  const status = {
    id: pr.statuses.length + 1, state: enumValue(body.state, STATUS_STATE) ?? 'notSet', description: str(body.description),
    context: { name: str(body.context.name) ?? '', genre: str(body.context.genre) }, targetUrl: str(body.targetUrl),
    creationDate: new Date().toISOString(), createdBy: token.user,
  };
  pr.statuses.push(status);
  return json(200, statusJson(status));
}

async function labelsApi(ctx: Ctx, inc: Incoming, pr: PullRequest, labelId: string | undefined): Promise<Reply> {
  const labelJson = (l: PullRequest['labels'][number]): Record<string, unknown> => ({ id: l.id, name: l.name, active: l.active, url: `${prApiUrl(ctx.urls, pr)}/labels/${l.id}` });
  if (inc.method === 'GET') return collection(pr.labels.map(labelJson));
  if (inc.method === 'DELETE' && labelId) {
    pr.labels = pr.labels.filter((l) => l.id !== labelId && l.name.toLowerCase() !== labelId.toLowerCase());
    return { status: 204 };
  }
  if (inc.method !== 'POST') return notAllowed(inc.method);
  const body = await readJson(inc.req);
  const name = isRecord(body) ? str(body.name)?.trim() : undefined;
  if (!name) return badRequest('A label needs a name.', 'ArgumentNullException');
  let label = pr.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  if (!label) {
    label = { id: `${pr.id}-${name}`, name, active: true };
    pr.labels.push(label);
  }
  return json(200, labelJson(label));
}

