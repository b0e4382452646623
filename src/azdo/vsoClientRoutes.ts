import type { RouteCache, RouteLocation } from './routeCache';

/**
 * What this extension does inside azure-devops-node-api's VsoClient, which builds every request's URL from the
 * service's route tables (VsoClient.js; some of the members used here are protected there). It is all in this file,
 * so that a node-api upgrade that changes VsoClient is checked in one place:
 *
 * - **Remembered route tables** (attachRouteCache): node-api asks `OPTIONS {org}/_apis/{area}` before the first
 *   request to an area, a round trip before any data. The tables change only with server upgrades, so they are
 *   taken from the RouteCache (routeCache.ts) when it has them, and the ones discovered are put into it.
 * - **Assumed routes** (AssumedRoutes): the first load of an organization need not wait for route discovery. For
 *   the two requests every load makes (projects, repositories) the route is assumed to be the one node-api was
 *   generated against, and the request is sent at once, while the discovery runs beside it. When the discovery
 *   answers, the request is checked: the route and version the service's own table gives must be exactly the ones
 *   that were used. If they are not (an older server, a changed route), the answer is thrown away and the call made
 *   again with the service's table. Nothing is ever shown that the discovered routes would not have fetched.
 */

/** The part of node-api's VsoClient that route discovery goes through (VsoClient.js). */
export interface RouteLookupClient {
  beginGetAreaLocations(area: string): Promise<Record<string, RouteLocation>>;
  _locationsByAreaPromises: Record<string, Promise<Record<string, RouteLocation>> | undefined>;
}

/**
 * Makes a node-api VsoClient take its route tables from `cache` when it has them, and put the tables it discovers
 * into it. Concurrent first requests to one area share one discovery (node-api itself would send one OPTIONS per
 * request until the first answer arrives). Returns a function that tells whether any table came from the cache.
 */
export function attachRouteCache(client: RouteLookupClient, organizationUrl: string, cache: RouteCache): { usedCache(): boolean; forget(): void } {
  const discover = client.beginGetAreaLocations.bind(client);
  let fromCache = false;
  client.beginGetAreaLocations = (area: string) => {
    const known = client._locationsByAreaPromises[area];
    if (known) return known;
    const cached = cache.get(organizationUrl, area);
    if (cached) {
      fromCache = true;
      const lookup = Promise.resolve(toLookup(cached));
      client._locationsByAreaPromises[area] = lookup;
      return lookup;
    }
    const asked = discover(area).then((lookup) => {
      const locations = Object.values(lookup ?? {});
      if (locations.length > 0) cache.set(organizationUrl, area, locations);
      return lookup;
    }, (err: unknown) => {
      if (client._locationsByAreaPromises[area] === asked) delete client._locationsByAreaPromises[area];
      throw err;
    });
    client._locationsByAreaPromises[area] = asked;
    return asked;
  };
  return {
    usedCache: () => fromCache,
    forget: () => {
      fromCache = false;
      for (const area of Object.keys(client._locationsByAreaPromises)) delete client._locationsByAreaPromises[area];
    },
  };
}

/**
 * True when a request failed because its route is missing from the route table node-api used: node-api's own
 * "Failed to find api location for area: X id: Y" (the table lacks the location id). Other clients word it
 * "API resource location {id} is not registered on {url}".
 */
export function isMissingRoute(err: unknown): boolean {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
  return /Failed to find api location|API resource location .* is not registered/i.test(message);
}

/** Lookups built from cached tables, one per table: every organization's new client shares it (node-api only reads it). */
const lookups = new WeakMap<readonly RouteLocation[], Record<string, RouteLocation>>();

function toLookup(locations: readonly RouteLocation[]): Record<string, RouteLocation> {
  let lookup = lookups.get(locations);
  if (!lookup) {
    lookup = Object.fromEntries(locations.map((l) => [l.id.toLowerCase(), l]));
    lookups.set(locations, lookup);
  }
  return lookup;
}

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
