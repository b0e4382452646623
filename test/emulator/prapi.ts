/**
 * Pull request REST routes: create (with reviewers, work items, labels, fork source), list with searchCriteria,
 * get (repository and project level), update (title, description, draft, abandon/reactivate, complete,
 * auto-complete). Sub-resources (reviewers, threads, iterations, ...) are in prsubapi.ts.
 */
import type { Ctx, Incoming } from './context';
import { isRecord, isTrue, queryParam, readJson, str } from './context';
import type { CompletionOptions, PullRequest } from './collab';
import { MergeFailure, pullRequestCommits, syncPullRequest } from './prgit';
import { blockers, complete, tryAutoComplete } from './prpolicy';
import { pullRequestSubApi } from './prsubapi';
import { commitRefJson, MERGE_STRATEGY_NAMES, pullRequestJson, ZERO_GUID } from './prviews';
import { badRequest, collection, errorReply, json, type Reply } from './reply';
import type { Host, Project, Repo, TokenRecord } from './state';

const GIT_NS = 'Microsoft.TeamFoundation.Git.Server';
const STATUS_NAMES = ['notSet', 'active', 'abandoned', 'completed', 'all'] as const;

/** An enum value sent as a number (node-api) or as its name; undefined when neither. */
export function enumValue<T extends string>(value: unknown, names: readonly T[], offset = 0): T | undefined {
  if (typeof value === 'number') return names[value - offset];
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return names[Number(value) - offset];
    return names.find((n) => n.toLowerCase() === value.toLowerCase());
  }
  return undefined;
}

export function prNotFound(id: string | number): Reply {
  return errorReply(404, `TF401180: The requested pull request ${id} was not found.`, 'GitPullRequestNotFoundException', GIT_NS);
}

function branchesMissing(): Reply {
  return errorReply(400, 'TF401398: The pull request cannot be activated because the source and/or the target branch no longer exists, or the requested refs are not branches',
    'GitPullRequestCannotBeActivated', GIT_NS);
}

function alreadyExists(): Reply {
  return errorReply(409, 'TF401179: An active pull request for the source and target branch already exists.', 'GitPullRequestExistsException', GIT_NS);
}

async function branchExists(ctx: Ctx, repo: Repo, ref: string): Promise<boolean> {
  return (await ctx.store.refs(repo)).some((r) => r.name === ref);
}

function activeDuplicate(ctx: Ctx, pr: { repo: Repo; sourceRepo: Repo; sourceRefName: string; targetRefName: string }, except?: PullRequest): PullRequest | undefined {
  return ctx.state.collab.pullRequests(pr.repo.project.host).find((p) => p !== except && p.status === 'active' && p.repo === pr.repo
    && p.sourceRepo === pr.sourceRepo && p.sourceRefName === pr.sourceRefName && p.targetRefName === pr.targetRefName);
}

/** `.../repositories/{repo}/pullRequests[/{id}[/...]]` and `{project}/_apis/git/pullRequests[/{id}]`. */
export async function pullRequestApi(ctx: Ctx, inc: Incoming, host: Host, project: Project | undefined, repo: Repo | undefined, segs: string[], token: TokenRecord): Promise<Reply> {
  const idSeg = segs[0];
  if (idSeg === undefined) {
    if (inc.method === 'GET') return listPullRequests(ctx, inc, host, project, repo);
    if (inc.method === 'POST' && repo) return createPullRequest(ctx, inc, repo, token);
    return errorReply(405, `The requested resource does not support http method '${inc.method}'.`, 'HttpMethodNotAllowedException');
  }
  const id = Number(idSeg);
  const pr = Number.isInteger(id) ? ctx.state.collab.pullRequests(host).find((p) => p.id === id
    && (!repo || p.repo === repo) && (!project || p.repo.project === project)) : undefined;
  if (!pr) return prNotFound(idSeg);
  await syncPullRequest(ctx, pr);
  if (segs.length > 1) return pullRequestSubApi(ctx, inc, pr, segs.slice(1), token);
  if (inc.method === 'GET') {
    const commits = isTrue(queryParam(inc.query, 'includeCommits')) ? await commitsJson(ctx, pr) : undefined;
    return json(200, pullRequestJson(ctx.urls, pr, { full: true, commits, workItems: isTrue(queryParam(inc.query, 'includeWorkItemRefs')) }));
  }
  if (inc.method === 'PATCH' && repo) return updatePullRequest(ctx, inc, pr, token);
  return errorReply(405, `The requested resource does not support http method '${inc.method}'.`, 'HttpMethodNotAllowedException');
}

export async function commitsJson(ctx: Ctx, pr: PullRequest): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const id of await pullRequestCommits(ctx, pr)) out.push(commitRefJson(ctx.urls, pr.repo, await ctx.store.commit(pr.repo, id)));
  return out;
}

async function listPullRequests(ctx: Ctx, inc: Incoming, host: Host, project: Project | undefined, repo: Repo | undefined): Promise<Reply> {
  const q = (name: string): string | undefined => queryParam(inc.query, `searchCriteria.${name}`);
  const status = enumValue(q('status'), STATUS_NAMES) ?? 'active';
  const lower = (v: string | undefined): string | undefined => v?.toLowerCase();
  const creatorId = lower(q('creatorId'));
  const reviewerId = lower(q('reviewerId'));
  const repositoryId = lower(q('repositoryId'));
  const sourceRepositoryId = lower(q('sourceRepositoryId'));
  const sourceRefName = q('sourceRefName');
  const targetRefName = q('targetRefName');
  let list = ctx.state.collab.pullRequests(host).filter((p) => (!repo || p.repo === repo) && (!project || p.repo.project === project)
    && (status === 'all' || status === 'notSet' || p.status === status)
    && (!creatorId || p.createdBy.id.toLowerCase() === creatorId)
    && (!reviewerId || p.reviewers.some((r) => r.identity.id.toLowerCase() === reviewerId))
    && (!repositoryId || p.repo.id.toLowerCase() === repositoryId)
    && (!sourceRepositoryId || p.sourceRepo.id.toLowerCase() === sourceRepositoryId)
    && (!sourceRefName || p.sourceRefName === sourceRefName)
    && (!targetRefName || p.targetRefName === targetRefName));
  list = [...list].sort((a, b) => b.id - a.id);
  const skip = Math.max(0, Number(queryParam(inc.query, '$skip') ?? 0) || 0);
  const top = Math.max(0, Number(queryParam(inc.query, '$top') ?? 101) || 101);
  const page = list.slice(skip, skip + top);
  for (const pr of page) await syncPullRequest(ctx, pr);
  return collection(page.map((p) => pullRequestJson(ctx.urls, p)));
}

async function createPullRequest(ctx: Ctx, inc: Incoming, repo: Repo, token: TokenRecord): Promise<Reply> {
  const body = await readJson(inc.req);
  if (!isRecord(body)) return badRequest('The request body is missing or is not valid JSON.', 'ArgumentNullException');
  const host = repo.project.host;
  const sourceRefName = str(body.sourceRefName);
  const targetRefName = str(body.targetRefName);
  const title = str(body.title)?.trim();
  if (!sourceRefName || !targetRefName) return badRequest('The source and target branch of the pull request are required (sourceRefName, targetRefName).', 'ArgumentNullException');
  if (!title) return badRequest('The title of the pull request cannot be empty.', 'ArgumentNullException');
  let sourceRepo = repo;
  if (isRecord(body.forkSource) && isRecord(body.forkSource.repository)) {
    const forkId = str(body.forkSource.repository.id) ?? '';
    const fork = ctx.state.allRepos(host).find((r) => r.id.toLowerCase() === forkId.toLowerCase());
    if (!fork) return errorReply(404, `TF401019: The Git repository with name or identifier ${forkId} does not exist or you do not have permissions for the operation you are attempting.`, 'GitRepositoryNotFoundException', GIT_NS);
    sourceRepo = fork;
  }
  if (!sourceRefName.startsWith('refs/heads/') || !targetRefName.startsWith('refs/heads/')) return branchesMissing();
  if (!(await branchExists(ctx, sourceRepo, sourceRefName)) || !(await branchExists(ctx, repo, targetRefName))) return branchesMissing();
  if (sourceRepo === repo && sourceRefName === targetRefName) {
    return badRequest('The source and target branch of a pull request must be different.', 'GitPullRequestSameSourceAndTargetException');
  }
  if (activeDuplicate(ctx, { repo, sourceRepo, sourceRefName, targetRefName })) return alreadyExists();
  const reviewers: PullRequest['reviewers'] = [];
  for (const raw of Array.isArray(body.reviewers) ? body.reviewers : []) {
    const id = isRecord(raw) ? str(raw.id) : undefined;
    const identity = id ? ctx.state.collab.findIdentity(host, id) : undefined;
    if (!identity) return badRequest(`The reviewer identity ${id ?? '(none)'} could not be found.`, 'IdentityNotFoundException');
    if (reviewers.some((r) => r.identity.id === identity.id)) continue;
    reviewers.push({ identity, vote: 0, isRequired: isRecord(raw) && raw.isRequired === true, isFlagged: false, hasDeclined: false });
  }
  const workItemIds: number[] = [];
  for (const raw of Array.isArray(body.workItemRefs) ? body.workItemRefs : []) {
    const id = Number(isRecord(raw) ? raw.id : NaN);
    if (!ctx.state.collab.workItems(host).some((w) => w.id === id)) {
      return badRequest(`TF401232: Work item ${isRecord(raw) ? String(raw.id) : '?'} does not exist, or you do not have permissions to read it.`, 'WorkItemUnauthorizedAccessException');
    }
    if (!workItemIds.includes(id)) workItemIds.push(id);
  }
  const pr = ctx.state.collab.create(repo, sourceRepo, token.user, {
    title, description: str(body.description) ?? '', sourceRefName, targetRefName, isDraft: body.isDraft === true,
  });
  pr.reviewers = reviewers;
  pr.workItemIds = workItemIds;
  for (const raw of Array.isArray(body.labels) ? body.labels : []) {
    const name = isRecord(raw) ? str(raw.name)?.trim() : undefined;
    if (name && !pr.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) pr.labels.push({ id: `${pr.id}-${name}`, name, active: true });
  }
  if (isRecord(body.completionOptions)) pr.completionOptions = completionOptions(body.completionOptions);
  await syncPullRequest(ctx, pr);
  return json(201, pullRequestJson(ctx.urls, pr, { full: true, workItems: true }));
}

export function completionOptions(raw: Record<string, unknown>, base: CompletionOptions = {}): CompletionOptions {
  const out: CompletionOptions = { ...base };
  const strategy = enumValue(raw.mergeStrategy, MERGE_STRATEGY_NAMES, 1);
  if (strategy) out.mergeStrategy = strategy;
  else if (raw.squashMerge === true) out.mergeStrategy = 'squash';
  if (typeof raw.deleteSourceBranch === 'boolean') out.deleteSourceBranch = raw.deleteSourceBranch;
  if (typeof raw.transitionWorkItems === 'boolean') out.transitionWorkItems = raw.transitionWorkItems;
  if (typeof raw.mergeCommitMessage === 'string') out.mergeCommitMessage = raw.mergeCommitMessage;
  if (typeof raw.bypassPolicy === 'boolean') out.bypassPolicy = raw.bypassPolicy;
  if (typeof raw.bypassReason === 'string') out.bypassReason = raw.bypassReason;
  return out;
}

async function updatePullRequest(ctx: Ctx, inc: Incoming, pr: PullRequest, token: TokenRecord): Promise<Reply> {
  const body = await readJson(inc.req);
  if (!isRecord(body)) return badRequest('The request body is missing or is not valid JSON.', 'ArgumentNullException');
  const status = enumValue(body.status, STATUS_NAMES);
  if (pr.status === 'completed') {
    return badRequest(`The pull request ${pr.id} has been completed and cannot be changed.`);
  }
  if (typeof body.title === 'string') {
    if (!body.title.trim()) return badRequest('The title of the pull request cannot be empty.', 'ArgumentNullException');
    pr.title = body.title.trim();
  }
  if (typeof body.description === 'string') pr.description = body.description;
  if (typeof body.isDraft === 'boolean') pr.isDraft = body.isDraft;
  if (isRecord(body.completionOptions)) pr.completionOptions = completionOptions(body.completionOptions, pr.completionOptions);
  if (isRecord(body.autoCompleteSetBy)) {
    const id = str(body.autoCompleteSetBy.id) ?? ZERO_GUID;
    if (id === ZERO_GUID) {
      pr.autoCompleteSetBy = undefined;
      pr.completionQueueTime = undefined;
    } else {
      const identity = ctx.state.collab.findIdentity(pr.repo.project.host, id);
      if (!identity || identity.kind !== 'user') return badRequest(`The identity ${id} could not be found.`, 'IdentityNotFoundException');
      pr.autoCompleteSetBy = identity.user;
      pr.completionQueueTime = new Date().toISOString();
    }
  }
  if (status === 'abandoned' && pr.status === 'active') {
    pr.status = 'abandoned';
    pr.closedDate = new Date().toISOString();
    pr.closedBy = token.user;
    pr.autoCompleteSetBy = undefined;
  } else if (status === 'active' && pr.status === 'abandoned') {
    if (!(await branchExists(ctx, pr.sourceRepo, pr.sourceRefName)) || !(await branchExists(ctx, pr.repo, pr.targetRefName))) return branchesMissing();
    if (activeDuplicate(ctx, pr, pr)) return alreadyExists();
    pr.status = 'active';
    pr.closedDate = undefined;
    pr.closedBy = undefined;
    pr.mergeStatus = 'queued';
    await syncPullRequest(ctx, pr);
  } else if (status === 'completed') {
    const reply = await completeNow(ctx, pr, body, token);
    if (reply) return reply;
  }
  await tryAutoComplete(ctx, pr);
  return json(200, pullRequestJson(ctx.urls, pr, { full: true }));
}

async function completeNow(ctx: Ctx, pr: PullRequest, body: Record<string, unknown>, token: TokenRecord): Promise<Reply | undefined> {
  if (pr.status !== 'active') return badRequest(`The pull request ${pr.id} is ${pr.status}: only an active pull request can be completed.`);
  const last = isRecord(body.lastMergeSourceCommit) ? str(body.lastMergeSourceCommit.commitId) : undefined;
  if (!last) return badRequest('Completing a pull request requires lastMergeSourceCommit: the source commit the completion was decided on.', 'ArgumentNullException');
  await syncPullRequest(ctx, pr);
  if (last.toLowerCase() !== pr.lastMergeSourceCommit?.toLowerCase()) {
    return errorReply(409, `The source branch of pull request ${pr.id} has changed: ${last.slice(0, 8)} is not its latest commit ${pr.lastMergeSourceCommit?.slice(0, 8) ?? ''}. Refresh and try again.`,
      'GitPullRequestStaleException', GIT_NS);
  }
  const options = pr.completionOptions ?? {};
  const blocked = blockers(pr, options);
  if (blocked) return errorReply(409, `The pull request ${pr.id} cannot be completed. ${blocked}`, 'GitPullRequestCannotBeCompletedException', GIT_NS);
  try {
    await complete(ctx, pr, options, token.user);
  } catch (err) {
    if (!(err instanceof MergeFailure)) throw err;
    pr.mergeStatus = 'failure';
    pr.mergeFailureMessage = err.message;
    return errorReply(409, `The merge of pull request ${pr.id} failed: ${err.message}`, 'GitPullRequestMergeFailedException', GIT_NS);
  }
  return undefined;
}
