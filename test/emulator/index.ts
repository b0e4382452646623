/**
 * Azure DevOps emulator: faithful enough that azure-devops-node-api and real git cannot tell it from the
 * service. Three loopback listeners stand for three origins: the cloud (https://dev.azure.com), vssps
 * (https://app.vssps.visualstudio.com) and an Azure DevOps Server (http://host/tfs). See README.md.
 */
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Ctx } from './context';
import { Knobs, type EmulatorControl, type FaultSpec } from './control';
import { GitStore } from './gitstore';
import { loadSeed, type Seed, type SeedToken } from './seed';
import { createHandler } from './server';
import { EmulatorState } from './state';
import type { Urls } from './views';

export type { Seed, SeedToken } from './seed';
export { generateSeed } from './seed';
export type { EmulatorControl, FaultSpec, Fault, LogEntry, RequestLog, ListenerName, FaultKind } from './control';

export interface EmulatorOptions {
  /** Port of the cloud listener (0 = any free port, the default). vssps and the server take free ports. */
  port?: number;
  /** Seed object or path to a seed JSON file; default `seeds/demo.json`. */
  seed?: Seed | string;
  /** Latency added to every request on every listener, in ms. */
  latencyMs?: number;
  /** Where bare repositories go; default a fresh temporary directory removed by close(). */
  dataDir?: string;
}

export interface RunningEmulator {
  /** Stands for https://dev.azure.com (no trailing slash); organizations at `${url}/${org}`. */
  url: string;
  /** Stands for https://app.vssps.visualstudio.com. */
  vsspsUrl: string;
  /** An Azure DevOps Server, e.g. http://127.0.0.1:P/tfs; collections at `${serverUrl}/${collection}`. */
  serverUrl: string;
  /** A token valid for every organization and collection of the seed (its `defaultToken`). */
  pat: string;
  /** Every token of the seed by name. */
  tokens: Record<string, string>;
  organizations: string[];
  collections: string[];
  control: EmulatorControl;
  close(): Promise<void>;
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = loadSeed(options.seed);
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'azdo-emulator-')));
  await fs.mkdir(dataDir, { recursive: true });

  const servers = { cloud: http.createServer(), vssps: http.createServer(), server: http.createServer() };
  for (const s of Object.values(servers)) s.keepAliveTimeout = 5000;
  const ports = {
    cloud: await listen(servers.cloud, options.port ?? 0),
    vssps: await listen(servers.vssps, 0),
    server: await listen(servers.server, 0),
  };
  const urls: Urls = {
    cloud: `http://127.0.0.1:${ports.cloud}`,
    vssps: `http://127.0.0.1:${ports.vssps}`,
    server: `http://127.0.0.1:${ports.server}/tfs`,
  };
  const users = seed.users;
  const store = new GitStore(path.join(dataDir, 'repos'), (key) => {
    const u = users[key];
    return u ? { name: u.displayName, email: u.email } : undefined;
  });
  const knobs = new Knobs(options.latencyMs ?? 0);
  const tokens = Object.fromEntries(Object.entries(seed.tokens).map(([name, t]) => [name, t.token]));

  const control: EmulatorControl = {
    setLatency: (ms) => { knobs.latencyMs = ms; },
    getLatency: () => knobs.latencyMs,
    addFault: (spec: FaultSpec) => knobs.addFault(spec),
    listFaults: () => knobs.listFaults(),
    removeFault: (id) => knobs.removeFault(id),
    clearFaults: () => knobs.clearFaults(),
    setSignInPage: (organization, enabled, listener = 'cloud') => {
      const host = ctx.state.findHost(listener, organization);
      if (!host) throw new Error(`unknown ${listener === 'cloud' ? 'organization' : 'collection'} ${organization}`);
      host.signInPage = enabled;
    },
    addToken: (name: string, token: SeedToken) => { ctx.state.addToken(name, token); },
    setContribute: (organization, project, repository, user, allowed) => {
      const host = ctx.state.findHost('cloud', organization);
      const repo = host ? ctx.state.findRepo(host, ctx.state.findProject(host, project), repository) : undefined;
      if (!host || !repo) throw new Error(`unknown repository ${organization}/${project}/${repository}`);
      if (!ctx.state.users.has(user)) throw new Error(`unknown user ${user}`);
      if (allowed) repo.contributeDenied.delete(user);
      else repo.contributeDenied.add(user);
    },
    revokeToken: (nameOrSecret) => ctx.state.revokeToken(nameOrSecret),
    getLog: () => knobs.getLog(),
    clearLog: () => knobs.clearLog(),
    reset: async () => {
      ctx.state = new EmulatorState(seed);
      knobs.reset();
      await store.reset();
    },
  };

  const info = (): Record<string, unknown> => ({
    url: urls.cloud, vsspsUrl: urls.vssps, serverUrl: urls.server, pat: ctx.state.defaultToken, tokens,
    organizations: ctx.state.organizations.map((o) => o.name), collections: ctx.state.collections.map((c) => c.name),
    controlUrl: `${urls.cloud}/_emulator`, dataDir,
  });
  const ctx: Ctx = { state: new EmulatorState(seed), store, urls, knobs, control, info };

  servers.cloud.on('request', createHandler('cloud', ctx));
  servers.vssps.on('request', createHandler('vssps', ctx));
  servers.server.on('request', createHandler('server', ctx));

  let closed: Promise<void> | undefined;
  return {
    url: urls.cloud, vsspsUrl: urls.vssps, serverUrl: urls.server, pat: ctx.state.defaultToken, tokens,
    organizations: ctx.state.organizations.map((o) => o.name),
    collections: ctx.state.collections.map((c) => c.name),
    control,
    close: () => {
      closed ??= (async () => {
        await Promise.all(Object.values(servers).map(closeServer));
        if (ownsDir) await fs.rm(dataDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
