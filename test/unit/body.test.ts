import * as assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import * as sinon from 'sinon';
import { HttpClient } from 'typed-rest-client/HttpClient';
import { RestClient } from 'typed-rest-client/RestClient';
import { inflate, INFLATE_IN_PLACE_MAX } from '../../src/azdo/body';
import { AzdoError } from '../../src/azdo/errors';
import { RequestPipeline } from '../../src/azdo/http';
import { serve } from '../support/httpServer';

/** A RestClient whose requests go through the pipeline, as node-api's area clients do. */
function instrumented(): RestClient {
  const rest = new RestClient('test');
  new RequestPipeline({ maxConcurrent: 2 }).instrument({ http: new HttpClient('test'), rest });
  return rest;
}

/** A list like the service's repository list: large enough to arrive in many chunks and inflate in many zlib steps. */
const repositories = {
  count: 3000,
  value: Array.from({ length: 3000 }, (_, i) => ({ id: `id-${i}`, name: `repo-${i} é ü 漢`, project: { id: 'p', name: 'Project' }, size: i })),
};

describe('JSON answers read by the pipeline (real HTTP through typed-rest-client)', () => {
  afterEach(() => sinon.restore());

  it('reads a large gzipped list the same as typed-rest-client does, parsing it once', async () => {
    const text = JSON.stringify(repositories);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(text));
    });
    try {
      const plain = await new RestClient('test').get<typeof repositories>(`${server.url}/x`);
      const parse = sinon.spy(JSON, 'parse');
      const read = await instrumented().get<typeof repositories>(`${server.url}/x`);
      assert.equal(parse.callCount, 1, 'the pipeline parses the body and RestClient takes its value');
      assert.equal(read.statusCode, 200);
      assert.deepEqual(read.result, plain.result);
      assert.equal(read.result?.value[2999].name, 'repo-2999 é ü 漢');
    } finally {
      await server.close();
    }
  });

  it('inflates every member of a multi-member gzip body (the trailer only sizes the buffer)', async () => {
    const text = JSON.stringify(repositories);
    const half = Math.floor(text.length / 2);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(Buffer.concat([gzipSync(text.slice(0, half)), gzipSync(text.slice(half))]));
    });
    try {
      const read = await instrumented().get<typeof repositories>(`${server.url}/x`);
      assert.equal(read.result?.value.length, 3000);
    } finally {
      await server.close();
    }
  });

  it('inflates on the thread pool: the thread runs other work while a large body inflates', async () => {
    // About 20 MB of JSON-like text: tens of milliseconds of inflating, however fast the machine.
    const text = JSON.stringify({ value: Array.from({ length: 8 }, () => repositories.value) }).repeat(10);
    const gzipped = gzipSync(text);
    let ranMeanwhile = false;
    const inflated = inflate(gzipped).then((bytes) => ({ bytes, ranMeanwhile }));
    setImmediate(() => { ranMeanwhile = true; });
    const result = await inflated;
    assert.equal(result.ranMeanwhile, true, 'work queued after the call ran before the body was inflated');
    assert.ok(result.bytes.equals(Buffer.from(text)), 'the inflated bytes are the text that was gzipped');
  });

  it('inflates a small body in place, and rejects a small body that does not inflate', async () => {
    const small = gzipSync(JSON.stringify(repositories.value.slice(0, 10)));
    assert.ok(small.length <= INFLATE_IN_PLACE_MAX, `${small.length} bytes gzipped`);
    let ranMeanwhile = false;
    setImmediate(() => { ranMeanwhile = true; });
    const bytes = await inflate(small);
    assert.equal(ranMeanwhile, false, 'nothing else ran: the body was inflated at once');
    assert.deepEqual(JSON.parse(bytes.toString('utf8')), repositories.value.slice(0, 10));
    const broken = Buffer.from(small);
    broken[broken.length - 12] ^= 0xff;
    await assert.rejects(inflate(broken), (err: unknown) => String((err as { code?: unknown }).code).startsWith('Z_'));
  });

  it('decodes the charset the Content-Type names', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=ISO-8859-1' });
      res.end(Buffer.from('{"name":"Caf\u00e9"}', 'latin1'));
    });
    try {
      const read = await instrumented().get<{ name: string }>(`${server.url}/x`);
      assert.equal(read.result?.name, 'Caf\u00e9');
    } finally {
      await server.close();
    }
  });

  it('hands the text on to readers of the raw answer', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync('{"a":1}'));
    });
    try {
      const client = new HttpClient('test');
      new RequestPipeline({ maxConcurrent: 1 }).instrument({ http: client, rest: { client: new HttpClient('test') } });
      const res = await client.get(`${server.url}/x`);
      assert.equal(await res.readBody(), '{"a":1}');
    } finally {
      await server.close();
    }
  });

  it('reports a gzipped body that does not inflate as an answer that could not be read', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      const broken = gzipSync(JSON.stringify(repositories));
      broken[broken.length - 12] ^= 0xff; // damage the deflate data near the end
      res.end(broken);
    });
    try {
      await assert.rejects(instrumented().get(`${server.url}/x`), (err: unknown) =>
        err instanceof AzdoError && err.kind === 'malformed' && /could not be read/.test(err.message) && err.statusCode === 200);
    } finally {
      await server.close();
    }
  });

  it('leaves 404 and error answers to RestClient (null result, error with the service message)', async () => {
    const server = await serve((req, res) => {
      res.writeHead(req.url === '/missing' ? 404 : 400, { 'Content-Type': 'application/json' });
      res.end('{"message":"VS403: no"}');
    });
    try {
      const rest = instrumented();
      const missing = await rest.get(`${server.url}/missing`);
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.result, null);
      await assert.rejects(rest.get(`${server.url}/bad`), (err: unknown) => (err as Error).message === 'VS403: no' && (err as { statusCode?: number }).statusCode === 400);
    } finally {
      await server.close();
    }
  });
});
