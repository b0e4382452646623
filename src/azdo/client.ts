import { ClientApiBase } from 'azure-devops-node-api/ClientApiBases';
import { CoreApi } from 'azure-devops-node-api/CoreApi';
import { GitApi } from 'azure-devops-node-api/GitApi';
import { LocationsApi } from 'azure-devops-node-api/LocationsApi';
import { BearerCredentialHandler } from 'azure-devops-node-api/handlers/bearertoken';
import { PersonalAccessTokenCredentialHandler } from 'azure-devops-node-api/handlers/personalaccesstoken';
import type { IRequestHandler, IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import type { GitRepository } from 'azure-devops-node-api/interfaces/GitInterfaces';
import { CollaborationClient } from './collaboration';
import { AzdoError, toAzdoError } from './errors';
import { RequestPipeline } from './http';
import { PullRequestClient } from './pullRequests';
import type { ConnectionInfo, Credential, ProjectInfo, RepositoryInfo } from './types';

export interface ClientOptions {
  timeoutSeconds: number;
  maxConcurrent: number;
  userAgent: string;
  log?: (line: string) => void;
  onStatus?: (status: number) => void;
}

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
  private generic?: ClientApiBase;
  private prs?: PullRequestClient;
  private collab?: CollaborationClient;

  constructor(readonly organizationUrl: string, credential: Credential, private readonly options: ClientOptions) {
    this.pipeline = new RequestPipeline({ maxConcurrent: options.maxConcurrent, log: options.log, onStatus: options.onStatus });
    this.handlers = [credential.kind === 'pat'
      ? new PersonalAccessTokenCredentialHandler(credential.token, false)
      : new BearerCredentialHandler(credential.token, false)];
    this.requestOptions = {
      socketTimeout: Math.round(options.timeoutSeconds * 1000),
      allowRetries: false,
      headers: { 'X-TFS-FedAuthRedirect': 'Suppress' },
    };
  }

  private coreApi(): CoreApi {
    return this.core ??= this.pipeline.instrument(new CoreApi(this.organizationUrl, this.handlers, this.requestOptions, this.options.userAgent));
  }

  private gitApi(): GitApi {
    return this.git ??= this.pipeline.instrument(new GitApi(this.organizationUrl, this.handlers, this.requestOptions, this.options.userAgent));
  }

  private locationsApi(): LocationsApi {
    return this.locations ??= this.pipeline.instrument(new LocationsApi(this.organizationUrl, this.handlers, this.requestOptions, this.options.userAgent));
  }

  private genericApi(): ClientApiBase {
    return this.generic ??= this.pipeline.instrument(new ClientApiBase(this.organizationUrl, this.handlers, this.options.userAgent, this.requestOptions));
  }

  /** Pull requests of this organization. */
  pullRequests(): PullRequestClient {
    return this.prs ??= new PullRequestClient(this.organizationUrl, () => this.gitApi());
  }

  /** People, groups, work items, policies and files around pull requests. */
  collaboration(): CollaborationClient {
    return this.collab ??= new CollaborationClient(this.organizationUrl, () => this.genericApi(), () => this.gitApi(), () => this.coreApi());
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

  /** Repositories of the whole organization (one request), or of one project. */
  async listRepositories(project?: string): Promise<RepositoryInfo[]> {
    const what = project ? `Listing the repositories of ${project}` : 'Listing repositories';
    const list = await this.call(what, () => this.gitApi().getRepositories(project));
    if (!Array.isArray(list)) throw new AzdoError('malformed', `${what}: the answer could not be read`);
    return list.filter((r) => r.id && r.name && r.project?.id).map(toRepositoryInfo);
  }

  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      throw toAzdoError(err, what);
    }
  }
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
