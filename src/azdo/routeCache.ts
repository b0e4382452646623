import type { ApiResourceLocation } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import { Emitter, type Event } from '../util/event';

/**
 * Route tables of the service, remembered across sessions. azure-devops-node-api asks `OPTIONS {org}/_apis/{area}`
 * before the first request to an area (one round trip per area per client); the answer changes only when the
 * service is upgraded, so it is kept per organization URL + area for a bounded time, and handed to node-api's
 * VsoClient instead of asking again (attachRouteCache in vsoClientRoutes.ts). An organization's tables are dropped
 * when a request fails because a route is missing from them (the next request asks the service again).
 */

/** A route of the service as the VsoClient reads it (node-api's own type; a type only, nothing is bundled). */
export type RouteLocation = ApiResourceLocation;

export interface RouteCacheOptions {
  /** How long a table is trusted, in ms (default 7 days). */
  maxAgeMs?: number;
  /** Most organizations remembered; the least recently saved go first (default 500). */
  maxOrganizations?: number;
  now?: () => number;
  /** Where the persisted tables come from (what serialize() wrote), read on first use rather than up front. */
  load?: () => unknown;
}

/** What is persisted (global state): versioned, validated when read back. */
export interface SerializedRoutes {
  version: 1;
  organizations: Record<string, Record<string, { savedAt: number; locations: RouteLocation[] }>>;
}

interface Table { savedAt: number; locations: RouteLocation[] }

export const DEFAULT_ROUTE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export class RouteCache {
  private readonly tables = new Map<string, Map<string, Table>>();
  private readonly maxAgeMs: number;
  private readonly maxOrganizations: number;
  private readonly now: () => number;
  private readonly changed = new Emitter<void>();
  /** Fires after every change (a table saved, an organization dropped, everything cleared). */
  readonly onDidChange: Event<void> = this.changed.event;

  private load?: () => unknown;

  constructor(options: RouteCacheOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_ROUTE_MAX_AGE_MS;
    this.maxOrganizations = Math.max(1, options.maxOrganizations ?? 500);
    this.now = options.now ?? Date.now;
    this.load = options.load;
  }

  /** Reads the persisted tables the first time they are needed (activation does not pay for it). */
  private get organizations(): Map<string, Map<string, Table>> {
    const load = this.load;
    if (load) {
      this.load = undefined;
      this.restore(load());
    }
    return this.tables;
  }

  /** The locations of `area` at `organizationUrl`, or undefined when unknown or too old. */
  get(organizationUrl: string, area: string): RouteLocation[] | undefined {
    const table = this.organizations.get(orgKey(organizationUrl))?.get(areaKey(area));
    if (!table) return undefined;
    const age = this.now() - table.savedAt;
    if (age < 0 || age > this.maxAgeMs) return undefined;
    return table.locations;
  }

  set(organizationUrl: string, area: string, locations: RouteLocation[]): void {
    const valid = locations.filter(isLocation);
    if (valid.length === 0) return;
    const key = orgKey(organizationUrl);
    const tables = this.organizations.get(key) ?? new Map<string, Table>();
    tables.set(areaKey(area), { savedAt: this.now(), locations: valid });
    // Re-inserting keeps the Map in order of the latest save, so eviction drops the least recently saved.
    this.organizations.delete(key);
    this.organizations.set(key, tables);
    while (this.organizations.size > this.maxOrganizations) {
      const oldest = this.organizations.keys().next().value;
      if (oldest === undefined) break;
      this.organizations.delete(oldest);
    }
    this.changed.fire();
  }

  /** Forgets every table of one organization (a route was missing: ask the service again). */
  dropOrganization(organizationUrl: string): void {
    if (this.organizations.delete(orgKey(organizationUrl))) this.changed.fire();
  }

  clear(): void {
    if (this.organizations.size === 0) return;
    this.organizations.clear();
    this.changed.fire();
  }

  /** Number of organizations with at least one table (fresh or not). */
  get size(): number {
    return this.organizations.size;
  }

  /** The tables that are still fresh, for persisting. */
  serialize(): SerializedRoutes {
    const organizations: SerializedRoutes['organizations'] = {};
    const now = this.now();
    for (const [org, tables] of this.organizations) {
      const fresh = [...tables].filter(([, t]) => now - t.savedAt <= this.maxAgeMs && now >= t.savedAt);
      if (fresh.length > 0) organizations[org] = Object.fromEntries(fresh.map(([area, t]) => [area, { savedAt: t.savedAt, locations: t.locations }]));
    }
    return { version: 1, organizations };
  }

  /** Reads back what serialize() wrote; anything malformed or too old is left out. */
  static deserialize(value: unknown, options: RouteCacheOptions = {}): RouteCache {
    return new RouteCache({ ...options, load: () => value });
  }

  private restore(value: unknown): void {
    if (!isRecord(value) || value.version !== 1 || !isRecord(value.organizations)) return;
    const now = this.now();
    const entries: [string, Map<string, Table>][] = [];
    for (const [org, tables] of Object.entries(value.organizations)) {
      if (!isRecord(tables)) continue;
      const map = new Map<string, Table>();
      for (const [area, table] of Object.entries(tables)) {
        if (!isRecord(table) || typeof table.savedAt !== 'number' || !Array.isArray(table.locations)) continue;
        if (now - table.savedAt > this.maxAgeMs || table.savedAt > now) continue;
        const locations = table.locations.filter(isLocation);
        if (locations.length > 0) map.set(areaKey(area), { savedAt: table.savedAt, locations });
      }
      if (map.size > 0) entries.push([orgKey(org), map]);
    }
    // Oldest first, so that eviction order survives the round trip.
    const newest = (m: Map<string, Table>) => Math.max(...[...m.values()].map((t) => t.savedAt));
    entries.sort((a, b) => newest(a[1]) - newest(b[1]));
    for (const [org, map] of entries.slice(-this.maxOrganizations)) this.tables.set(org, map);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function orgKey(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

function areaKey(area: string): string {
  return area.toLowerCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLocation(value: unknown): value is RouteLocation {
  return isRecord(value) && typeof value.id === 'string' && typeof value.area === 'string'
    && typeof value.resourceName === 'string' && typeof value.routeTemplate === 'string';
}
