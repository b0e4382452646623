/**
 * API resource locations (what `OPTIONS {base}/_apis/{area}` answers) and resource areas. Ids and route
 * templates are the service's (azure-devops-node-api and the facts file); versions follow what node-api
 * 17 requests, so its version negotiation settles on the version it asked for.
 */

export interface ApiResourceLocation {
  id: string;
  area: string;
  resourceName: string;
  routeTemplate: string;
  resourceVersion: number;
  minVersion: string;
  maxVersion: string;
  releasedVersion: string;
}

const loc = (id: string, area: string, resourceName: string, routeTemplate: string, resourceVersion: number, minVersion = '1.0'): ApiResourceLocation =>
  ({ id, area, resourceName, routeTemplate, resourceVersion, minVersion, maxVersion: '7.2', releasedVersion: '7.1' });

const R = '{project}/_apis/{area}/repositories/{repositoryId}';

export const LOCATION_AREA: ApiResourceLocation[] = [
  loc('00d9565f-ed9c-4a06-9a50-00e7896ccab4', 'Location', 'ConnectionData', '_apis/{resource}', 1),
  loc('e81700f7-3be2-46de-8624-2eb35882fcaa', 'Location', 'ResourceAreas', '_apis/{resource}/{areaId}', 1, '3.2'),
];

const PROJECTS = loc('603fe2ac-9723-48b9-88ad-09305aa6c6e1', 'core', 'projects', '_apis/{resource}/{*projectId}', 4);
const COLLECTIONS = loc('8031090f-ef1d-4af6-85fc-698cd75d42bf', 'core', 'projectCollections', '_apis/{resource}/{collectionId}', 2, '2.0');

export const GIT_AREA: ApiResourceLocation[] = [
  loc('225f7195-f9c7-4d14-ab28-a83f7ff77e1f', 'git', 'repositories', '{project}/_apis/{area}/{resource}/{repositoryId}', 2),
  loc('2d874a60-a811-4f62-9c9f-963a6ea0a55b', 'git', 'refs', `${R}/{resource}/{*filter}`, 2),
  loc('d5b216de-d8d5-4d32-ae76-51df755b16d3', 'git', 'stats', `${R}/{resource}/branches`, 2),
  loc('ea98d07b-3c87-4971-8ede-a613694ffb55', 'git', 'pushes', `${R}/{resource}/{pushId}`, 3, '2.0'),
  loc('158c0340-bf6f-489c-9625-d572a1480d57', 'git', 'forks', '{project}/_apis/{area}/repositories/{repositoryNameOrId}/{resource}/{collectionId}', 1, '4.1'),
  loc('7b28e929-2c99-405d-9c5c-6167a06e6816', 'git', 'blobs', `${R}/{resource}/{sha1}`, 1),
  loc('fb93c0db-47ed-4a31-8c20-47552878fb44', 'git', 'items', `${R}/{resource}/{*path}`, 1),
  loc('c2570c3b-5b3f-41b8-98bf-5407bfde8d58', 'git', 'commits', `${R}/{resource}/{commitId}`, 2),
  loc('9946fd70-0d40-406e-b686-b4744cbbcc37', 'git', 'pullRequests', `${R}/{resource}/{pullRequestId}`, 2, '3.0'),
  loc('01a46dea-7d46-4d40-bc84-319e7c260d99', 'git', 'pullRequests', '{project}/_apis/{area}/{resource}/{pullRequestId}', 2, '3.0'),
  loc('a5d28130-9cd2-40fa-9f08-902e7daa9efb', 'git', 'pullRequests', '{project}/_apis/{area}/{resource}', 2, '3.0'),
  loc('4b6702c7-aa35-4b89-9c96-b9abf6d3e540', 'git', 'pullRequestReviewers', `${R}/pullRequests/{pullRequestId}/reviewers/{reviewerId}`, 1, '3.0'),
  loc('ab6e2e5d-a0b7-4153-b64a-a4efe0d49449', 'git', 'pullRequestThreads', `${R}/pullRequests/{pullRequestId}/threads/{threadId}`, 1, '3.0'),
  loc('d43911ee-6958-46b0-a42b-8445b8a0d004', 'git', 'pullRequestIterations', `${R}/pullRequests/{pullRequestId}/iterations/{iterationId}`, 2, '3.0'),
  loc('4216bdcf-b6b1-4d59-8b82-c34cc183fc8b', 'git', 'pullRequestIterationChanges', `${R}/pullRequests/{pullRequestId}/iterations/{iterationId}/changes`, 1, '3.0'),
  loc('52823034-34a8-4576-922c-8d8b77e9e4c4', 'git', 'pullRequestCommits', `${R}/pullRequests/{pullRequestId}/commits`, 1, '3.0'),
  loc('b5f6bb4f-8d1e-4d79-8d11-4c9172c99c35', 'git', 'pullRequestStatuses', `${R}/pullRequests/{pullRequestId}/statuses/{statusId}`, 2, '4.0'),
  loc('f22387e3-984e-4c52-9c6d-fbb8f14c812d', 'git', 'pullRequestLabels', `${R}/pullRequests/{pullRequestId}/labels/{labelIdOrName}`, 1, '5.0'),
  loc('0a637fcc-5370-4ce8-b0e8-98091f5f9482', 'git', 'pullRequestWorkItems', `${R}/pullRequests/{pullRequestId}/workitems`, 1, '3.0'),
];

const TEAMS_ALL = loc('7a4d9ee9-3433-4347-b47a-7a80f1cf307e', 'core', 'teams', '_apis/{resource}', 3, '5.1');

export const POLICY_AREA: ApiResourceLocation[] = [
  loc('c23ddff5-229c-4d04-a80b-0fdce9f360c8', 'policy', 'evaluations', '{project}/_apis/{area}/{resource}', 1, '5.0'),
];

export const WIT_AREA: ApiResourceLocation[] = [
  loc('72c7ddf8-2cdc-4f60-90cd-ab71c14a399b', 'wit', 'workItems', '{project}/_apis/{area}/{resource}/{id}', 3),
  loc('1a9c53f7-f243-4447-b110-35ef023636e4', 'wit', 'wiql', '{project}/{team}/_apis/{area}/{resource}/{id}', 2),
];

export const IDENTITY_PICKER_AREA: ApiResourceLocation[] = [
  loc('4102f006-0b23-4b26-bb1b-b661605e6b33', 'IdentityPicker', 'Identities', '_apis/{area}/{resource}/{objectId}', 1, '2.2'),
];

export const IMS_AREA: ApiResourceLocation[] = [
  loc('28010c54-d0c0-4c89-a5b0-1c9e188b9fb7', 'IMS', 'Identities', '_apis/{resource}/{identityId}', 2),
];

export const PROFILE_AREA: ApiResourceLocation[] = [
  loc('f83735dc-483f-4238-a291-d45f6080a9af', 'Profile', 'profiles', '_apis/{area}/{resource}/{id}', 3),
];

export const ACCOUNT_AREA: ApiResourceLocation[] = [
  loc('229a6a53-b428-4ffb-a835-e8f36b5b4b1e', 'Account', 'Accounts', '_apis/{resource}/{accountId}', 1),
];

/** Which areas each kind of base URL serves. */
export type LocationScope = 'organization' | 'collection' | 'deployment' | 'vssps';

export function areasFor(scope: LocationScope): Record<string, ApiResourceLocation[]> {
  switch (scope) {
    case 'organization':
    case 'collection':
      return {
        location: LOCATION_AREA, core: [PROJECTS, COLLECTIONS, TEAMS_ALL], git: GIT_AREA, policy: POLICY_AREA, wit: WIT_AREA,
        identitypicker: IDENTITY_PICKER_AREA, ims: IMS_AREA,
      };
    case 'deployment':
      return { location: LOCATION_AREA, core: [COLLECTIONS] };
    case 'vssps':
      return { location: [LOCATION_AREA[0] as ApiResourceLocation], profile: PROFILE_AREA, account: ACCOUNT_AREA };
  }
}

/** Locations of an area (case-insensitive), all locations for an empty area, undefined for an unknown one. */
export function locationsOf(scope: LocationScope, area: string): ApiResourceLocation[] | undefined {
  const areas = areasFor(scope);
  if (!area) return Object.values(areas).flat();
  return areas[area.toLowerCase()];
}

/** Resource area ids (ResourceAreas, LocationsApi.getResourceAreas). */
export const AREA_IDS = {
  core: '79134c72-4a58-4b42-976c-04e7115f32bf',
  git: '4e080c62-fa21-4fbc-8fef-2a10a2b38049',
  profile: '8ccfef3d-2b87-4e99-8ccb-66e343d2daa8',
  account: '0d55247a-1c47-4462-9b1f-5e2125590ee6',
  /** Identities (IMS): on vssps, per organization (`https://vssps.dev.azure.com/{org}/`). */
  ims: '8a3d49b8-91f0-46ef-b33d-dda338c25db3',
};

/** Cloud ResourceAreas: organization areas at the organization URL, profile/account on vssps, IMS on vssps/{org}. */
export function cloudResourceAreas(orgUrl: string, vsspsUrl: string, organization: string): { id: string; name: string; locationUrl: string }[] {
  return [
    { id: AREA_IDS.ims, name: 'IMS', locationUrl: `${vsspsUrl}/${encodeURIComponent(organization)}/` },
    { id: AREA_IDS.core, name: 'core', locationUrl: `${orgUrl}/` },
    { id: AREA_IDS.git, name: 'git', locationUrl: `${orgUrl}/` },
    { id: AREA_IDS.profile, name: 'Profile', locationUrl: `${vsspsUrl}/` },
    { id: AREA_IDS.account, name: 'Account', locationUrl: `${vsspsUrl}/` },
  ];
}
