import * as assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { HttpClient } from 'typed-rest-client/HttpClient';
import { RestClient } from 'typed-rest-client/RestClient';
import { AzdoError } from '../../src/azdo/errors';
import { READ_AS_HEADER, RequestPipeline } from '../../src/azdo/http';
import { ReadingThread } from '../../src/azdo/readingThread';
import { repositoriesOf } from '../../src/azdo/repositoryInfo';
import { serve } from '../support/httpServer';
import { repositoryList } from '../support/repositoryLists';

const WORKER = path.resolve(__dirname, '..', '..', 'src', 'azdo', 'bodyWorker.ts');

/** A server answering /list/<n> with n repositories, gzipped when asked; it keeps every request's headers. */
async function listServer() {
  const headers: IncomingHttpHeaders[] = [];
  const server = await serve((req, res) => {
    headers.push(req.headers);
    const count = Number(req.url?.split('/').pop());
    const body = Buffer.from(JSON.stringify(repositoryList(count)));
    const gzip = /gzip/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
    res.end(gzip ? gzipSync(body) : body);
  });
  return { ...server, headers };
}

/** A RestClient through a pipeline, as node-api's area clients are. */
function restThrough(pipeline: RequestPipeline): RestClient {
  const rest = new RestClient('test');
  pipeline.instrument({ http: new HttpClient('test'), rest });
  return rest;
}

const asRepositories = (gzip = true) => ({ additionalHeaders: { [READ_AS_HEADER]: 'repositories', ...(gzip ? { 'Accept-Encoding': 'gzip' } : {}) } });

describe('RequestPipeline: answers read as repositories (readAs.ts)', function () {
  this.timeout(20_000);

  it('reads a large list on the reading thread and a small one where it arrives; the header never reaches the server', async () => {
    const server = await listServer();
    const reading = new ReadingThread({ file: WORKER, execArgv: ['--require', 'tsx/cjs'] });
    try {
      const rest = restThrough(new RequestPipeline({ maxConcurrent: 4, reading }));
      const large = await rest.get<unknown>(`${server.url}/list/300`, asRepositories());
      assert.deepStrictEqual(large.result, repositoriesOf(repositoryList(300)));
      assert.equal(reading.answeredJobs, 1, 'the large list went to the thread');
      const small = await rest.get<unknown>(`${server.url}/list/3`, asRepositories());
      assert.deepStrictEqual(small.result, repositoriesOf(repositoryList(3)));
      const plain = await rest.get<unknown>(`${server.url}/list/300`, asRepositories(false));
      assert.deepStrictEqual(plain.result, repositoriesOf(repositoryList(300)), 'an answer that is not gzipped reads the same');
      assert.equal(reading.answeredJobs, 2, 'the small list did not');
      assert.equal(server.headers.length, 3);
      for (const h of server.headers) assert.equal(h[READ_AS_HEADER], undefined, 'the header is taken off before the request goes out');
      const untouched = await rest.get<{ count: number }>(`${server.url}/list/2`, { additionalHeaders: { 'Accept-Encoding': 'gzip' } });
      assert.equal(untouched.result?.count, 6, 'a request that does not ask gets the answer as it is');
    } finally {
      reading.dispose();
      await server.close();
    }
  });

  it('reads the same without a reading thread, or when the thread cannot start', async () => {
    const server = await listServer();
    const broken = new ReadingThread({ file: path.join(__dirname, 'no-such-worker.js') });
    try {
      for (const pipeline of [new RequestPipeline({ maxConcurrent: 4 }), new RequestPipeline({ maxConcurrent: 4, reading: broken })]) {
        const res = await restThrough(pipeline).get<unknown>(`${server.url}/list/300`, asRepositories());
        assert.deepStrictEqual(res.result, repositoriesOf(repositoryList(300)));
      }
      assert.equal(broken.started, 1, 'it tried');
      assert.equal(broken.answeredJobs, 0);
    } finally {
      broken.dispose();
      await server.close();
    }
  });

  it('makes a list that does not inflate a malformed answer, on the thread as here', async () => {
    // Garbage whose last four bytes claim 1 MB inflated, so that it goes to the thread.
    const garbage = Buffer.concat([Buffer.from('this is not gzip at all'), Buffer.from([0, 0, 16, 0])]);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(garbage);
    });
    const reading = new ReadingThread({ file: WORKER, execArgv: ['--require', 'tsx/cjs'] });
    try {
      for (const pipeline of [new RequestPipeline({ maxConcurrent: 4, reading }), new RequestPipeline({ maxConcurrent: 4 })]) {
        await assert.rejects(restThrough(pipeline).get(`${server.url}/list`, asRepositories()),
          (err: unknown) => err instanceof AzdoError && err.kind === 'malformed' && /could not be read/.test(err.message));
      }
      assert.equal(reading.answeredJobs, 1, 'the thread saw the first');
    } finally {
      reading.dispose();
      await server.close();
    }
  });
});
