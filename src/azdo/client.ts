import type { CoreApi } from 'azure-devops-node-api/CoreApi';
import type { GitApi } from 'azure-devops-node-api/GitApi';
import type { LocationsApi } from 'azure-devops-node-api/LocationsApi';
import type { IRequestHandler, IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import type { GitRepository } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { AzdoError, toAzdoError } from './errors';
import { RequestPipeline } from './http';
import { attachRouteCache, isMissingRoute, type RouteCache, type RouteLookupClient } from './routeCache';
import type { ConnectionInfo, Credential, ProjectInfo, RepositoryInfo } from './types';
import type * as NodeApi from './nodeApi';

let nodeApiModule: typeof NodeApi | undefined;

/** azure-devops-node-api, loaded on first use so that activation does not pay for it (see nodeApi.ts). */
function nodeApi(): typeof NodeApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; the production build keeps it in dist/nodeApi.js
  return nodeApiModule ??= require('./nodeApi') as typeof NodeApi;
}

export interface ClientOptions {
  timeoutSeconds: number;
  maxConcurrent: number;
  userAgent: string;
  log?: (line: string) => void;
  onStatus?: (status: number) => void;
  /** Route tables remembered across sessions: with them a client skips route discovery (one round trip per area). */
  routes?: RouteCache;
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
  private readonly routeLinks: { usedCache(): boolean; forget(): void }[] = [];

  constructor(readonly organizationUrl: string, credential: Credential, private readonly options: ClientOptions) {
    this.pipeline = new RequestPipeline({ maxConcurrent: options.maxConcurrent, log: options.log, onStatus: options.onStatus });
    const api = nodeApi();
    this.handlers = [credential.kind === 'pat'
      ? new api.PersonalAccessTokenCredentialHandler(credential.token, false)
      : new api.BearerCredentialHandler(credential.token, false)];
    this.requestOptions = {
      socketTimeout: Math.round(options.timeoutSeconds * 1000),
      allowRetries: false,
      headers: { 'X-TFS-FedAuthRedirect': 'Suppress' },
    };
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
    if (this.options.routes) this.routeLinks.push(attachRouteCache(api.vsoClient as RouteLookupClient, this.organizationUrl, this.options.routes));
    return api;
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
      const list = await this.call(what, () => this.coreApi().getProjects(undefined, undefined, undefined, continuationToken));
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
   * Repositories of the whole organization (one request), or of one project. Asked like node-api's
   * getRepositories (its route, version and pipeline) but read without its deserializer, which walks every field
   * of every repository to make dates and enums of fields the list never reads: for 10,000 repositories that was
   * most of a load's CPU time.
   */
  async listRepositories(project?: string): Promise<RepositoryInfo[]> {
    const what = project ? `Listing the repositories of ${project}` : 'Listing repositories';
    const list = await this.call(what, () => getCollection<GitRepository>(this.gitApi(), '7.2-preview.2', 'git', REPOSITORIES_LOCATION, { project }));
    if (!Array.isArray(list)) throw new AzdoError('malformed', `${what}: the answer could not be read`);
    return list.filter((r) => r.id && r.name && r.project?.id).map(toRepositoryInfo);
  }

  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      if (!(isMissingRoute(err) && this.routeLinks.some((l) => l.usedCache()))) throw toAzdoError(err, what);
    }
    // A remembered route table lacks the route (the service changed): forget this organization's tables and
    // ask the service again, once.
    this.options.log?.(`${this.organizationUrl}: a remembered route is missing; asking the service for its routes again`);
    this.options.routes?.dropOrganization(this.organizationUrl);
    for (const link of this.routeLinks) link.forget();
    try {
      return await action();
    } catch (err) {
      throw toAzdoError(err, what);
    }
  }
}

const REPOSITORIES_LOCATION = '225f7195-f9c7-4d14-ab28-a83f7ff77e1f';

/**
 * A GET of a `{count, value}` collection through an area client's routes and pipeline, as JSON (no deserializer),
 * gzipped on the wire: a list of repositories compresses about tenfold (typed-rest-client inflates it off the main
 * thread). Only here: node-api's streaming methods hand the raw body over, which must stay uncompressed.
 */
async function getCollection<T>(api: GitApi | CoreApi, apiVersion: string, area: string, locationId: string, routeValues: Record<string, string | undefined>): Promise<T[] | null> {
  const data = await api.vsoClient.getVersioningData(apiVersion, area, locationId, routeValues);
  if (!data.requestUrl) throw new AzdoError('malformed', `No route for ${area} ${locationId}`);
  const options = { ...api.createRequestOptions('application/json', data.apiVersion), additionalHeaders: { 'Accept-Encoding': 'gzip' } };
  const res = await api.rest.get<{ value?: T[] } | T[]>(data.requestUrl, options);
  const result = res.result;
  if (result === null) return null;
  return Array.isArray(result) ? result : Array.isArray(result.value) ? result.value : null;
}

function toRepositoryInfo(r: GitRepository): RepositoryInfo {
  const parent = r.parentRepository;
  return {
    id: r.id!,
    name: r.name!,
    projectId: r.project!.id!,
    projectName: r.project!.name ?? '',
    defaultBranch: r.defaultBranch?.replace(/^refs\/heads\//, '') || undefined,
    isDisabled: r.isDisabled === true,
    isFork: r.isFork === true,
    parentName: parent ? [parent.project?.name, parent.name].filter(Boolean).join('/') : undefined,
    remoteUrl: r.remoteUrl,
    sshUrl: r.sshUrl,
    webUrl: r.webUrl,
    size: r.size,
  };
}
