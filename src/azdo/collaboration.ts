import type { ClientApiBase } from 'azure-devops-node-api/ClientApiBases';
import type { CoreApi } from 'azure-devops-node-api/CoreApi';
import type { GitApi } from 'azure-devops-node-api/GitApi';
import { toAzdoError } from './errors';
import { readStream, type RepoAddress } from './pullRequests';
import type { IdentityInfo, PolicyInfo, PolicyStatus, WorkItemInfo } from './pullRequestTypes';

/**
 * What surrounds pull requests: people and groups (identity picker, memberships), work items, policy evaluations
 * and files of a branch (pull request templates). Areas without a node-api client (IdentityPicker, wit, policy,
 * IMS) are called through node-api's generic client, with the same route discovery and the same pipeline.
 */
export class CollaborationClient {
  constructor(
    private readonly organizationUrl: string,
    private readonly base: () => ClientApiBase,
    private readonly git: () => GitApi,
    private readonly core: () => CoreApi,
  ) {}

  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (err) {
      throw toAzdoError(err, what);
    }
  }

  /** A request to an area the service discovers by location id; null for a 404 (node-api's convention). */
  private async request<T>(what: string, method: 'GET' | 'POST', area: string, locationId: string, version: string,
    routeValues: Record<string, string | undefined>, query?: Record<string, string | number | undefined>, body?: unknown): Promise<T | null> {
    return this.call(what, async () => {
      const api = this.base();
      const data = await api.vsoClient.getVersioningData(version, area, locationId, routeValues, query);
      const options = api.createRequestOptions('application/json', data.apiVersion ?? version);
      const url = data.requestUrl ?? '';
      const res = method === 'GET' ? await api.rest.get<T>(url, options) : await api.rest.create<T>(url, body, options);
      return res.result;
    });
  }

  /** People and groups whose name or email starts with `query` (the identity picker the web uses). */
  async searchIdentities(query: string, max = 20): Promise<IdentityInfo[]> {
    if (!query.trim()) return [];
    const result = await this.request<PickerResult>('Searching people and groups', 'POST', 'IdentityPicker', '4102f006-0b23-4b26-bb1b-b661605e6b33', '7.1-preview.1', {}, undefined, {
      query: query.trim(), identityTypes: ['user', 'group'], operationScopes: ['ims', 'source'],
      options: { MinResults: 5, MaxResults: max }, properties: ['DisplayName', 'Mail', 'SamAccountName', 'SubjectDescriptor'],
    });
    const entities = result?.results?.[0]?.identities ?? [];
    return entities.filter((e) => e.localId && e.displayName).map((e) => ({
      id: e.localId ?? '', displayName: e.displayName ?? '', uniqueName: e.mail || e.signInAddress || e.samAccountName || undefined,
      isGroup: (e.entityType ?? '').toLowerCase() === 'group',
    }));
  }

  /**
   * Ids of the groups the user belongs to: the teams of `$mine` and the direct memberships of the identity.
   * Either source may be unavailable (scopes, on-premises versions); what answers is used.
   */
  async groupIdsOf(userId: string, log?: (line: string) => void): Promise<string[]> {
    const ids = new Set<string>();
    try {
      for (const t of await this.call('Listing my teams', () => this.core().getAllTeams(true))) if (t.id) ids.add(t.id.toLowerCase());
    } catch (err) {
      log?.(`Teams of the user are unknown: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      const me = await this.request<IdentityList>('Reading my group memberships', 'GET', 'IMS', '28010c54-d0c0-4c89-a5b0-1c9e188b9fb7', '7.1-preview.2', {},
        { identityIds: userId, queryMembership: 'Direct' });
      const descriptors = (me?.value?.[0]?.memberOf ?? []).filter((d) => typeof d === 'string');
      if (descriptors.length > 0) {
        const groups = await this.request<IdentityList>('Reading my groups', 'GET', 'IMS', '28010c54-d0c0-4c89-a5b0-1c9e188b9fb7', '7.1-preview.2', {},
          { descriptors: descriptors.join(','), queryMembership: 'None' });
        for (const g of groups?.value ?? []) if (g.id) ids.add(g.id.toLowerCase());
      }
    } catch (err) {
      log?.(`Group memberships of the user are unknown: ${err instanceof Error ? err.message : String(err)}`);
    }
    return [...ids];
  }

  /**
   * Finds the work item route now (one OPTIONS unless the route table is known), so that `workItems` can follow
   * the ids without one more round trip. Never fails: `workItems` reports a missing route.
   */
  async prepareWorkItems(): Promise<void> {
    try {
      await this.base().vsoClient.getVersioningData('7.1-preview.3', 'wit', '72c7ddf8-2cdc-4f60-90cd-ab71c14a399b', {});
    } catch {
      // workItems() asks again and explains.
    }
  }

  async workItems(ids: number[]): Promise<WorkItemInfo[]> {
    if (ids.length === 0) return [];
    const list = await this.request<{ value?: (RawWorkItem | null)[] }>('Reading work items', 'GET', 'wit', '72c7ddf8-2cdc-4f60-90cd-ab71c14a399b', '7.1-preview.3', {},
      { ids: ids.join(','), fields: 'System.Title,System.WorkItemType,System.State,System.TeamProject', errorPolicy: 'omit' });
    return (list?.value ?? []).filter((w): w is RawWorkItem => !!w && typeof w.id === 'number').map((w) => this.toWorkItem(w));
  }

  /** Work items of the project whose title contains `text`, or the one whose id is `text`. */
  async searchWorkItems(projectId: string, text: string, top = 20): Promise<WorkItemInfo[]> {
    const trimmed = text.trim();
    if (!trimmed) return [];
    const byId = /^#?(\d+)$/.exec(trimmed);
    const condition = byId ? `[System.Id] = ${byId[1]}` : `[System.Title] CONTAINS '${trimmed.replace(/'/g, "''")}'`;
    const query = `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND ${condition} ORDER BY [System.ChangedDate] DESC`;
    const result = await this.request<{ workItems?: { id?: number }[] }>('Searching work items', 'POST', 'wit', '1a9c53f7-f243-4447-b110-35ef023636e4', '7.1-preview.2',
      { project: projectId }, { $top: top }, { query });
    const ids = (result?.workItems ?? []).map((w) => w.id).filter((id): id is number => typeof id === 'number').slice(0, top);
    return this.workItems(ids);
  }

  private toWorkItem(w: RawWorkItem): WorkItemInfo {
    const f = w.fields ?? {};
    const project = typeof f['System.TeamProject'] === 'string' ? f['System.TeamProject'] : '';
    return {
      id: w.id ?? 0, title: String(f['System.Title'] ?? ''), type: String(f['System.WorkItemType'] ?? ''), state: String(f['System.State'] ?? ''),
      webUrl: w._links?.html?.href ?? `${this.organizationUrl}/${encodeURIComponent(project)}/_workitems/edit/${w.id ?? 0}`,
    };
  }

  /** Policy evaluations of a pull request (branch policies: reviewers, builds, ...). */
  async policies(projectId: string, pullRequestId: number): Promise<PolicyInfo[]> {
    const artifactId = `vstfs:///CodeReview/CodeReviewId/${projectId}/${pullRequestId}`;
    const list = await this.request<{ value?: RawEvaluation[] }>('Reading the policies of the pull request', 'GET', 'policy', 'c23ddff5-229c-4d04-a80b-0fdce9f360c8', '7.1-preview.1',
      { project: projectId }, { artifactId });
    return (list?.value ?? []).map((e) => ({
      name: e.configuration?.type?.displayName ?? '',
      status: (['approved', 'rejected', 'running', 'queued', 'notApplicable', 'broken'].includes(e.status ?? '') ? e.status : 'queued') as PolicyStatus,
      isBlocking: e.configuration?.isBlocking !== false,
    }));
  }

  /** A text file of a branch, or undefined when it does not exist. */
  async fileText(repo: RepoAddress, path: string, branch: string): Promise<string | undefined> {
    const what = `Reading ${path}`;
    const stream = await this.call(what, () => this.git().getItemText(repo.repositoryId, path, repo.projectId, undefined, undefined, undefined, undefined, undefined, { version: branch }));
    try {
      return (await readStream(stream)).toString('utf8');
    } catch (err) {
      const error = toAzdoError(err, what);
      if (error.kind === 'notFound') return undefined;
      throw error;
    }
  }
}

interface PickerResult {
  results?: { identities?: { localId?: string; displayName?: string; mail?: string; signInAddress?: string; samAccountName?: string; entityType?: string }[] }[];
}

interface IdentityList {
  value?: { id?: string; memberOf?: unknown[] }[];
}

interface RawWorkItem {
  id?: number;
  fields?: Record<string, unknown>;
  _links?: { html?: { href?: string } };
}

interface RawEvaluation {
  status?: string;
  configuration?: { isBlocking?: boolean; type?: { displayName?: string } };
}
