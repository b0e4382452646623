import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readAnswer, type ReadJob } from '../../src/azdo/readAs';
import { ReadingThread, type ReadingThreadOptions } from '../../src/azdo/readingThread';
import { unpackRepositories } from '../../src/azdo/repositoryInfo';
import { repositoryList } from '../support/repositoryLists';

// The real worker, run from its TypeScript source through tsx (the extension runs the bundle, dist/bodyWorker.js).
const WORKER = path.resolve(__dirname, '..', '..', 'src', 'azdo', 'bodyWorker.ts');
const TSX = ['--require', 'tsx/cjs'];

function thread(options: Partial<ReadingThreadOptions> = {}): { reading: ReadingThread; lines: string[] } {
  const lines: string[] = [];
  const reading = new ReadingThread({ file: WORKER, execArgv: TSX, log: (line) => lines.push(line), ...options });
  return { reading, lines };
}

function gzippedList(count: number): ReadJob {
  return { bytes: gzipSync(JSON.stringify(repositoryList(count))), gzip: true, charset: 'utf8', as: 'repositories' };
}

describe('ReadingThread (a real worker thread)', function () {
  this.timeout(20_000);

  it('reads a gzipped list of repositories on the thread as the calling thread would, and leaves the caller\'s bytes alone', async () => {
    const { reading } = thread();
    try {
      const job = gzippedList(120);
      const before = Buffer.from(job.bytes);
      const packed = await reading.read(job);
      assert.ok(packed !== undefined, 'the thread answered');
      assert.deepStrictEqual(unpackRepositories(packed), readAnswer(job));
      assert.equal(reading.started, 1);
      assert.equal(reading.answeredJobs, 1);
      assert.deepEqual(Buffer.from(job.bytes), before, 'the body is still there for the caller (copied, not handed over)');
      // Concurrent jobs each get their own answer.
      const jobs = [3, 60, 0, 200].map(gzippedList);
      const answers = await Promise.all(jobs.map((j) => reading.read(j)));
      answers.forEach((a, i) => assert.deepStrictEqual(unpackRepositories(a!), readAnswer(jobs[i]), `job ${i}`));
      assert.equal(reading.started, 1, 'one thread for all of them');
    } finally {
      reading.dispose();
    }
  });

  it('rejects a body that does not inflate or parse with its own error, and goes on reading', async () => {
    const { reading } = thread();
    try {
      const broken = { ...gzippedList(10), bytes: Buffer.from('definitely not gzip') };
      await assert.rejects(reading.read(broken), (err: NodeJS.ErrnoException) => err.code === 'Z_DATA_ERROR');
      const notJson = { ...gzippedList(1), bytes: gzipSync('{"value": [') };
      await assert.rejects(reading.read(notJson), (err: Error) => err.name === 'SyntaxError');
      const job = gzippedList(5);
      assert.deepStrictEqual(unpackRepositories((await reading.read(job))!), readAnswer(job));
      assert.equal(reading.started, 1, 'the same thread');
    } finally {
      reading.dispose();
    }
  });

  it('ends after idleMs without work, and starts again for the next job', async () => {
    const { reading } = thread({ idleMs: 50 });
    try {
      reading.warm();
      assert.equal(reading.running, true, 'warm() starts it ahead of the answers');
      await reading.read(gzippedList(2));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(reading.running, false, 'ended when idle');
      await reading.read(gzippedList(2));
      assert.equal(reading.started, 2);
    } finally {
      reading.dispose();
    }
    assert.equal(reading.running, false, 'dispose ends it');
  });

  it('when the thread cannot start, says so once and leaves reading to the caller', async () => {
    const { reading, lines } = thread({ file: path.join(__dirname, 'no-such-worker.js'), execArgv: [] });
    try {
      assert.equal(await reading.read(gzippedList(2)), undefined, 'the caller reads it');
      assert.equal(await reading.read(gzippedList(2)), undefined);
      assert.equal(reading.started, 1, 'no second attempt');
      assert.equal(lines.length, 1);
      assert.match(lines[0], /could not start .*answers are read on the extension host's thread/);
    } finally {
      reading.dispose();
    }
  });

  it('hands jobs back to their callers when disposed while they wait', async () => {
    const { reading } = thread();
    const waiting = reading.read(gzippedList(300));
    reading.dispose();
    assert.equal(await waiting, undefined);
    assert.equal(await reading.read(gzippedList(1)), undefined, 'nothing starts after dispose');
  });
});
