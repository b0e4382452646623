// The floor of a load in this host: the same GET requests a load just made, sent by the bench itself from the same
// extension host with Node's own http.request (the one VS Code keeps as __vscodeOriginal before it patches the module
// for its proxy support, which reads the configuration for every request) on kept-alive connections, each answer
// inflated and parsed as JSON, and nothing else: no proxy support, no REST library, no concurrency cap, no model.
// What a load takes beyond it is this extension's own work; what the floor takes beyond one round trip is the
// machine's (sending 100 requests and reading 7 MB of JSON in one process, on a machine shared with the emulator,
// code-server and the browser).
import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import type { LogEntry } from '../emulator/control';

export interface FloorRequest { url: string; token: string }

/** The GET requests of a load, as the emulator logged them, each with its organization's token. */
export function floorRequests(serviceUrl: string, entries: LogEntry[], tokens: Record<string, string>): FloorRequest[] {
  return entries
    .filter((e) => e.method === 'GET' && e.organization && tokens[e.organization])
    .map((e) => ({ url: `${serviceUrl}${encodeURI(e.path)}${e.query}`, token: tokens[e.organization!] }));
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

type Request = typeof http.request;
/** Node's request function of `module`, as it was before VS Code patched it (the patched one where VS Code keeps none). */
function nodeRequest(module: typeof http | typeof https): Request {
  const original = (module as { __vscodeOriginal?: { request?: Request } }).__vscodeOriginal?.request;
  return original ?? module.request;
}
const requests = { http: nodeRequest(http), https: nodeRequest(https) };

function get(request: FloorRequest): Promise<unknown> {
  const secure = request.url.startsWith('https:');
  return new Promise((resolve, reject) => {
    const req = (secure ? requests.https : requests.http)(request.url, {
      agent: secure ? agents.https : agents.http,
      headers: {
        Authorization: `Basic ${Buffer.from(`:${request.token}`).toString('base64')}`,
        Accept: 'application/json', 'Accept-Encoding': 'gzip', 'X-TFS-FedAuthRedirect': 'Suppress', Connection: 'keep-alive',
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        try {
          if (res.statusCode !== 200) throw new Error(`${request.url.replace(/\?.*/, '')} answered ${res.statusCode}`);
          const body = Buffer.concat(chunks);
          resolve(JSON.parse((res.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends every request at once and resolves with the time until the last answer is parsed (ms). */
export async function floorLoad(requests: FloorRequest[]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(requests.map(get));
  return performance.now() - t0;
}
