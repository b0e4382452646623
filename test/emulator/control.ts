/** Knobs of the emulator: latency, faults, request log, and the control object tests drive. */
import { performance } from 'node:perf_hooks';
import type { SeedToken } from './seed';

export type ListenerName = 'cloud' | 'vssps' | 'server';

/** What a fault does to the requests it matches. */
export type FaultKind =
  /** Answer `status` with `body` (default: an error body in the service's shape); 429 adds Retry-After and X-RateLimit-*. */
  | 'status'
  /** Answer 203 with the HTML sign-in page. */
  | 'signInPage'
  /** Destroy the connection without answering. */
  | 'reset'
  /** Answer 200 with the real response's JSON cut in half. */
  | 'malformedJson'
  /** Wait `delayMs`, then answer normally. */
  | 'delay'
  /** Wait until the fault is removed (by id, or every fault cleared) or `delayMs` (default 60 s) passed, then answer normally. */
  | 'hold';

export interface FaultSpec {
  /** HTTP method to match (case-insensitive); any when absent. */
  method?: string;
  listener?: ListenerName;
  /** Organization or collection name (case-insensitive). */
  organization?: string;
  /** Substring of the request path (decoded, without the query). */
  path?: string;
  /** Regular expression tested against the path (decoded, without the query). */
  pathRegex?: string;
  fault: FaultKind;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Seconds for Retry-After (429 default 30). */
  retryAfter?: number;
  delayMs?: number;
  /** How many matching requests the fault applies to; unlimited when absent. */
  times?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Requests it applied to so far. */
  hits: number;
}

export interface LogEntry {
  id: number;
  method: string;
  listener: ListenerName;
  /** Decoded path without the query. */
  path: string;
  query: string;
  organization?: string;
  status?: number;
  /** Milliseconds since the epoch (fractional). */
  start: number;
  end?: number;
  fault?: FaultKind;
  /** Which TCP connection carried the request (numbered as the emulator accepted them): shows connection reuse. */
  connection?: number;
  /** The credential the request carried, by the token's name (never the secret): `none`, `unknown`, `expired` or a name. */
  credential?: string;
}

export interface RequestLog {
  entries: LogEntry[];
  /** Highest number of requests in flight at once, per organization/collection (key `vssps` for vssps, `-` when none). */
  maxInFlight: Record<string, number>;
  inFlight: Record<string, number>;
}

/** Operations shared by `RunningEmulator.control` and the HTTP control API under `/_emulator`. */
export interface EmulatorControl {
  setLatency(ms: number): void;
  getLatency(): number;
  addFault(spec: FaultSpec): string;
  listFaults(): Fault[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  /** Per-organization switch: unauthenticated requests get 203 + HTML sign-in page instead of 401. */
  setSignInPage(organization: string, enabled: boolean, listener?: 'cloud' | 'server'): void;
  addToken(name: string, token: SeedToken): void;
  /**
   * Grants or denies a user (key into the seed's users) the Git Contribute permission on a repository of a
   * cloud organization: without it, pushes are refused with TF401027 (403) like the service does.
   */
  setContribute(organization: string, project: string, repository: string, user: string, allowed: boolean): void;
  revokeToken(nameOrSecret: string): boolean;
  getLog(): RequestLog;
  clearLog(): void;
  /** Back to the seed: data, git repositories, tokens, switches, faults, latency and log. */
  reset(): Promise<void>;
}

const now = (): number => performance.timeOrigin + performance.now();
const MAX_LOG = 50_000;

/** Latency, faults and the request log; the state-related operations are supplied by the emulator. */
export class Knobs {
  latencyMs: number;
  /** Counts requests that may change data (every method but GET, HEAD, OPTIONS): cached answers older than it are stale. */
  epoch = 0;
  private faults: Fault[] = [];
  private nextFault = 1;
  private entries: LogEntry[] = [];
  private nextEntry = 1;
  private inFlight = new Map<string, number>();
  /** Requests a `hold` fault keeps waiting, by fault id. */
  private held = new Map<string, (() => void)[]>();
  private maxInFlight = new Map<string, number>();

  constructor(readonly initialLatency: number) {
    this.latencyMs = initialLatency;
  }

  addFault(spec: FaultSpec): string {
    if (spec.pathRegex !== undefined) new RegExp(spec.pathRegex);
    const id = `fault-${this.nextFault++}`;
    this.faults.push({ ...spec, id, hits: 0 });
    return id;
  }

  listFaults(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  removeFault(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    const held = this.release(id);
    return this.faults.length !== before || held;
  }

  clearFaults(): void {
    this.faults = [];
    for (const id of [...this.held.keys()]) this.release(id);
  }

  /** Resolves when the `hold` fault `id` is removed, or after `maxMs`. */
  hold(id: string, maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, maxMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.held.set(id, [...(this.held.get(id) ?? []), done]);
    });
  }

  private release(id: string): boolean {
    const waiting = this.held.get(id);
    this.held.delete(id);
    for (const done of waiting ?? []) done();
    return waiting !== undefined;
  }

  /** The first fault matching the request, counted as applied (and dropped when its `times` run out). */
  takeFault(method: string, listener: ListenerName, organization: string | undefined, path: string): Fault | undefined {
    const fault = this.faults.find((f) =>
      (!f.method || f.method.toUpperCase() === method.toUpperCase())
      && (!f.listener || f.listener === listener)
      && (!f.organization || (organization !== undefined && f.organization.toLowerCase() === organization.toLowerCase()))
      && (f.path === undefined || path.includes(f.path))
      && (f.pathRegex === undefined || new RegExp(f.pathRegex).test(path)));
    if (!fault) return undefined;
    fault.hits++;
    // Used up: no further request matches, but those it holds wait for their release.
    if (fault.times !== undefined && fault.hits >= fault.times) this.faults = this.faults.filter((f) => f.id !== fault.id);
    return { ...fault };
  }

  begin(method: string, listener: ListenerName, path: string, query: string, organization: string | undefined, connection?: number): LogEntry {
    const entry: LogEntry = { id: this.nextEntry++, method, listener, path, query, organization, start: now(), connection };
    this.entries.push(entry);
    if (this.entries.length > MAX_LOG) this.entries.splice(0, this.entries.length - MAX_LOG);
    const key = this.key(listener, organization);
    const count = (this.inFlight.get(key) ?? 0) + 1;
    this.inFlight.set(key, count);
    if (count > (this.maxInFlight.get(key) ?? 0)) this.maxInFlight.set(key, count);
    return entry;
  }

  end(entry: LogEntry, status: number | undefined): void {
    if (entry.end !== undefined) return;
    entry.end = now();
    entry.status = status;
    const key = this.key(entry.listener, entry.organization);
    this.inFlight.set(key, Math.max(0, (this.inFlight.get(key) ?? 1) - 1));
  }

  private key(listener: ListenerName, organization: string | undefined): string {
    if (listener === 'vssps') return 'vssps';
    return organization ?? '-';
  }

  getLog(): RequestLog {
    return {
      entries: this.entries.map((e) => ({ ...e })),
      maxInFlight: Object.fromEntries(this.maxInFlight),
      inFlight: Object.fromEntries(this.inFlight),
    };
  }

  clearLog(): void {
    this.entries = [];
    this.maxInFlight = new Map([...this.inFlight].filter(([, n]) => n > 0));
  }

  reset(): void {
    this.latencyMs = this.initialLatency;
    this.clearFaults();
    this.clearLog();
  }
}
