import * as assert from 'node:assert/strict';
import { HttpClient } from 'typed-rest-client/HttpClient';
import { AzdoError } from '../../src/azdo/errors';
import { RequestPipeline, Semaphore } from '../../src/azdo/http';
import { serve } from '../support/httpServer';

function apiFor(client: HttpClient) {
  return { http: new HttpClient('test'), rest: { client } };
}

describe('RequestPipeline (real HTTP through typed-rest-client)', () => {
  it('never has more requests in flight than the cap, counted by the server', async () => {
    let inFlight = 0;
    let max = 0;
    const server = await serve((_req, res) => {
      inFlight++;
      max = Math.max(max, inFlight);
      setTimeout(() => { inFlight--; res.end('{}'); }, 20);
    });
    try {
      const client = new HttpClient('test');
      new RequestPipeline({ maxConcurrent: 3 }).instrument(apiFor(client));
      await Promise.all(Array.from({ length: 12 }, (_, i) => client.get(`${server.url}/r${i}`).then((r) => r.readBody())));
      assert.equal(max, 3);
    } finally {
      await server.close();
    }
  });

  it('waits for Retry-After on 429 and then succeeds', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(429, { 'Retry-After': '7', 'Content-Type': 'application/json' });
        res.end('{"message":"slow down"}');
      } else {
        res.end('{"ok":true}');
      }
    });
    const waits: number[] = [];
    try {
      const client = new HttpClient('test');
      new RequestPipeline({ maxConcurrent: 2, sleep: async (ms) => { waits.push(ms); } }).instrument(apiFor(client));
      const res = await client.get(`${server.url}/x`);
      assert.equal(res.message.statusCode, 200);
      assert.equal(await res.readBody(), '{"ok":true}');
      assert.deepEqual(waits, [7000]);
      assert.equal(calls, 2);
    } finally {
      await server.close();
    }
  });

  it('gives up after the allowed retries and returns the 429', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(429, { 'Retry-After': '1' });
      res.end();
    });
    try {
      const client = new HttpClient('test');
      new RequestPipeline({ maxConcurrent: 1, maxThrottleRetries: 2, sleep: async () => undefined }).instrument(apiFor(client));
      const res = await client.get(`${server.url}/x`);
      assert.equal(res.message.statusCode, 429);
    } finally {
      await server.close();
    }
  });

  it('turns a 203 HTML sign-in page into a signInPage error instead of data', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(203, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<html><body>Sign in</body></html>');
    });
    try {
      const client = new HttpClient('test');
      const statuses: number[] = [];
      new RequestPipeline({ maxConcurrent: 1, onStatus: (s) => statuses.push(s) }).instrument(apiFor(client));
      await assert.rejects(client.get(`${server.url}/_apis/connectionData`), (err: unknown) => err instanceof AzdoError && err.kind === 'signInPage');
      assert.deepEqual(statuses, [203]);
    } finally {
      await server.close();
    }
  });

  it('reports route discovery that finds nothing (OPTIONS 404) as notFound', async () => {
    const server = await serve((_req, res) => { res.writeHead(404); res.end(); });
    try {
      const client = new HttpClient('test');
      new RequestPipeline({ maxConcurrent: 1 }).instrument(apiFor(client));
      await assert.rejects(client.options(`${server.url}/nope/_apis/git`), (err: unknown) => err instanceof AzdoError && err.kind === 'notFound');
    } finally {
      await server.close();
    }
  });

  it('logs method, URL without query and status, never headers', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    const lines: string[] = [];
    try {
      const client = new HttpClient('test');
      new RequestPipeline({ maxConcurrent: 1, log: (l) => lines.push(l) }).instrument(apiFor(client));
      await (await client.get(`${server.url}/a/b?secret=1`, { Authorization: 'Basic c2VjcmV0' })).readBody();
      assert.equal(lines.length, 1);
      assert.match(lines[0], /^GET http:\/\/127\.0\.0\.1:\d+\/a\/b → 200 in \d+ ms$/);
    } finally {
      await server.close();
    }
  });

  it('asks a read again, once, when the server dropped the connection (a stale kept-alive socket); never a write', async () => {
    const seen: string[] = [];
    const server = await serve((req, res) => {
      seen.push(req.method ?? '');
      if (seen.length % 2 === 1) {
        req.socket.destroy(); // what a server that closed an idle connection looks like to the client
        return;
      }
      res.end('{"ok":true}');
    });
    try {
      const client = new HttpClient('test');
      new RequestPipeline({ maxConcurrent: 2 }).instrument(apiFor(client));
      const res = await client.get(`${server.url}/x`);
      assert.equal(res.message.statusCode, 200);
      assert.deepEqual(seen, ['GET', 'GET']);
      seen.length = 0;
      await assert.rejects(client.post(`${server.url}/x`, '{}'), (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET');
      assert.deepEqual(seen, ['POST'], 'a write is never sent twice');
      seen.length = 0;
      const connectionDropsTwice = await serve((req) => { seen.push(req.method ?? ''); req.socket.destroy(); });
      try {
        await assert.rejects(client.get(`${connectionDropsTwice.url}/x`), (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET');
        assert.deepEqual(seen, ['GET', 'GET'], 'asked again once, then the failure stands');
      } finally {
        await connectionDropsTwice.close();
      }
    } finally {
      await server.close();
    }
  });
});

describe('Semaphore', () => {
  it('hands slots over in order and releases once per acquire', async () => {
    const s = new Semaphore(1);
    const order: number[] = [];
    const first = await s.acquire();
    const second = s.acquire().then((release) => { order.push(2); return release; });
    const third = s.acquire().then((release) => { order.push(3); return release; });
    order.push(1);
    first();
    first(); // a second release of the same slot changes nothing
    (await second)();
    (await third)();
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(s.inFlight, 0);
  });

  it('tells the agent the protocol of every request, so that no agent has to guess it from a stack trace', async () => {
    const server = await serve((_req, res) => res.end('{}'));
    try {
      const client = new HttpClient('test');
      const protocols: (string | null | undefined)[] = [];
      const raw = client as unknown as { requestRaw(info: { options: { protocol?: string | null } }, data: unknown): Promise<unknown> };
      const original = raw.requestRaw.bind(client);
      raw.requestRaw = (info, data) => { protocols.push(info.options.protocol); return original(info, data); };
      new RequestPipeline({ maxConcurrent: 2 }).instrument(apiFor(client));
      await (await client.get(`${server.url}/x`)).readBody();
      assert.deepEqual(protocols, ['http:']);
    } finally {
      await server.close();
    }
  });
});
