import type { GitApi } from 'azure-devops-node-api/GitApi';
import type { GitPullRequest, GitPullRequestCompletionOptions } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { AzdoError, toAzdoError } from './errors';
import type { OrganizationRef } from './organizationUrl';
import {
  MERGE_STRATEGIES, toCommit, toFileChange, toIteration, toPullRequest, toReviewer, toStatusCheck, toThread,
} from './pullRequestMapping';
import type {
  BranchInfo, CommitSummary, CompletionOptionsInfo, FileChangeInfo, IterationInfo, NewPullRequest, PullRequestChanges, PullRequestInfo,
  PullRequestSearch, RepositoryRef, ReviewerInfo, StatusCheckInfo, ThreadInfo, Vote,
} from './pullRequestTypes';

/** A repository with what creating a pull request needs. */
export interface RepositoryDetails extends RepositoryRef {
  defaultBranch?: string;
  parent?: RepositoryRef;
}

/** A repository as pull request calls address it. */
export interface RepoAddress {
  projectId: string;
  repositoryId: string;
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const STATUS_NUMBER = { active: 1, abandoned: 2, completed: 3, all: 4 } as const;

/**
 * Pull requests of one organization through node-api's GitApi (wired into the organization's pipeline by
 * AzdoClient). Every answer becomes the REST layer's own model; every failure an AzdoError.
 */
/** Changes per page of an iteration's changes: the service's maximum `$top` (git.json). */
const CHANGES_PAGE = 2000;

export class PullRequestClient {
  private readonly org: OrganizationRef;

  constructor(organizationUrl: string, private readonly git: () => GitApi) {
    this.org = { kind: 'services', name: '', url: organizationUrl };
  }

  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      throw toAzdoError(err, what);
    }
  }

  private map(pr: GitPullRequest | null | undefined, what: string): PullRequestInfo {
    if (!pr || typeof pr.pullRequestId !== 'number') throw new AzdoError('notFound', `${what}: the pull request was not found`);
    return toPullRequest(pr, this.org);
  }

  async list(repo: RepoAddress, search: PullRequestSearch = {}): Promise<PullRequestInfo[]> {
    const what = 'Listing pull requests';
    const list = await this.call(what, () => this.git().getPullRequests(repo.repositoryId, {
      status: STATUS_NUMBER[search.status ?? 'active'],
      creatorId: search.creatorId, reviewerId: search.reviewerId,
      sourceRefName: search.sourceRefName, targetRefName: search.targetRefName,
    }, repo.projectId, undefined, search.skip, search.top));
    if (!Array.isArray(list)) throw new AzdoError('malformed', `${what}: the answer could not be read`);
    return list.map((pr) => toPullRequest(pr, this.org));
  }

  async get(repo: RepoAddress, id: number): Promise<PullRequestInfo> {
    const what = `Reading pull request ${id}`;
    return this.map(await this.call(what, () => this.git().getPullRequest(repo.repositoryId, id, repo.projectId)), what);
  }

  /** A pull request and the ids of its linked work items, in one request (`includeWorkItemRefs`). */
  async getWithWorkItems(repo: RepoAddress, id: number): Promise<{ pr: PullRequestInfo; workItemIds: number[] }> {
    const what = `Reading pull request ${id}`;
    const raw = await this.call(what, () => this.git().getPullRequest(repo.repositoryId, id, repo.projectId, undefined, undefined, undefined, undefined, true));
    const workItemIds = (raw?.workItemRefs ?? []).map((r) => Number(r.id)).filter((n) => Number.isInteger(n));
    return { pr: this.map(raw, what), workItemIds };
  }

  /** A pull request by id alone (project level), e.g. from a link. */
  async getById(projectId: string, id: number): Promise<PullRequestInfo> {
    const what = `Reading pull request ${id}`;
    return this.map(await this.call(what, () => this.git().getPullRequestById(id, projectId)), what);
  }

  async create(repo: RepoAddress, input: NewPullRequest): Promise<PullRequestInfo> {
    const what = 'Creating the pull request';
    const body: GitPullRequest = {
      sourceRefName: input.sourceRefName, targetRefName: input.targetRefName, title: input.title, description: input.description,
      isDraft: input.isDraft,
      reviewers: input.reviewers.map((r) => ({ id: r.id, isRequired: r.isRequired })),
      workItemRefs: input.workItemIds.map((id) => ({ id: String(id) })),
      labels: input.labels.map((name) => ({ name })),
    };
    if (input.forkSourceRepositoryId) body.forkSource = { repository: { id: input.forkSourceRepositoryId } };
    return this.map(await this.call(what, () => this.git().createPullRequest(body, repo.repositoryId, repo.projectId)), what);
  }

  async update(repo: RepoAddress, id: number, changes: PullRequestChanges): Promise<PullRequestInfo> {
    const what = `Updating pull request ${id}`;
    const body: GitPullRequest = {};
    if (changes.title !== undefined) body.title = changes.title;
    if (changes.description !== undefined) body.description = changes.description;
    if (changes.isDraft !== undefined) body.isDraft = changes.isDraft;
    if (changes.status) body.status = STATUS_NUMBER[changes.status];
    if (changes.lastMergeSourceCommit) body.lastMergeSourceCommit = { commitId: changes.lastMergeSourceCommit };
    if (changes.completionOptions) body.completionOptions = completionOptions(changes.completionOptions);
    if (changes.autoCompleteSetBy !== undefined) body.autoCompleteSetBy = { id: changes.autoCompleteSetBy ?? ZERO_GUID };
    return this.map(await this.call(what, () => this.git().updatePullRequest(body, repo.repositoryId, id, repo.projectId)), what);
  }

  /** Completes (merges) the pull request; fails with the service's reason when policies or conflicts block it. */
  async complete(repo: RepoAddress, pr: PullRequestInfo, options: CompletionOptionsInfo): Promise<PullRequestInfo> {
    if (!pr.lastMergeSourceCommit) throw new AzdoError('conflict', `Completing pull request ${pr.id}: its merge has not been computed yet`);
    return this.update(repo, pr.id, { status: 'completed', lastMergeSourceCommit: pr.lastMergeSourceCommit, completionOptions: options });
  }

  async vote(repo: RepoAddress, id: number, reviewerId: string, vote: Vote): Promise<ReviewerInfo> {
    const what = `Voting on pull request ${id}`;
    const r = await this.call(what, () => this.git().createPullRequestReviewer({ vote }, repo.repositoryId, id, reviewerId, repo.projectId));
    if (!r) throw new AzdoError('notFound', `${what}: the pull request was not found`);
    return toReviewer(r);
  }

  async addReviewer(repo: RepoAddress, id: number, reviewerId: string, isRequired: boolean): Promise<ReviewerInfo> {
    const what = `Adding a reviewer to pull request ${id}`;
    const r = await this.call(what, () => this.git().createPullRequestReviewer({ isRequired }, repo.repositoryId, id, reviewerId, repo.projectId));
    if (!r) throw new AzdoError('notFound', `${what}: the pull request was not found`);
    return toReviewer(r);
  }

  async removeReviewer(repo: RepoAddress, id: number, reviewerId: string): Promise<void> {
    await this.call(`Removing a reviewer from pull request ${id}`, () => this.git().deletePullRequestReviewer(repo.repositoryId, id, reviewerId, repo.projectId));
  }

  async iterations(repo: RepoAddress, id: number): Promise<IterationInfo[]> {
    const list = await this.call(`Reading the iterations of pull request ${id}`, () => this.git().getPullRequestIterations(repo.repositoryId, id, repo.projectId));
    return (list ?? []).map(toIteration);
  }

  /**
   * Files changed by an iteration against the common commit with the target, following paging: pages of 2000, the
   * most the service returns at once, so that up to 2000 files take one request.
   */
  async changes(repo: RepoAddress, id: number, iteration: number): Promise<FileChangeInfo[]> {
    const what = `Reading the changes of pull request ${id}`;
    const out: FileChangeInfo[] = [];
    let skip = 0;
    for (let page = 0; page < 100; page++) {
      const result = await this.call(what, () => this.git().getPullRequestIterationChanges(repo.repositoryId, id, iteration, repo.projectId, CHANGES_PAGE, skip));
      out.push(...(result?.changeEntries ?? []).map(toFileChange));
      if (!result?.nextSkip) break;
      skip = result.nextSkip;
    }
    return out;
  }

  async commits(repo: RepoAddress, id: number): Promise<CommitSummary[]> {
    const list = await this.call(`Reading the commits of pull request ${id}`, () => this.git().getPullRequestCommits(repo.repositoryId, id, repo.projectId));
    return (list ?? []).map(toCommit);
  }

  async statuses(repo: RepoAddress, id: number): Promise<StatusCheckInfo[]> {
    const list = await this.call(`Reading the status checks of pull request ${id}`, () => this.git().getPullRequestStatuses(repo.repositoryId, id, repo.projectId));
    return (list ?? []).map(toStatusCheck);
  }

  async threads(repo: RepoAddress, id: number): Promise<ThreadInfo[]> {
    const list = await this.call(`Reading the comments of pull request ${id}`, () => this.git().getThreads(repo.repositoryId, id, repo.projectId));
    return (list ?? []).map(toThread);
  }

  async addComment(repo: RepoAddress, id: number, content: string): Promise<ThreadInfo> {
    const what = `Commenting on pull request ${id}`;
    const thread = await this.call(what, () => this.git().createThread({ comments: [{ content, commentType: 1 }], status: 1 }, repo.repositoryId, id, repo.projectId));
    if (!thread) throw new AzdoError('notFound', `${what}: the pull request was not found`);
    return toThread(thread);
  }

  async workItemIds(repo: RepoAddress, id: number): Promise<number[]> {
    const refs = await this.call(`Reading the work items of pull request ${id}`, () => this.git().getPullRequestWorkItemRefs(repo.repositoryId, id, repo.projectId));
    return (refs ?? []).map((r) => Number(r.id)).filter((n) => Number.isInteger(n));
  }

  /** A repository with its default branch and, for a fork, its parent. */
  async repository(projectId: string, repositoryIdOrName: string): Promise<RepositoryDetails> {
    const what = `Reading the repository ${repositoryIdOrName}`;
    const r = await this.call(what, () => this.git().getRepository(repositoryIdOrName, projectId));
    if (!r?.id || !r.name || !r.project?.id) throw new AzdoError('notFound', `${what}: not found`);
    const parent = r.parentRepository;
    return {
      id: r.id, name: r.name, projectId: r.project.id, projectName: r.project.name ?? '',
      defaultBranch: r.defaultBranch?.replace(/^refs\/heads\//, '') || undefined,
      parent: parent?.id && parent.name && parent.project?.id
        ? { id: parent.id, name: parent.name, projectId: parent.project.id, projectName: parent.project.name ?? '' }
        : undefined,
    };
  }

  /** Branches of a repository (short names), sorted. */
  async branches(repo: RepoAddress): Promise<BranchInfo[]> {
    const refs = await this.call('Listing branches', () => this.git().getRefs(repo.repositoryId, repo.projectId, 'heads/'));
    return (refs ?? []).filter((r) => r.name?.startsWith('refs/heads/') && r.objectId)
      .map((r) => ({ name: (r.name ?? '').slice('refs/heads/'.length), objectId: r.objectId ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Commits of `branch` not in `base`, or undefined when the branch does not exist on the service. */
  async aheadOf(repo: RepoAddress, branch: string, base: string): Promise<number | undefined> {
    const stats = await this.call(`Comparing ${branch} with ${base}`, () => this.git().getBranch(repo.repositoryId, branch, repo.projectId, { version: base }));
    return stats ? stats.aheadCount ?? 0 : undefined;
  }

  /** The raw content of a blob (for diffs). */
  async blob(repo: RepoAddress, objectId: string): Promise<Buffer> {
    const what = `Reading file content ${objectId.slice(0, 8)}`;
    const stream = await this.call(what, () => this.git().getBlobContent(repo.repositoryId, objectId, repo.projectId, true));
    return this.call(what, () => readStream(stream));
  }
}

function completionOptions(o: CompletionOptionsInfo): GitPullRequestCompletionOptions {
  const out: GitPullRequestCompletionOptions = {};
  if (o.mergeStrategy) out.mergeStrategy = MERGE_STRATEGIES.indexOf(o.mergeStrategy) + 1;
  if (o.deleteSourceBranch !== undefined) out.deleteSourceBranch = o.deleteSourceBranch;
  if (o.transitionWorkItems !== undefined) out.transitionWorkItems = o.transitionWorkItems;
  if (o.mergeCommitMessage) out.mergeCommitMessage = o.mergeCommitMessage;
  return out;
}

/** Reads a node-api content stream; a non-2xx answer (node-api resolves those too) becomes an error with its status. */
export async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const status = (stream as { statusCode?: number }).statusCode;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const body = Buffer.concat(chunks);
  if (status !== undefined && (status < 200 || status >= 300)) {
    let result: unknown;
    try {
      result = JSON.parse(body.toString('utf8'));
    } catch {
      result = undefined;
    }
    throw Object.assign(new Error(`HTTP ${status}`), { statusCode: status, result });
  }
  return body;
}
