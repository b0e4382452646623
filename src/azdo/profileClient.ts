import type { ProfileApi } from 'azure-devops-node-api/ProfileApi';
import type { IRequestHandler, IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import type { AccountsApi } from './accountsApi';
import type { ClientOptions } from './client';
import { transport } from './connections';
import { AzdoError, toAzdoError } from './errors';
import { RequestPipeline } from './http';
import { handlerFor, nodeApi } from './lazy';
import type { Credential } from './types';

export interface ProfileInfo {
  id: string;
  displayName: string;
  email?: string;
}

export interface ListedOrganization {
  id?: string;
  name: string;
}

/**
 * The profile service (app.vssps.visualstudio.com, setting azureDevOps.profileServiceUrl): who a credential belongs
 * to and which organizations that user is a member of. Works with a Microsoft (Entra) token or a global personal
 * access token; an organization-scoped token is refused (401), which callers treat as "ask for the organization".
 */
export class ProfileClient {
  private readonly pipeline: RequestPipeline;
  private readonly handlers: IRequestHandler[];
  private readonly requestOptions: IRequestOptions;
  private profile?: ProfileApi;
  private accounts?: AccountsApi;

  constructor(readonly profileServiceUrl: string, credential: Credential, private readonly options: ClientOptions) {
    const { requestOptions, pipeline } = transport(options);
    this.requestOptions = requestOptions;
    this.pipeline = new RequestPipeline(pipeline);
    this.handlers = [handlerFor(credential)];
  }

  private profileApi(): ProfileApi {
    return this.profile ??= this.pipeline.instrument(new (nodeApi().ProfileApi)(this.profileServiceUrl, this.handlers, this.requestOptions, this.options.userAgent));
  }

  private accountsApi(): AccountsApi {
    return this.accounts ??= this.pipeline.instrument(new (nodeApi().AccountsApi)(this.profileServiceUrl, this.handlers, this.requestOptions, this.options.userAgent));
  }

  /** `GET /_apis/profile/profiles/me`. */
  async me(): Promise<ProfileInfo> {
    const what = 'Reading your profile';
    const profile = await this.call(what, () => this.profileApi().getProfile('me')) as { id?: string; displayName?: string; emailAddress?: string } | null;
    if (!profile) throw new AzdoError('notFound', `${what}: the profile service did not answer at ${this.profileServiceUrl}`);
    if (!profile.id) throw new AzdoError('malformed', `${what}: the answer named no profile`);
    return { id: profile.id, displayName: profile.displayName || profile.emailAddress || profile.id, email: profile.emailAddress || undefined };
  }

  /** `GET /_apis/accounts?memberId={id}`: the organizations the member belongs to, sorted by name. */
  async organizationsOf(memberId: string): Promise<ListedOrganization[]> {
    const list = await this.call('Listing your organizations', () => this.accountsApi().getAccounts(memberId));
    const seen = new Set<string>();
    const out: ListedOrganization[] = [];
    for (const entry of list) {
      const name = entry.accountName?.trim();
      if (!name || seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      out.push({ id: entry.accountId, name });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  }

  /** The profile, then its organizations. */
  async listOrganizations(): Promise<{ profile: ProfileInfo; organizations: ListedOrganization[] }> {
    const profile = await this.me();
    return { profile, organizations: await this.organizationsOf(profile.id) };
  }

  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      throw toAzdoError(err, what);
    }
  }
}
