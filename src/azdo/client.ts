import type { ClientApiBase } from 'azure-devops-node-api/ClientApiBases';
import type { CoreApi } from 'azure-devops-node-api/CoreApi';
import type { GitApi } from 'azure-devops-node-api/GitApi';
import type { LocationsApi } from 'azure-devops-node-api/LocationsApi';
import type { IRequestHandler, IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import type { GitPush } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { transport, type ConnectionPool } from './connections';
import type { CollaborationClient } from './collaboration';
import { AzdoError, fromStatus, toAzdoError } from './errors';
import { RequestPipeline } from './http';
import { areas, getCollection, handlerFor, nodeApi } from './lazy';
import { repositoriesOf, toRepositoryInfo } from './repositoryInfo';
import type { RouteCache } from './routeCache';
import type { PullRequestClient } from './pullRequests';
import { AssumedRoutes, attachRouteCache, isMissingRoute, type VersioningClient } from './vsoClientRoutes';
import type { IdentityInfo, ImageType } from './identities';
import type { ConnectionInfo, Credential, NewFile, ProjectInfo, RepositoryInfo } from './types';

const ZERO_OBJECT_ID = '0000000000000000000000000000000000000000';

export interface ClientOptions {
  timeoutSeconds: number;
  maxConcurrent: number;
  userAgent: string;
  log?: (line: string) => void;
  onStatus?: (status: number) => void;
  /** HTTP proxy (VS Code's http.proxy); hosts matching `bypass` (http.noProxy patterns) go direct. */
  proxy?: { url: string; bypass?: string[] };
  /** false (VS Code's http.proxyStrictSSL) accepts certificates that do not verify. Default true. */
  strictSSL?: boolean;
  /** PEM files of extra certificate authorities, trusted besides the built-in and system ones. */
  extraCertificates?: string[];
  /** Route tables remembered across sessions: with them a client skips route discovery (one round trip per area). */
  routes?: RouteCache;
  /**
   * Send the first projects and repositories requests on assumed routes while route discovery runs, checked against
   * it (see vsoClientRoutes.ts): for Azure DevOps Services, whose routes are the ones node-api was generated against.
   */
  assumeRoutes?: boolean;
  /** Keep-alive connections shared by every organization's client (see connections.ts); without it, the client's own. */
  connections?: ConnectionPool;
}

interface AreaClient { http: unknown; rest: { client: unknown }; vsoClient: unknown }

/**
 * Azure DevOps REST for one organization or collection, through the area clients of azure-devops-node-api
 * (never WebApi, which bundles every area). Knows nothing of VS Code, git or the UI; every failure is an AzdoError.
 */
export class AzdoClient {
  private readonly pipeline: RequestPipeline;
  private readonly handlers: IRequestHandler[];
  private readonly requestOptions: IRequestOptions;
  private core?: CoreApi;
  private git?: GitApi;
  private locations?: LocationsApi;
  /** Best-effort requests (identities, pictures): their answers never mark the token as rejected. */
  private readonly quietPipeline: RequestPipeline;
  /** One raw client per origin: a credential handler only ever sends the token to the origin it first served. */
  private readonly quietClients = new Map<string, LocationsApi>();
  private collection?: Promise<string>;
  private identitiesBase?: Promise<string>;
  private generic?: ClientApiBase;
  private prs?: PullRequestClient;
  private collab?: CollaborationClient;
  private readonly routeLinks: { usedCache(): boolean; forget(): void }[] = [];
  /** Requests sent on assumed routes (Azure DevOps Services only), checked against route discovery. */
  private readonly assumed?: AssumedRoutes;

  constructor(readonly organizationUrl: string, private readonly credential: Credential, private readonly options: ClientOptions) {
    const { requestOptions, pipeline } = transport(options);
    this.requestOptions = requestOptions;
    this.pipeline = new RequestPipeline(pipeline);
    this.quietPipeline = new RequestPipeline({ ...pipeline, maxConcurrent: Math.min(2, options.maxConcurrent), onStatus: undefined });
    this.handlers = [handlerFor(credential)];
    if (options.assumeRoutes) this.assumed = new AssumedRoutes();
  }

  private coreApi(): CoreApi {
    return this.core ??= this.prepare(new (nodeApi().CoreApi)(this.organizationUrl, this.handlers, this.requestOptions, this.options.userAgent));
  }

  private gitApi(): GitApi {
    return this.git ??= this.prepare(new (nodeApi().GitApi)(this.organizationUrl, this.handlers, this.requestOptions, this.options.userAgent));
  }

  private locationsApi(): LocationsApi {
    return this.locations ??= this.prepare(new (nodeApi().LocationsApi)(this.organizationUrl, this.handlers, this.requestOptions, this.options.userAgent));
  }

  /** Every area client: requests through the pipeline, route tables through the route cache. */
  private prepare<T extends AreaClient>(api: T): T {
    this.pipeline.instrument(api);
    const routes = this.options.routes;
    const vsoClient = api.vsoClient as VersioningClient;
    if (routes) this.routeLinks.push(attachRouteCache(vsoClient, this.organizationUrl, routes));
    this.assumed?.attach(vsoClient, (area) => routes?.get(this.organizationUrl, area) !== undefined);
    return api;
  }

  private genericApi(): ClientApiBase {
    return this.generic ??= this.prepare(new (nodeApi().ClientApiBase)(this.organizationUrl, this.handlers, this.options.userAgent, this.requestOptions));
  }

  /** Pull requests of this organization. */
  pullRequests(): PullRequestClient {
    return this.prs ??= new (areas().PullRequestClient)(this.organizationUrl, () => this.gitApi());
  }

  /** People, groups, work items, policies and files around pull requests. */
  collaboration(): CollaborationClient {
    return this.collab ??= new (areas().CollaborationClient)(this.organizationUrl, () => this.genericApi(), () => this.gitApi(), () => this.coreApi());
  }

  /** Who the token belongs to. Fails with `unauthorized`/`signInPage` for a token the organization refuses. */
  async getConnectionData(): Promise<ConnectionInfo> {
    const what = 'Reading the signed-in user';
    const data = await this.call(what, () => this.locationsApi().getConnectionData());
    const user = data?.authenticatedUser;
    if (!data) throw new AzdoError('notFound', `${what}: no organization answered at ${this.organizationUrl}`);
    if (!user?.id) throw new AzdoError('malformed', `${what}: the answer named no user`);
    const anonymous = user.id === '00000000-0000-0000-0000-000000000000' || /anonymous|publicaccess/i.test(user.descriptor?.identityType ?? '');
    if (anonymous) throw new AzdoError('unauthorized', `${what}: the service treated the request as anonymous`, { statusCode: 401 });
    const account = user.properties?.Account as { $value?: unknown } | undefined;
    const uniqueName = typeof account?.$value === 'string' ? account.$value : undefined;
    const flags = Number(data.deploymentType ?? 0);
    return {
      user: { id: user.id, displayName: user.providerDisplayName || user.customDisplayName || uniqueName || user.id, uniqueName },
      deployment: flags & 1 ? 'services' : flags & 2 ? 'server' : 'unknown',
      instanceId: data.instanceId,
    };
  }

  /** Every project the user can see, following continuation tokens. */
  async listProjects(): Promise<ProjectInfo[]> {
    const what = 'Listing projects';
    const projects: ProjectInfo[] = [];
    let continuationToken: number | undefined;
    for (let page = 0; page < 1000; page++) {
      const list = await this.call(what, () => this.coreApi().getProjects(undefined, undefined, undefined, continuationToken), true);
      if (!Array.isArray(list)) throw new AzdoError('malformed', `${what}: the answer could not be read`);
      for (const p of list) {
        if (!p.id || !p.name) continue;
        projects.push({
          id: p.id,
          name: p.name,
          description: p.description || undefined,
          visibility: Number(p.visibility) === 2 ? 'public' : 'private',
        });
      }
      const next = (list as { continuationToken?: unknown }).continuationToken;
      if (next === undefined || next === null || next === '') break;
      continuationToken = Number(next);
      if (!Number.isFinite(continuationToken)) break;
    }
    return projects;
  }

  /**
   * Repositories of the whole organization (one request), or of one project: asked like node-api's getRepositories,
   * read without its deserializer, gzipped on the wire (see lazy.ts getCollection).
   */
  async listRepositories(project?: string): Promise<RepositoryInfo[]> {
    const what = project ? `Listing the repositories of ${project}` : 'Listing repositories';
    const list = await this.call(what, () => getCollection<unknown>(this.gitApi(), '7.2-preview.2', 'git', REPOSITORIES_LOCATION, { project }), true);
    if (list === 'notFound') {
      throw new AzdoError('notFound', project ? `${what}: the project was not found` : `${what}: not found (404)`, { statusCode: 404 });
    }
    const repositories = repositoriesOf(list);
    if (!repositories) throw new AzdoError('malformed', `${what}: the answer could not be read`);
    return repositories;
  }

  /** Creates an empty repository (no commits, no branch) in a project, given by id. */
  async createRepository(projectId: string, name: string): Promise<RepositoryInfo> {
    const what = `Creating the repository ${name}`;
    const created = await this.call(what, () => this.gitApi().createRepository({ name, project: { id: projectId } }, projectId));
    if (!created) throw new AzdoError('notFound', `${what}: the project was not found`, { statusCode: 404 });
    if (!created.id || !created.name || !created.project?.id) throw new AzdoError('malformed', `${what}: the answer named no repository`);
    return toRepositoryInfo(created);
  }

  /**
   * Writes one commit that adds `files` (as text) on a branch that does not exist yet: the first commit of an
   * empty repository. Resolves with the new commit's id. A branch that exists already fails with `conflict`.
   */
  async pushNewBranch(repositoryId: string, projectId: string, branch: string, files: readonly NewFile[], comment: string): Promise<string> {
    const what = `Writing the first commit of branch ${branch}`;
    const push: GitPush = {
      refUpdates: [{ name: `refs/heads/${branch}`, oldObjectId: ZERO_OBJECT_ID }],
      commits: [{
        comment,
        changes: files.map((f) => ({
          changeType: nodeApi().VersionControlChangeType.Add,
          item: { path: f.path },
          newContent: { content: f.content, contentType: nodeApi().ItemContentType.RawText },
        })),
      }],
    };
    const result = await this.call(what, () => this.gitApi().createPush(push, repositoryId, projectId));
    const commitId = result?.commits?.[0]?.commitId ?? result?.refUpdates?.[0]?.newObjectId;
    if (!result) throw new AzdoError('notFound', `${what}: the repository was not found`, { statusCode: 404 });
    if (!commitId) throw new AzdoError('malformed', `${what}: the answer named no commit`);
    return commitId;
  }

  /** The commit a branch points at, or undefined when the branch does not exist. */
  async branchHead(repositoryId: string, projectId: string, branch: string): Promise<string | undefined> {
    const what = `Reading branch ${branch}`;
    const refs = await this.call(what, () => this.gitApi().getRefs(repositoryId, projectId, `heads/${branch}`));
    if (!Array.isArray(refs)) return undefined;
    return refs.find((r) => r.name === `refs/heads/${branch}`)?.objectId;
  }

  /** Deletes a repository (it goes to the project's recycle bin on Azure DevOps Services). A missing one counts as deleted. */
  async deleteRepository(repositoryId: string, projectId: string): Promise<void> {
    await this.call(`Deleting the repository ${repositoryId}`, () => this.gitApi().deleteRepository(repositoryId, projectId));
  }

  /** The organization's (collection's) id, which the forks API wants. */
  collectionId(): Promise<string> {
    this.collection ??= this.getConnectionData().then((data) => {
      if (!data.instanceId) throw new AzdoError('malformed', 'Reading the organization id: the answer named none');
      return data.instanceId;
    });
    this.collection.catch(() => { this.collection = undefined; });
    return this.collection;
  }

  /** One repository by id or name (a name needs its project); undefined when there is none. */
  async getRepository(idOrName: string, project?: string): Promise<RepositoryInfo | undefined> {
    const repo = await this.call(`Reading the repository ${idOrName}`, () => this.gitApi().getRepository(idOrName, project));
    return repo?.id && repo.name && repo.project?.id ? toRepositoryInfo(repo) : undefined;
  }

  /** The forks of a repository in this organization. */
  async listForks(repository: RepositoryInfo): Promise<RepositoryInfo[]> {
    const what = `Listing the forks of ${repository.name}`;
    const collectionId = await this.collectionId();
    const list = await this.call(what, () => this.gitApi().getForks(repository.id, collectionId, repository.projectId));
    if (!Array.isArray(list)) throw new AzdoError('malformed', `${what}: the answer could not be read`);
    return list.filter((r) => r.id && r.name && r.project?.id).map((r) => ({ ...toRepositoryInfo(r), isFork: true }));
  }

  /** Forks `parent` into a project (GitApi.createRepository with parentRepository): every branch is copied. */
  async createFork(parent: RepositoryInfo, projectId: string, name: string): Promise<RepositoryInfo> {
    const what = `Forking ${parent.name} as ${name}`;
    const created = await this.call(what, () => this.gitApi().createRepository({
      name, project: { id: projectId }, parentRepository: { id: parent.id, project: { id: parent.projectId } },
    }, projectId));
    if (!created?.id || !created.name || !created.project?.id) throw new AzdoError('malformed', `${what}: the answer named no repository`);
    return toRepositoryInfo(created);
  }

  /** The identity whose mail address is `email`, or undefined when the organization knows none. */
  async findIdentityByEmail(email: string): Promise<IdentityInfo | undefined> {
    const what = 'Looking up an identity';
    const base = await this.identitiesLocation();
    const body = await this.call(what, async () => {
      const res = await this.quiet(base).rest.get<unknown>(areas().identitySearchUrl(base, email), { acceptHeader: 'application/json;api-version=7.1' });
      return res.result;
    });
    return areas().pickIdentity(areas().parseIdentities(body), email);
  }

  /** The profile picture of an identity: at most `maxBytes`, and only a real image (checked by its bytes). */
  async getAvatar(identity: IdentityInfo, maxBytes: number): Promise<{ bytes: Buffer; type: ImageType } | undefined> {
    const url = areas().avatarUrl(this.organizationUrl, identity);
    const what = 'Reading a profile picture';
    const res = await this.call(what, () => this.quiet(this.organizationUrl).http.get(url, { Accept: 'image/png,image/*;q=0.8' }));
    const status = res.message.statusCode ?? 0;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.message) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        res.message.destroy();
        return undefined;
      }
      chunks.push(chunk as Buffer);
    }
    if (status === 404) return undefined;
    if (status !== 200) throw fromStatus(status, what);
    const bytes = Buffer.concat(chunks);
    const type = areas().sniffImage(bytes);
    return type ? { bytes, type } : undefined;
  }

  /** Where the organization's identities live (ResourceAreas), cached; the organization's own URL on a server. */
  private identitiesLocation(): Promise<string> {
    const { IMS_AREA_ID, fallbackIdentitiesBase } = areas();
    this.identitiesBase ??= this.locationsApi().getResourceArea(IMS_AREA_ID)
      .then((area) => area?.locationUrl?.replace(/\/+$/, '') || fallbackIdentitiesBase(this.organizationUrl))
      .catch(() => fallbackIdentitiesBase(this.organizationUrl));
    return this.identitiesBase;
  }

  private quiet(baseUrl: string): LocationsApi {
    const origin = new URL(baseUrl).origin;
    let api = this.quietClients.get(origin);
    if (!api) {
      api = this.quietPipeline.instrument(new (nodeApi().LocationsApi)(baseUrl, [handlerFor(this.credential)], this.requestOptions, this.options.userAgent));
      this.quietClients.set(origin, api);
    }
    return api;
  }

  /** `read`: the call only reads (a GET), so it may go out on assumed routes and be made again (see checked). */
  private async call<T>(what: string, action: () => Promise<T>, read = false): Promise<T> {
    try {
      return await (read ? this.checked(action) : action());
    } catch (err) {
      if (!(isMissingRoute(err) && this.routeLinks.some((l) => l.usedCache()))) throw this.failure(err, what);
    }
    // A remembered route table lacks the route (the service changed): forget this organization's tables and
    // ask the service again, once.
    this.options.log?.(`${this.organizationUrl}: a remembered route is missing; asking the service for its routes again`);
    this.options.routes?.dropOrganization(this.organizationUrl);
    for (const link of this.routeLinks) link.forget();
    try {
      return await action();
    } catch (err) {
      throw this.failure(err, what);
    }
  }

  /**
   * Runs a read (`action` only GETs); when it sent requests on assumed routes, waits for their discovery and makes the call again
   * (with the discovered routes) unless every one of them was built as the service's routes would have built it.
   * A failed discovery fails the call, as it would have without the assumption.
   */
  private async checked<T>(action: () => Promise<T>): Promise<T> {
    const assumed = this.assumed;
    if (!assumed) return action();
    const mark = assumed.mark();
    const outcome = await assumed.allowWhile(action).then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
    if (!assumed.settled(mark) && !(await assumed.verify(mark))) {
      this.options.log?.(`${this.organizationUrl}: the assumed routes differ from the service's; asking again on its routes`);
      return action();
    }
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }

  private failure(err: unknown, what: string): AzdoError {
    const error = toAzdoError(err, what);
    return error.kind === 'timeout' ? error.with({ timeoutSeconds: this.options.timeoutSeconds }) : error;
  }
}

const REPOSITORIES_LOCATION = '225f7195-f9c7-4d14-ab28-a83f7ff77e1f';
