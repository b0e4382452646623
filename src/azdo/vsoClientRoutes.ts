import type { RouteLocation, RouteLookupClient } from './routeCache';

/**
 * Assumed routes: the first load of an organization need not wait for route discovery. node-api asks
 * `OPTIONS {org}/_apis/{area}` before the first request to an area, a round trip before any data. For the two
 * requests every load makes (projects, repositories) the route is assumed to be the one node-api was generated
 * against, and the request is sent at once, while the discovery runs beside it. When the discovery answers, the
 * request is checked: the route and version the service's own table gives must be exactly the ones that were used.
 * If they are not (an older server, a changed route), the answer is thrown away and the call made again with the
 * service's table. Nothing is ever shown that the discovered routes would not have fetched.
 */

/** The routes of the locations every load uses, as node-api 15 was generated against them (its GitApi and CoreApi). */
const ASSUMED: RouteLocation[] = [
  {
    id: '603fe2ac-9723-48b9-88ad-09305aa6c6e1', area: 'core', resourceName: 'projects', routeTemplate: '_apis/{resource}/{*projectId}',
    resourceVersion: 4, minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1',
  },
  {
    id: '225f7195-f9c7-4d14-ab28-a83f7ff77e1f', area: 'git', resourceName: 'repositories', routeTemplate: '{project}/_apis/{area}/{resource}/{repositoryId}',
    resourceVersion: 2, minVersion: '1.0', maxVersion: '7.2', releasedVersion: '7.1',
  },
];

export function assumedLocation(area: string, locationId: string): RouteLocation | undefined {
  const id = locationId.toLowerCase();
  return ASSUMED.find((l) => l.id === id && l.area.toLowerCase() === area.toLowerCase());
}

interface VersioningData { apiVersion: string; requestUrl: string }

/** The parts of node-api's VsoClient that building a request goes through (VsoClient.js; two are protected there). */
export interface VersioningClient extends RouteLookupClient {
  getVersioningData(apiVersion: string, area: string, locationId: string, routeValues: unknown, queryParams?: unknown): Promise<VersioningData>;
  autoNegotiateApiVersion(location: RouteLocation, requestedVersion: string): string;
  getRequestUrl(routeTemplate: string, area: string, resource: string, routeValues: unknown, queryParams?: unknown): string;
}

/** One request built from an assumed route, to be checked against the discovered one. */
interface Use {
  client: VersioningClient;
  apiVersion: string;
  locationId: string;
  routeValues: unknown;
  queryParams: unknown;
  result: VersioningData;
  discovery: Promise<Record<string, RouteLocation>>;
  verdict?: Promise<boolean>;
}

/**
 * The requests of one organization's clients built from assumed routes. `attach` lets a node-api VsoClient build the
 * first request to an area from an assumed route while the area's discovery runs; `known(area)` tells whether the
 * area's table is at hand already (then nothing is assumed).
 */
export class AssumedRoutes {
  private readonly uses: Use[] = [];
  /** Above 0 while a call that may be made twice (a GET) builds its request: only then is a route assumed. */
  private allowed = 0;

  /**
   * Runs `start`, letting the requests it builds synchronously (node-api builds the first before any await) go out
   * on assumed routes. Only for reads: a call whose check fails is made again.
   */
  allowWhile<T>(start: () => T): T {
    this.allowed++;
    try {
      return start();
    } finally {
      this.allowed--;
    }
  }

  attach(client: VersioningClient, known: (area: string) => boolean): void {
    const original = client.getVersioningData.bind(client);
    client.getVersioningData = (apiVersion, area, locationId, routeValues, queryParams) => {
      const assumed = this.allowed > 0 && !client._locationsByAreaPromises[area] ? assumedLocation(area, locationId) : undefined;
      if (!assumed || known(area)) return original(apiVersion, area, locationId, routeValues, queryParams);
      // The discovery starts now (and is what every later request to the area waits for); this request goes ahead.
      const discovery = client.beginGetAreaLocations(area);
      discovery.catch(() => undefined); // its failure is reported through verify
      const result = {
        apiVersion: client.autoNegotiateApiVersion(assumed, apiVersion),
        requestUrl: client.getRequestUrl(assumed.routeTemplate, assumed.area, assumed.resourceName, routeValues, queryParams),
      };
      this.uses.push({ client, apiVersion, locationId, routeValues, queryParams, result, discovery });
      return Promise.resolve(result);
    };
  }

  /** Where the uses recorded from now on begin (taken when a call starts). */
  mark(): number {
    return this.uses.length;
  }

  /** True when no request since `mark` was built from an assumed route. */
  settled(mark: number): boolean {
    return this.uses.length <= mark;
  }

  /**
   * Waits for the discoveries behind the requests built since `mark` from assumed routes; resolves false when any
   * of them would have been built differently (the call must be made again). Rejects when a discovery failed.
   */
  async verify(mark: number): Promise<boolean> {
    const verdicts = await Promise.all(this.uses.slice(mark).map((use) => use.verdict ??= check(use)));
    return verdicts.every(Boolean);
  }
}

async function check(use: Use): Promise<boolean> {
  const { client } = use;
  const location = (await use.discovery)?.[use.locationId.toLowerCase()];
  if (!location) return false;
  return client.autoNegotiateApiVersion(location, use.apiVersion) === use.result.apiVersion
    // The service's routing ignores case (a table may name a resource `Repositories`).
    && client.getRequestUrl(location.routeTemplate, location.area, location.resourceName, use.routeValues, use.queryParams).toLowerCase()
      === use.result.requestUrl.toLowerCase();
}
