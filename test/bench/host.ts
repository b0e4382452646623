// The bench inside the real extension host (code-server), loaded as extensionTestsPath. It runs in three windows
// (the window reloads in between, so each phase is a new extension host over the same user data):
//  1. signs in every organization (each with its own token), warms the session up (tokens read, REST stack
//     loaded), then times a cold load (no route tables, no saved content: route discovery included) and measures
//     the heap with every repository loaded;
//  2. measures activation, what the tree shows before any request, its background refresh, the warm load (same as
//     cold but with the route tables this window read from global state), a burst against the concurrency cap and
//     a throttled load;
//  3. measures activation again, the first load of a window with nothing warmed up (tokens, REST stack), and the
//     opening of a pull request with 1,000 changed files and 200 comment threads;
//  4, 5. measure activation again (the figure sums every window's activations: single samples are noisy).
// Request counts and concurrency come from the emulator's own log. Results go to BenchConfig.resultFile.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { AccountRecord } from '../../src/auth/accountStore';
import { organizationKey, parseOrganizationInput } from '../../src/azdo/organizationUrl';
import type { AzureDevOpsExtensionApi } from '../../src/extension';
import type { TestingApi } from '../../src/testing';
import { control, emulator, EXTENSION_ID } from '../integration/support/env';
import {
  checkComplete, connectionsSeen, criticalPath, heapUsed, judgeThrottling, lastRefreshThreadMs, log, maxInFlight, measureActivation, median, profiled, settle, settleHeap, timedRefresh, timeline, waitUntil,
} from './hostkit';
import { floorLoad, floorRequests, floorTimeline } from './floor';
import { measurePrDetails } from './prDetails';
import type { BenchConfig, HostResults } from './report';

type Phase1 = Pick<HostResults, 'coldLoadMs' | 'coldRequests' | 'coldCriticalPath' | 'heapGrowthMb' | 'maxInFlightPerOrg'>;
type Phase2 = Phase1 & Omit<HostResults, 'firstLoadInWindowMs' | 'maxConcurrentSetting' | 'activationMs' | 'githubActivationMs'>
  & { activations: [number, number][] };
type Phase3 = Phase2 & Pick<HostResults, 'firstLoadInWindowMs' | 'maxConcurrentSetting' | 'prDetails'>;

async function signInAll(api: TestingApi, cfg: BenchConfig): Promise<void> {
  const serviceUrl = emulator().url;
  log(`signing in ${cfg.organizations.length} organizations, each with its own token`);
  for (const org of cfg.organizations) {
    const parsed = parseOrganizationInput(org, { serviceUrl });
    if (!parsed.ok) throw new Error(parsed.message);
    const ref = parsed.organization;
    const record: AccountRecord = {
      key: organizationKey(ref), kind: ref.kind, name: ref.name, url: ref.url, auth: 'pat',
      user: { id: cfg.userId, displayName: 'Bench User' }, addedAt: new Date().toISOString(), tokenState: 'valid',
    };
    await api.deps.accounts.save(record, cfg.tokens[org]);
  }
}

async function testingApi(extension: vscode.Extension<AzureDevOpsExtensionApi>): Promise<TestingApi> {
  const api = (await extension.activate()).testing;
  if (!api) throw new Error('the extension did not expose its testing API');
  return api;
}

/** Before a warm load: new clients (as Refresh makes) and nothing loaded; the route tables stay. */
async function forgetLoads(api: TestingApi): Promise<void> {
  api.deps.clients.reset();
  api.deps.catalog.invalidate();
}

/** Everything a window pays once, whatever is cached: tokens out of secret storage, the REST stack loaded. */
async function warmUpWindow(api: TestingApi): Promise<void> {
  const accounts = api.deps.accounts.list();
  await Promise.all(accounts.map((a) => api.deps.accounts.getToken(a.key)));
  await api.deps.catalog.load(accounts[0].key, true);
}

/**
 * Timed refreshes after `prepare`, `loads` times; the median (the machines are shared: one load can stall). With
 * `floor`, each is followed by a floor load (floor.ts) of the same requests, and their median is returned too.
 */
async function repeated(cfg: BenchConfig, what: string, prepare: () => Promise<void>, api: TestingApi, profileVariable: string, { loads = LOADS, floor = false } = {}) {
  const times: number[] = [];
  const threads: number[] = [];
  const floors: number[] = [];
  let requests = 0;
  let routeDiscoveries = 0;
  let most = 0;
  let path = 0;
  for (let i = 0; i < loads; i++) {
    await prepare();
    await control.clearLog();
    await settleHeap();
    const ms = await profiled(i === Number(process.env.AZDO_BENCH_PROFILE_AT ?? 0) ? profileVariable : '', timedRefresh);
    const entries = await control.log();
    checkComplete(api, cfg, what);
    timeline(what, entries.entries, ms);
    times.push(ms);
    threads.push(lastRefreshThreadMs());
    requests = entries.entries.length;
    routeDiscoveries = Math.max(routeDiscoveries, entries.entries.filter((e) => e.method === 'OPTIONS').length);
    most = Math.max(most, maxInFlight(entries));
    path = Math.max(path, criticalPath(entries.entries));
    if (floor) {
      await settleHeap();
      const same = floorRequests(emulator().url, entries.entries, cfg.tokens);
      await control.clearLog();
      const started = performance.timeOrigin + performance.now();
      const took = await floorLoad(same);
      floors.push(took);
      floorTimeline((await control.log()).entries, started, took);
    }
  }
  const ms = median(times);
  log(`${what}: median ${ms.toFixed(0)} ms of ${times.map((t) => t.toFixed(0)).join(', ')}`);
  const floorMs = floors.length > 0 ? median(floors) : undefined;
  if (floorMs !== undefined) log(`${what}, floor (the same requests, only sent, inflated and parsed): median ${floorMs.toFixed(0)} ms of ${floors.map((t) => t.toFixed(0)).join(', ')}`);
  log(`${what}: the extension host's thread busy, median ${median(threads).toFixed(0)} ms of ${threads.map((t) => t.toFixed(0)).join(', ')}`);
  return { ms, floorMs, threadMs: median(threads), requests, routeDiscoveries, maxInFlight: most, criticalPath: path };
}

/**
 * AZDO_BENCH_QUICK=n: one activation sample, then only warm loads, n of them, each followed by its floor (for trying
 * changes; no results).
 */
async function quick(cfg: BenchConfig, extension: vscode.Extension<AzureDevOpsExtensionApi>, loads: number): Promise<void> {
  const api = await quickWindow(cfg, extension);
  await repeated(cfg, 'warm load', () => forgetLoads(api), api, 'AZDO_BENCH_PROFILE_WARM', { loads, floor: true });
}

/**
 * AZDO_BENCH_QUICK_PR=1: one activation sample, then only the large pull request's opens (for trying changes to the
 * pull request page; no results).
 */
async function quickPullRequest(cfg: BenchConfig, extension: vscode.Extension<AzureDevOpsExtensionApi>): Promise<void> {
  await measurePrDetails(await quickWindow(cfg, extension));
}

/** A quick run's window: one activation sample, every organization signed in and loaded once at the bench's latency. */
async function quickWindow(cfg: BenchConfig, extension: vscode.Extension<AzureDevOpsExtensionApi>): Promise<TestingApi> {
  const api = extension.isActive ? await testingApi(extension) : (await measureActivation(extension)).api;
  await signInAll(api, cfg);
  await warmUpWindow(api);
  await control.call('PUT', 'latency', { ms: cfg.latencyMs });
  await timedRefresh(); // the route tables of every organization
  return api;
}

/** How many times cold and warm loads are timed. */
const LOADS = 5;

async function phase1(cfg: BenchConfig, extension: vscode.Extension<AzureDevOpsExtensionApi>): Promise<Phase1> {
  const api = await testingApi(extension);
  await control.call('PUT', 'latency', { ms: 0 });
  const heapBefore = await heapUsed();
  await signInAll(api, cfg);
  await warmUpWindow(api);

  // Cold: no route tables, no saved content, new clients: route discovery included. Median of several loads.
  await control.call('PUT', 'latency', { ms: cfg.latencyMs });
  const cold = await repeated(cfg, 'cold load', async () => {
    api.caches.routes.clear();
    api.deps.clients.reset();
    api.deps.catalog.invalidate();
  }, api, 'AZDO_BENCH_PROFILE_COLD');
  const heapAfter = await heapUsed();
  await settle(api, cfg);
  return { coldLoadMs: cold.ms, coldRequests: cold.requests, coldCriticalPath: cold.criticalPath, heapGrowthMb: (heapAfter - heapBefore) / 2 ** 20, maxInFlightPerOrg: cold.maxInFlight };
}

async function phase2(cfg: BenchConfig, extension: vscode.Extension<AzureDevOpsExtensionApi>, first: Phase1): Promise<Phase2> {
  const activation = await measureActivation(extension);
  const { api } = activation;

  // The tree after the reload: every organization and its saved projects, before any request.
  const orgs = await api.treeChildren();
  const projects = await Promise.all(orgs.map((org) => api.treeChildren(org.node)));
  const shown = performance.now();
  const reloadRequestsBeforePaint = (await control.log()).entries.length;
  if (orgs.length !== cfg.organizations.length) throw new Error(`the tree shows ${orgs.length} organizations after the reload`);
  projects.forEach((list, i) => {
    if (list.length === 0 || list.some((p) => p.contextValue !== 'project')) throw new Error(`${orgs[i].label} shows no saved projects after the reload`);
    if (!/refreshing/.test(orgs[i].description ?? '')) throw new Error(`${orgs[i].label} is not marked refreshing: ${orgs[i].description}`);
  });
  await waitUntil(() => !api.deps.catalog.isBusy(), 'the background refresh');
  const reloadRefreshMs = performance.now() - shown;
  checkComplete(api, cfg, 'background refresh');
  const refreshLog = await control.log();
  connectionsSeen(refreshLog.entries);
  log(`after the reload: ${reloadRequestsBeforePaint} requests before the saved content showed; `
    + `${refreshLog.entries.length} requests refreshed it in ${reloadRefreshMs.toFixed(0)} ms`);

  // Warm: as cold, but with the route tables this window read from global state (no route discovery). First the
  // snapshots of the background refresh are written (a second after it), so that they do not land in the timing.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const warm = await repeated(cfg, 'warm load', () => forgetLoads(api), api, 'AZDO_BENCH_PROFILE_WARM', { floor: true });

  // A burst against the cap: every project of one organization refreshed at once.
  const [account] = api.deps.accounts.list();
  const state = api.deps.catalog.state(account.key);
  if (state?.status !== 'loaded') throw new Error('no data for the burst');
  await control.clearLog();
  await Promise.all(state.data.projects.map((p) => api.deps.catalog.reloadProject(account.key, p.id)));
  const burstLog = await control.log();

  // Throttled: the first requests are answered 429 with Retry-After.
  await control.clearLog();
  await control.addFault({ method: 'GET', path: '/_apis/git/repositories', fault: 'status', status: 429, retryAfter: cfg.retryAfterSeconds, times: cfg.throttledRequests });
  const throttledLoadMs = await timedRefresh();
  await control.clearFaults();
  const throttleLog = await control.log();
  let complete = true;
  try {
    checkComplete(api, cfg, 'throttled load');
  } catch (err) {
    complete = false;
    log(String(err));
  }
  const throttled = { ...judgeThrottling(throttleLog.entries, cfg.retryAfterSeconds), loadMs: throttledLoadMs, complete };
  log(`throttled load: ${throttled.count} × 429, ${throttledLoadMs.toFixed(0)} ms, Retry-After respected: ${throttled.respected}`);
  await settle(api, cfg);
  return {
    ...first,
    warmLoadMs: warm.ms,
    warmFloorMs: warm.floorMs ?? 0,
    warmThreadMs: warm.threadMs,
    warmRequests: warm.requests,
    warmRouteDiscoveries: warm.routeDiscoveries,
    warmCriticalPath: warm.criticalPath,
    reloadRequestsBeforePaint,
    reloadRefreshMs,
    reloadRefreshRequests: refreshLog.entries.length,
    activationRequests: activation.requests,
    githubActiveAtStartup: activation.githubActiveAtStartup,
    throttled,
    activations: [[activation.ours, activation.theirs]],
    maxInFlightPerOrg: Math.max(first.maxInFlightPerOrg, warm.maxInFlight, ...[refreshLog, burstLog, throttleLog].map(maxInFlight)),
  };
}

async function phase3(cfg: BenchConfig, extension: vscode.Extension<AzureDevOpsExtensionApi>, second: Phase2): Promise<Phase3> {
  const activation = await measureActivation(extension);
  const { api } = activation;
  // The first load of a window, nothing warmed up: tokens from secret storage, the REST stack loaded on first use.
  await control.clearLog();
  const firstLoadInWindowMs = await profiled('AZDO_BENCH_PROFILE_FIRST', timedRefresh);
  const firstLog = await control.log();
  checkComplete(api, cfg, 'first load of a window');
  timeline('first load of a window', firstLog.entries, firstLoadInWindowMs);
  // The large pull request: its details and file list.
  const prDetails = cfg.largePullRequest ? await measurePrDetails(api) : undefined;
  return {
    ...second,
    firstLoadInWindowMs,
    prDetails,
    activationRequests: Math.max(second.activationRequests, activation.requests),
    githubActiveAtStartup: second.githubActiveAtStartup && activation.githubActiveAtStartup,
    activations: [...second.activations, [activation.ours, activation.theirs]],
    maxInFlightPerOrg: Math.max(second.maxInFlightPerOrg, maxInFlight(firstLog), prDetails?.maxInFlight ?? 0),
    maxConcurrentSetting: api.deps.settings().maxConcurrent,
  };
}

/** One more new window, for one more activation sample. */
async function activationOnly(extension: vscode.Extension<AzureDevOpsExtensionApi>, before: Phase3): Promise<Phase3> {
  const activation = await measureActivation(extension);
  return {
    ...before,
    activationRequests: Math.max(before.activationRequests, activation.requests),
    githubActiveAtStartup: before.githubActiveAtStartup && activation.githubActiveAtStartup,
    activations: [...before.activations, [activation.ours, activation.theirs]],
  };
}

function finish(data: Phase3): HostResults {
  const { activations, ...rest } = data;
  log(`activations (ours, vscode.github): ${activations.map(([a, b]) => `${a}/${b}`).join(', ')} ms`);
  return {
    ...rest,
    // Every window's activations, summed: one sample each is at the mercy of a busy machine.
    activationMs: activations.reduce((n, [ours]) => n + ours, 0),
    githubActivationMs: activations.reduce((n, [, theirs]) => n + theirs, 0),
  };
}

/** Windows the bench runs in: 1 (cold), 2 (reload, warm, burst, throttling), 3 (first load of a window), then activation samples. */
const WINDOWS = 5;

/** Called by the workbench once the extension host is up, in each window (the bench reloads the window in between). */
export async function run(): Promise<void> {
  const cfg = JSON.parse(process.env.AZDO_BENCH ?? 'null') as BenchConfig | null;
  if (!cfg) throw new Error('AZDO_BENCH is not set: run the bench with `npm run bench`.');
  const extension = vscode.extensions.getExtension<AzureDevOpsExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not in this host`);
  const saved = fs.existsSync(cfg.stateFile) ? JSON.parse(fs.readFileSync(cfg.stateFile, 'utf8')) as { phase: number; data: unknown } : { phase: 1, data: undefined };
  if (process.env.AZDO_BENCH_QUICK_PR) {
    await quickPullRequest(cfg, extension);
    return;
  }
  if (process.env.AZDO_BENCH_QUICK) {
    await quick(cfg, extension, Number(process.env.AZDO_BENCH_QUICK) || LOADS);
    return;
  }
  const data = saved.phase === 1 ? await phase1(cfg, extension)
    : saved.phase === 2 ? await phase2(cfg, extension, saved.data as Phase1)
      : saved.phase === 3 ? await phase3(cfg, extension, saved.data as Phase2)
        : await activationOnly(extension, saved.data as Phase3);
  if (saved.phase >= WINDOWS) {
    fs.writeFileSync(cfg.resultFile, JSON.stringify(finish(data as Phase3), null, 2));
    return;
  }
  fs.writeFileSync(cfg.stateFile, JSON.stringify({ phase: saved.phase + 1, data }));
  log('reloading the window');
  await vscode.commands.executeCommand('workbench.action.reloadWindow');
  // The reload ends this extension host; the next one runs the next phase (the last reports the exit code).
  await new Promise(() => undefined);
}
