/** The request pipeline shared by the three listeners: log, latency, faults, routing, replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { hostApi, optionsReply, projectCollections, connectionData, isReply, requireHost, realmOf } from './api';
import { authenticate, credentialLabel } from './auth';
import type { Ctx, Incoming } from './context';
import type { Fault, ListenerName } from './control';
import { controlApi } from './controlhttp';
import { gitHttp } from './githttp';
import { identityImage } from './identities';
import { errorReply, JSON_TYPE, json, notFound, organizationNotFound, signInPage, unauthorized, type Reply } from './reply';
import { SERVER_DEPLOYMENT_ID } from './api';
import { sleep } from './util';
import { vsspsRequest } from './vssps';

function decodeSegments(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

/** Organization or collection a request addresses (for the log, faults and concurrency counts). */
function organizationOf(listener: ListenerName, segs: string[]): string | undefined {
  if (listener === 'cloud') return segs[0] && !segs[0].startsWith('_') ? segs[0] : undefined;
  if (listener === 'server') return segs[0]?.toLowerCase() === 'tfs' && segs[1] && !segs[1].startsWith('_') ? segs[1] : undefined;
  return undefined;
}

const RATE_LIMIT_BODY = (resource: string): string => `TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource '${resource}' in namespace 'User'.`;

function faultReply(fault: Fault, inc: Incoming): Reply {
  if (fault.fault === 'signInPage') return signInPage(inc.href);
  const status = fault.status ?? 500;
  const headers: Record<string, string> = { ...(fault.headers ?? {}) };
  if (status === 429) {
    const retryAfter = fault.retryAfter ?? 30;
    Object.assign(headers, {
      'retry-after': String(retryAfter), 'x-ratelimit-resource': 'ATCPU', 'x-ratelimit-delay': '3.5',
      'x-ratelimit-limit': '200', 'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + retryAfter), ...(fault.headers ?? {}),
    });
    return json(429, fault.body ?? { $id: '1', innerException: null, message: RATE_LIMIT_BODY('ATCPU'), typeName: 'Microsoft.TeamFoundation.Framework.Server.RequestBlockedException, Microsoft.TeamFoundation.Framework.Server', typeKey: 'RequestBlockedException', errorCode: 0, eventId: 3000 }, headers);
  }
  if (fault.body !== undefined) return typeof fault.body === 'string' ? { status, raw: fault.body, headers: { 'content-type': 'text/plain', ...headers } } : json(status, fault.body, headers);
  return errorReply(status, `Emulated fault: HTTP ${status}.`, 'EmulatedFaultException', 'Microsoft.VisualStudio.Services.Common', headers);
}

/** JSON answers of at least this size are gzipped for clients that ask for it (Accept-Encoding), as the service does. */
const GZIP_MIN_BYTES = 1024;

/**
 * Gzipped answers by their text, the oldest forgotten past GZIP_CACHE_CHARS. The service compresses on its many
 * machines; this single thread would spend most of its time on it when 50 organizations ask at once (and queue the
 * requests behind it, which the latency does not stand for). The same answer text is compressed once.
 */
const gzipCache = new Map<string, Buffer>();
const GZIP_CACHE_CHARS = 64 * 1024 * 1024;
let gzipCacheChars = 0;

function gzipped(text: string): Buffer {
  const known = gzipCache.get(text);
  if (known) return known;
  const body = gzipSync(text);
  gzipCache.set(text, body);
  gzipCacheChars += text.length;
  for (const [old] of gzipCache) {
    if (gzipCacheChars <= GZIP_CACHE_CHARS) break;
    gzipCache.delete(old);
    gzipCacheChars -= old.length;
  }
  return body;
}

function send(res: ServerResponse, reply: Reply, malformed: boolean, head: boolean, acceptsGzip = false): void {
  const headers: Record<string, string | string[]> = { ...(reply.headers ?? {}) };
  let body: Buffer | undefined;
  let status = reply.status;
  if (malformed) {
    const full = reply.serialized ?? (reply.json !== undefined ? JSON.stringify(reply.json) : '{"count":1,"value":[{"id":"00000000-0000-0000-0000-000000000000","name":"x"}]}');
    body = Buffer.from(full.slice(0, Math.max(1, Math.floor(full.length / 2))), 'utf8');
    headers['content-type'] = JSON_TYPE;
    status = 200;
  } else if (reply.serialized !== undefined || reply.json !== undefined) {
    const text = reply.serialized ?? JSON.stringify(reply.json);
    headers['content-type'] = JSON_TYPE;
    if (acceptsGzip && (text.length >= GZIP_MIN_BYTES || Buffer.byteLength(text, 'utf8') >= GZIP_MIN_BYTES)) {
      body = gzipped(text);
      headers['content-encoding'] = 'gzip';
      headers.vary = 'Accept-Encoding';
    } else {
      body = Buffer.from(text, 'utf8');
    }
  } else if (reply.raw !== undefined) {
    body = typeof reply.raw === 'string' ? Buffer.from(reply.raw, 'utf8') : reply.raw;
  }
  headers['x-vss-e2eid'] = '00000000-0000-0000-0000-000000000000';
  if (body) headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(head ? undefined : body);
}

async function route(ctx: Ctx, inc: Incoming, res: ServerResponse, wire: Promise<void>): Promise<Reply | 'streamed'> {
  const segs = inc.segs;
  if (inc.listener === 'vssps') return vsspsRequest(ctx, inc);
  let hostSegs: string[];
  let kind: 'cloud' | 'server';
  if (inc.listener === 'cloud') {
    kind = 'cloud';
    if (segs.length === 0) return notFound('Azure DevOps emulator: address an organization, e.g. /{organization}/_apis/projects.');
    hostSegs = segs;
  } else {
    kind = 'server';
    if ((segs[0] ?? '').toLowerCase() !== 'tfs') return notFound('Azure DevOps Server emulator: the virtual directory is /tfs.');
    hostSegs = segs.slice(1);
    if ((hostSegs[0] ?? '').toLowerCase() === '_apis') return deploymentApi(ctx, inc, hostSegs.slice(1));
  }
  const [hostName = '', ...rest] = hostSegs;
  const host = ctx.state.findHost(kind, hostName);
  if (!host) return organizationNotFound(hostName, kind);
  const first = (rest[0] ?? '').toLowerCase();
  const second = (rest[1] ?? '').toLowerCase();
  if (first === '_apis') return hostApi(ctx, inc, host, undefined, rest.slice(1));
  if (second === '_apis') return hostApi(ctx, inc, host, rest[0], rest.slice(2));
  // git streams its answer as it goes: the round trip comes first.
  if (first === '_git') return wire.then(() => gitHttp(ctx, inc, res, host, undefined, rest.slice(1)));
  if (second === '_git') return wire.then(() => gitHttp(ctx, inc, res, host, rest[0], rest.slice(2)));
  if (first === '_api' && second === '_common' && (rest[2] ?? '').toLowerCase() === 'identityimage') {
    const allowed = requireHost(ctx, inc, host);
    return isReply(allowed) ? allowed : identityImage(ctx, inc, host);
  }
  const token = requireHost(ctx, inc, host);
  if (isReply(token)) return token;
  return notFound(`The page '/${segs.join('/')}' was not found.`);
}

/** `{serverUrl}/_apis/...`: the server itself (projectCollections, connectionData, empty ResourceAreas). */
function deploymentApi(ctx: Ctx, inc: Incoming, api: string[]): Reply {
  const outcome = authenticate(ctx.state, inc.req.headers.authorization);
  const token = 'token' in outcome && (outcome.token.organizations === '*'
    || ctx.state.collections.some((c) => outcome.token.organizations.includes(c.name))) ? outcome.token : undefined;
  if (!token) return unauthorized(realmOf(inc), false);
  if (inc.method === 'OPTIONS') return optionsReply('deployment', api[0]);
  const resource = (api[0] ?? '').toLowerCase();
  if (resource === 'projectcollections') return projectCollections(ctx, ctx.state.collections, inc, api[1]);
  if (resource === 'connectiondata') return connectionData(token, 'server', SERVER_DEPLOYMENT_ID);
  if (resource === 'resourceareas') return json(200, { count: 0, value: null });
  return notFound(`The resource '_apis/${api.join('/')}' was not found on this server.`, 'ApiResourceNotFoundException');
}

/** A node `http` request listener for one of the emulator's listeners. */
export function createHandler(listener: ListenerName, ctx: Ctx): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(listener, ctx, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        send(res, errorReply(500, `Emulator error: ${err instanceof Error ? err.message : String(err)}`, 'EmulatorException'), false, false);
      } else {
        res.destroy();
      }
    });
  };
}

/** Each TCP connection the emulator accepted, numbered in order (the log says which one carried a request). */
const connectionIds = new WeakMap<object, number>();
let nextConnection = 1;
function connectionOf(socket: object): number {
  let id = connectionIds.get(socket);
  if (id === undefined) connectionIds.set(socket, id = nextConnection++);
  return id;
}

async function handle(listener: ListenerName, ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const hostHeader = req.headers.host ?? '127.0.0.1';
  const url = new URL(req.url ?? '/', `http://${hostHeader}`);
  const segs = decodeSegments(url.pathname);
  if (listener === 'cloud' && segs?.[0] === '_emulator') {
    await controlApi(ctx, req, res, method, segs.slice(1));
    return;
  }
  const organization = segs ? organizationOf(listener, segs) : undefined;
  let decodedPath = url.pathname;
  try {
    decodedPath = decodeURIComponent(url.pathname);
  } catch {
    // keep the raw path
  }
  const entry = ctx.knobs.begin(method, listener, decodedPath, url.search, organization, connectionOf(req.socket));
  entry.credential = credentialLabel(ctx.state, req.headers.authorization);
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') ctx.knobs.epoch++;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    ctx.knobs.end(entry, res.headersSent ? res.statusCode : undefined);
  };
  res.on('finish', finish);
  res.on('close', finish);
  // The latency stands for the network round trip, which the service's own work overlaps (as it does on the
  // service's many machines): the answer is computed meanwhile and sent once the latency has passed.
  const wire = ctx.knobs.latencyMs > 0 ? sleep(ctx.knobs.latencyMs) : Promise.resolve();
  const inc: Incoming = { req, method, listener, segs: segs ?? [], query: url.searchParams, href: url.href };
  if (!segs) {
    await wire;
    send(res, errorReply(400, 'The request path is not valid.', 'InvalidPathException'), false, false);
    return;
  }
  let malformed = false;
  const fault = ctx.knobs.takeFault(method, listener, organization, decodedPath);
  if (fault) await wire;
  if (fault) {
    entry.fault = fault.fault;
    if (fault.fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault.fault === 'delay') await sleep(fault.delayMs ?? 1000);
    else if (fault.fault === 'hold') await ctx.knobs.hold(fault.id, fault.delayMs ?? 60_000);
    else if (fault.fault === 'malformedJson') malformed = true;
    else {
      req.resume();
      send(res, faultReply(fault, inc), false, method === 'HEAD');
      return;
    }
  }
  const reply = await route(ctx, inc, res, wire);
  if (reply === 'streamed') return;
  await wire;
  if (!req.readableEnded) req.resume();
  send(res, reply, malformed, method === 'HEAD', /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? '')));
}
