import * as http from 'node:http';
import * as https from 'node:https';
import type { IRequestOptions } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import { certificateAuthorities } from './certificates';
import type { ClientOptions } from './client';
import type { PipelineOptions } from './http';
import { proxyOptions } from './proxy';

/** How long an idle connection is kept for the next request (servers and proxies drop idle ones after a while). */
const IDLE_MS = 30_000;

interface RequestOptions {
  agent?: unknown; protocol?: string | null; host?: string | null; hostname?: string | null; port?: number | string | null; rejectUnauthorized?: boolean;
}

/** typed-rest-client's description of a request about to be made (IRequestInfo): its options and the module it calls. */
interface PreparedRequest { options: RequestOptions; httpModule?: unknown }

/** node:http or node:https, as typed-rest-client calls it. */
type HttpModule = { request(options: RequestOptions, callback?: (res: unknown) => void): { agent?: unknown } };

/** VS Code keeps a module's own functions as `__vscodeOriginal` when it patches it for its proxy support. */
type PatchedModule = HttpModule & { __vscodeOriginal?: Partial<HttpModule> };

/**
 * Keep-alive connections shared by every organization's client, for the life of the ClientProvider. typed-rest-client
 * gives each area client of each organization an agent of its own, so a client made afresh (a refresh, a new token)
 * opened new connections, and organizations on one host (dev.azure.com) never shared one. Connections carry no
 * credential (every request has its own Authorization header), so any request to the same host may reuse them.
 *
 * Only direct requests are pooled: a proxy's tunnel agent stays the client's own. TLS settings stay per request (the
 * agent keys its connections by them), so a client that accepts unverified certificates never shares a connection
 * with one that does not.
 *
 * VS Code's proxy support (@vscode/proxy-agent) wraps every request's agent in a proxy agent of its own, made afresh
 * for each request after reading the whole configuration three times (microsoft/vscode#39329: each read copies it);
 * that was a third of the time it took to send a load's 100 requests. It leaves a request alone whose agent is one of
 * its own, and its agent decides the proxy for each request as it is sent. So the pool remembers the agent VS Code
 * put on a request (see learn) and hands it to the next requests to the same origin: VS Code still decides the proxy
 * and adds the system certificates for every request, but no longer builds an agent and reads its configuration two
 * more times for each. A change of the `http` settings makes the pool forget them (see forgetHostAgents).
 *
 * Those requests go out through Node's own request function, which VS Code keeps beside its patch: for a request
 * whose agent is already its own, the patch only reads `http.proxySupport` (the whole configuration copied once
 * more) and then calls Node's function as it is, so the outcome is the same without the read (see unpatched).
 */
export class ConnectionPool {
  /** Made on the first request (the pool itself is made on activation, which does no network work). */
  private readonly agents: Partial<Record<'http:' | 'https:', http.Agent>> = {};
  /** The agent the host's proxy support put on a request, by origin and certificate check (see learn). */
  private readonly hostAgents = new Map<string, http.Agent>();
  /** node:http and node:https as the pool hands them to typed-rest-client: each request made tells learn its agent. */
  private readonly watched = new Map<HttpModule, HttpModule>();

  /**
   * For a direct request: puts the host's agent for its origin (see learn) or else the shared one in place of the
   * area client's own agent; with the shared one, the request is watched, to learn which agent it really goes out with.
   */
  adopt(request: PreparedRequest): void {
    const { options } = request;
    const own = options.agent;
    const protocol = protocolOf(options);
    if (!protocol || !(own instanceof http.Agent)) return; // a proxy's tunnel agent, or nothing to replace
    // typed-rest-client says "accept any certificate" on its agent's options; on the request it keys the connection.
    if ((own as { options?: { rejectUnauthorized?: boolean } }).options?.rejectUnauthorized === false) options.rejectUnauthorized = false;
    const known = this.hostAgents.get(hostKey(options));
    options.agent = known ?? this.pooled(protocol);
    request.httpModule = known ? unpatched(request.httpModule) : this.watch(request.httpModule);
  }

  /** A request that went out with the host's agent failed: the next one gets a new agent from the host. */
  unlearn(options: RequestOptions): void {
    const key = hostKey(options);
    if (this.hostAgents.get(key) === options.agent) this.hostAgents.delete(key);
  }

  /** The proxy or certificate settings changed: the host's agents were made for the old ones. */
  forgetHostAgents(): void {
    this.hostAgents.clear();
  }

  /** Origins whose requests go out with the host's agent (for tests and diagnostics). */
  get hostAgentOrigins(): string[] {
    return [...this.hostAgents.keys()];
  }

  /**
   * As a request that adopt gave the shared agent is made: when the agent it goes out with (`used`, the
   * ClientRequest's) is neither the pool's nor a plain Node agent, the host's proxy support put it there, and later
   * requests to the origin get it.
   */
  private learn(options: RequestOptions, used: unknown): void {
    const protocol = protocolOf(options);
    if (!protocol || options.agent !== this.agents[protocol] || !(used instanceof http.Agent)) return;
    if (used === options.agent || used.constructor === http.Agent || used.constructor === https.Agent) return;
    this.hostAgents.set(hostKey(options), used);
  }

  /** `module`, telling learn the agent of each request made through it. */
  private watch(module: unknown): unknown {
    const original = module as HttpModule | undefined;
    if (typeof original?.request !== 'function') return module;
    let watched = this.watched.get(original);
    if (!watched) {
      watched = {
        request: (options, callback) => {
          const req = original.request(options, callback);
          this.learn(options, req.agent);
          return req;
        },
      };
      this.watched.set(original, watched);
    }
    return watched;
  }

  private pooled(protocol: 'http:' | 'https:'): http.Agent {
    return this.agents[protocol] ??= protocol === 'https:'
      ? new https.Agent({ keepAlive: true, timeout: IDLE_MS })
      : new http.Agent({ keepAlive: true, timeout: IDLE_MS });
  }

  /** Open connections, idle or busy (for tests and diagnostics). */
  get openConnections(): number {
    let n = 0;
    for (const agent of Object.values(this.agents)) {
      if (!agent) continue;
      for (const list of [...Object.values(agent.sockets), ...Object.values(agent.freeSockets)]) n += list?.filter((s) => !s.destroyed).length ?? 0;
    }
    return n;
  }

  dispose(): void {
    this.hostAgents.clear();
    for (const agent of Object.values(this.agents)) agent?.destroy();
  }
}

/** Node's own request function of each module VS Code patched, as a module for typed-rest-client (made once each). */
const unpatchedModules = new WeakMap<object, HttpModule>();

/**
 * Node's own `request` of a module VS Code patched (see ConnectionPool), for requests that carry VS Code's proxy agent
 * already; the module as it is when it keeps none (another host, or no patch).
 */
function unpatched(module: unknown): unknown {
  const own = nodeOwnRequest<HttpModule['request']>(module);
  if (!own) return module;
  const patched = module as object;
  let plain = unpatchedModules.get(patched);
  if (!plain) {
    plain = { request: own };
    unpatchedModules.set(patched, plain);
  }
  return plain;
}

/** The request function of node:http or node:https as Node made it, which VS Code keeps when it patches the module. */
export function nodeOwnRequest<T extends (...args: never[]) => unknown>(module: unknown): T | undefined {
  const own = (module as PatchedModule | undefined)?.__vscodeOriginal?.request;
  return typeof own === 'function' ? own as unknown as T : undefined;
}

function protocolOf(options: RequestOptions): 'http:' | 'https:' | undefined {
  return options.protocol === 'https:' ? 'https:' : options.protocol === 'http:' ? 'http:' : undefined;
}

/** An origin, and whether its certificate is checked (an agent made for one request applies only to its like). */
function hostKey(options: RequestOptions): string {
  return `${options.protocol}//${options.host ?? options.hostname ?? ''}:${options.port ?? ''}${options.rejectUnauthorized === false ? ' unverified' : ''}`;
}

/**
 * How every client of the REST layer (organizations, collections, the profile service) reaches the network: the
 * request options node-api's area clients get (timeout, keep-alive, the proxy, certificate checks) and the options of
 * its request pipeline (concurrency cap, log, status, extra certificate authorities, shared connections).
 */
export function transport(options: ClientOptions): { requestOptions: IRequestOptions; pipeline: PipelineOptions } {
  return {
    requestOptions: {
      socketTimeout: Math.round(options.timeoutSeconds * 1000),
      allowRetries: false,
      keepAlive: true,
      // Said outright: VS Code's proxy agent would otherwise close every connection after one request
      // (microsoft/vscode#173861), so each request paid a new TCP and TLS handshake.
      headers: { 'X-TFS-FedAuthRedirect': 'Suppress', Connection: 'keep-alive' },
      ignoreSslError: options.strictSSL === false,
      proxy: options.proxy ? proxyOptions(options.proxy) : undefined,
    },
    pipeline: {
      maxConcurrent: options.maxConcurrent, log: options.log, onStatus: options.onStatus, connections: options.connections,
      ca: options.extraCertificates?.length ? certificateAuthorities(options.extraCertificates, options.log) : undefined,
    },
  };
}
