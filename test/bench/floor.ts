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
import { readText } from '../../src/azdo/body';
import { nodeOwnRequest } from '../../src/azdo/connections';
import type { LogEntry } from '../emulator/control';
import { log, quantile } from './hostkit';

export interface FloorRequest { url: string; token: string }

/** The GET requests of a load, as the emulator logged them, each with its organization's token. */
export function floorRequests(serviceUrl: string, entries: LogEntry[], tokens: Record<string, string>): FloorRequest[] {
  return entries
    .filter((e) => e.method === 'GET' && e.organization && tokens[e.organization])
    .map((e) => ({ url: `${serviceUrl}${encodeURI(e.path)}${e.query}`, token: tokens[e.organization!] }));
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

// Node's own request functions (the patched ones where VS Code keeps none).
const requests = {
  http: nodeOwnRequest<typeof http.request>(http) ?? http.request,
  https: nodeOwnRequest<typeof https.request>(https) ?? https.request,
};

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
      // Read as the extension reads an answer (body.ts: joined once, inflated in one step on the thread pool), then parsed.
      readText(res).then((text) => {
        if (res.statusCode !== 200) throw new Error(`${request.url.replace(/\?.*/, '')} answered ${res.statusCode}`);
        resolve(JSON.parse(text));
      }).catch(reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** When the emulator saw the floor's requests and answered them, beside the load's own timeline (hostkit.ts). */
export function floorTimeline(entries: LogEntry[], started: number, ms: number): void {
  if (entries.length === 0) return;
  const sent = entries.map((e) => e.start - started);
  const answered = entries.map((e) => (e.end ?? e.start) - started);
  log(`  its floor: sent ${quantile(sent, 0)}..${quantile(sent, 1)} ms, answered ${quantile(answered, 0)}..${quantile(answered, 1)} ms, all read at ${ms.toFixed(0)} ms`);
}

/** Sends every request at once and resolves with the time until the last answer is parsed (ms). */
export async function floorLoad(requests: FloorRequest[]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(requests.map(get));
  return performance.now() - t0;
}
