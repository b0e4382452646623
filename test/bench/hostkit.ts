// Helpers of the bench's extension-host module (host.ts): measuring instruments and checks.
import * as fs from 'node:fs';
import { performance, PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { AzureDevOpsExtensionApi } from '../../src/extension';
import type { TestingApi } from '../../src/testing';
import type { LogEntry, RequestLog } from '../emulator/control';
import { control, EXTENSION_ID } from '../integration/support/env';
import type { BenchConfig } from './report';

export const GITHUB_ID = 'vscode.github';

export function log(message: string): void {
  console.log(`[bench] ${message}`);
}

/** The value at fraction `f` (0 the least, 1 the most) of several timings, in whole ms, for the timelines. */
export function quantile(xs: readonly number[], f: number): string {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * f))].toFixed(0);
}

/** The middle of several timings (the upper middle of an even number): one stalled run does not move it. */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** V8's gc(), exposed for the bench. */
const collect = (() => {
  let gc: (() => void) | undefined;
  return (): void => {
    if (!gc) {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    }
    gc();
  };
})();

/** heapUsed after full collections, so that it counts what is reachable. */
export async function heapUsed(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().heapUsed;
}

/**
 * Before a timed load: the previous load's content is collected, or moved out of the young generation, as it would
 * be in the minutes between a user's refreshes. Without this, back-to-back loads make each load pay for copying
 * the last one's 10,000 repositories, a cost that a real refresh does not meet (the timeline shows the collections
 * made during each load, which are its own).
 */
export async function settleHeap(): Promise<void> {
  collect();
  await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * An extension's activation time as the extension host itself records it (its performance marks, the same
 * instrument for every extension): loading its code plus activate() until its promise settles. Waiting for its
 * context (storage) is not counted: that is the host's work.
 */
export function activationMs(id: string): number | undefined {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): { name: string; startTime: number }[] } }).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (what: string) => marks.find((m) => m.name === `code/extHost/${what}/${id}`)?.startTime;
  const [willLoad, didLoad, willActivate, didActivate] = ['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'].map(at);
  if (willLoad === undefined || didLoad === undefined || willActivate === undefined || didActivate === undefined) return undefined;
  log(`${id}: code loading ${didLoad - willLoad} ms, activate() ${didActivate - willActivate} ms`);
  return (didLoad - willLoad) + (didActivate - willActivate);
}

/** AZDO_BENCH_PROFILE*=file.cpuprofile: a CPU profile of one step (open it in Chrome's DevTools). */
export async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  return {
    async stop(wanted: string) {
      const { profile } = await post('Profiler.stop') as { profile: unknown };
      // A step profiled in several windows (e.g. activation) keeps each: file, file.1, file.2, …
      let file = wanted;
      for (let n = 1; fs.existsSync(file); n++) file = `${wanted}.${n}`;
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      log(`profile: ${file}`);
    },
  };
}

/** Runs `step` inside a CPU profile when the environment variable names a file. */
export async function profiled<T>(variable: string, step: () => Promise<T>): Promise<T> {
  const file = process.env[variable];
  const profile = file ? await startProfile() : undefined;
  try {
    return await step();
  } finally {
    if (profile && file) await profile.stop(file);
  }
}

export async function waitUntil(probe: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every organization loaded without error, fresh, with every repository of the seed. */
export function checkComplete(api: TestingApi, cfg: BenchConfig, what: string): void {
  let repositories = 0;
  for (const account of api.deps.accounts.list()) {
    const state = api.deps.catalog.state(account.key);
    if (state?.status !== 'loaded' || state.refreshError || state.stale) {
      const why = state?.status === 'error' ? state.error.message : state?.status === 'loaded' ? state.refreshError?.message ?? 'stale' : state?.status ?? 'unknown';
      throw new Error(`${what}: ${account.name} is not loaded (${why})`);
    }
    repositories += [...state.data.repositories.values()].reduce((n, list) => n + list.length, 0);
  }
  if (repositories !== cfg.repositories) throw new Error(`${what}: ${repositories} repositories known, the seed has ${cfg.repositories}`);
}

/** The most requests one organization had in flight at once, as the emulator counted them. */
export const maxInFlight = (l: RequestLog): number =>
  Math.max(0, ...Object.entries(l.maxInFlight).filter(([k]) => k !== 'vssps' && k !== '-').map(([, n]) => n));

let lastRefreshStart = 0;

/** "Azure DevOps: Refresh" (every organization), timed until every organization is known. */
export async function timedRefresh(): Promise<number> {
  lastRefreshStart = performance.timeOrigin + performance.now();
  const gcs = observeGc();
  const cpu = process.cpuUsage();
  const busy = performance.eventLoopUtilization(); // the extension host thread's, which every extension shares
  const t0 = performance.now();
  await vscode.commands.executeCommand('azureDevOps.refresh');
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  lastThreadMs = performance.eventLoopUtilization(busy).active;
  lastGcs = `extension host on the CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, its thread ${lastThreadMs.toFixed(0)} ms; ${gcs.stop(t0, ms)}`;
  return ms;
}

/** How long the extension host's thread was busy during the last timed refresh (its event loop utilization). */
let lastThreadMs = 0;
export const lastRefreshThreadMs = (): number => lastThreadMs;

/** Garbage collections of the extension host during the last timed refresh, for the timeline. */
let lastGcs = '';

/** Collections the extension host's V8 made meanwhile (perf_hooks 'gc' entries), summed by kind. */
function observeGc(): { stop(t0: number, ms: number): string } {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop(t0, ms) {
      entries.push(...observer.takeRecords());
      observer.disconnect();
      const kinds: Record<number, string> = {
        [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
        [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
      };
      const inside = entries.filter((e) => e.startTime >= t0 && e.startTime <= t0 + ms);
      const by = new Map<string, number[]>();
      for (const e of inside) {
        const kind = kinds[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
        by.set(kind, [...(by.get(kind) ?? []), e.duration]);
      }
      const total = inside.reduce((n, e) => n + e.duration, 0);
      if (inside.length === 0) return 'no garbage collection';
      const parts = [...by].map(([kind, ds]) => `${ds.length} ${kind} ${ds.reduce((a, b) => a + b, 0).toFixed(0)} ms`);
      const at = inside.filter((e) => e.duration >= 2).map((e) => `${(e.startTime - t0).toFixed(0)}+${e.duration.toFixed(0)}`);
      return `garbage collection ${total.toFixed(0)} ms (${parts.join(', ')}${at.length > 0 ? `; ≥2 ms at ${at.join(' ')} ms` : ''})`;
    },
  };
}

/** The emulator numbers connections in the order it accepted them: higher than this, a load opened it. */
let lastConnection = 0;

/** Connections seen outside the timed loads (the background refresh after a reload), so they do not count as new. */
export function connectionsSeen(entries: LogEntry[]): void {
  lastConnection = Math.max(lastConnection, ...entries.map((e) => e.connection ?? 0));
}

/** Where the time of the last timed refresh went, from the emulator's log (same machine clock), for the bench's log. */
export function timeline(what: string, entries: LogEntry[], ms: number): void {
  if (entries.length === 0) return;
  const starts = entries.map((e) => e.start - lastRefreshStart);
  const ends = entries.map((e) => (e.end ?? e.start) - lastRefreshStart);
  const server = entries.map((e) => (e.end ?? e.start) - e.start);
  const ids = new Set(entries.map((e) => e.connection ?? 0));
  const opened = [...ids].filter((id) => id > lastConnection).length;
  lastConnection = Math.max(lastConnection, ...ids);
  log(`${what}: ${entries.length} requests on ${ids.size} connections (${opened} new) sent ${quantile(starts, 0)}..${quantile(starts, 1)} ms, answered ${quantile(ends, 0)}..${quantile(ends, 1)} ms `
    + `(in the emulator: median ${quantile(server, 0.5)}, max ${quantile(server, 1)} ms); all known at ${ms.toFixed(0)} ms; ${lastGcs}`);
  // Route discovery then data: how long each organization's data request waited after its discovery was answered.
  const gaps: number[] = [];
  for (const e of entries.filter((x) => x.method === 'GET')) {
    const discovery = entries.filter((x) => x.method === 'OPTIONS' && x.organization === e.organization && (x.end ?? 0) <= e.start);
    if (discovery.length > 0) gaps.push(e.start - Math.max(...discovery.map((x) => x.end ?? 0)));
  }
  if (gaps.length > 0) {
    log(`${what}: data requests sent ${quantile(gaps, 0)}..${quantile(gaps, 1)} ms (median ${quantile(gaps, 0.5)}) after their route discovery was answered`);
  }
}

/** Each throttled request's retry must start no earlier than Retry-After after the 429 ended (the emulator's times). */
export function judgeThrottling(entries: LogEntry[], retryAfterSeconds: number): { count: number; respected: boolean; minWaitMs: number } {
  const throttled = entries.filter((e) => e.status === 429);
  let respected = true;
  let minWaitMs = Infinity;
  for (const e of throttled) {
    const retry = entries.find((r) => r.id > e.id && r.method === e.method && r.path === e.path && r.query === e.query && r.organization === e.organization);
    if (!retry || e.end === undefined) {
      respected = false;
      continue;
    }
    const waited = retry.start - e.end;
    minWaitMs = Math.min(minWaitMs, waited);
    if (waited < retryAfterSeconds * 1000) respected = false;
  }
  return { count: throttled.length, respected, minWaitMs: Number.isFinite(minWaitMs) ? minWaitMs : 0 };
}

export interface Activation { api: TestingApi; ours: number; theirs: number; githubActiveAtStartup: boolean; requests: number }

/** Our activation in a new extension host, observed by the emulator (nothing may reach the service), and vscode.github's. */
export async function measureActivation(extension: vscode.Extension<AzureDevOpsExtensionApi>): Promise<Activation> {
  if (extension.isActive) throw new Error('the extension was activated before the bench could observe its activation');
  const github = vscode.extensions.getExtension(GITHUB_ID);
  if (!github) throw new Error(`${GITHUB_ID} is not in this host`);
  const githubActiveAtStartup = github.isActive;
  if (!githubActiveAtStartup) await github.activate();
  await control.clearLog();
  const exports = await profiled('AZDO_BENCH_PROFILE', () => Promise.resolve(extension.activate()));
  if (!exports.testing) throw new Error('the extension did not expose its testing API');
  const requests = (await control.log()).entries.length;
  const ours = activationMs(EXTENSION_ID);
  const theirs = activationMs(GITHUB_ID);
  if (ours === undefined || theirs === undefined) throw new Error('the extension host has no activation marks for both extensions');
  log(`activation: ${ours} ms (vscode.github ${theirs} ms, ${githubActiveAtStartup ? 'at startup' : 'on demand'}), ${requests} requests`);
  return { api: exports.testing, ours, theirs, githubActiveAtStartup, requests };
}

/** Before a reload: the snapshots (written a second after each load) and the route tables are on disk. */
export async function settle(api: TestingApi, cfg: BenchConfig): Promise<void> {
  const dir = api.caches.snapshotDir;
  if (!dir) throw new Error('no snapshot folder');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await waitUntil(() => fs.existsSync(dir) && fs.readdirSync(dir).filter((f) => f.endsWith('.json')).length === cfg.organizations.length, 'the snapshots');
  await api.caches.flush();
}


/**
 * Round trips on each organization's critical path, from the emulator's log: a request waits for its organization's
 * route discovery (OPTIONS) and for the previous page of the same list; the deepest organization counts. (Requests
 * that merely started late, because the client was busy, are not deeper.)
 */
export function criticalPath(entries: LogEntry[]): number {
  const depth = new Map<number, number>();
  let deepest = 0;
  for (const e of [...entries].sort((a, b) => a.start - b.start)) {
    const before = entries.filter((x) => x.organization === e.organization && x.end !== undefined && x.end <= e.start
      && x.id !== e.id && (x.method === 'OPTIONS' ? e.method !== 'OPTIONS' : x.path === e.path));
    const d = 1 + Math.max(0, ...before.map((x) => depth.get(x.id) ?? 0));
    depth.set(e.id, d);
    deepest = Math.max(deepest, d);
  }
  return deepest;
}
