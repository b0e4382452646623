import { parentPort } from 'node:worker_threads';
import { packAnswer, type JobAnswer, type JobRequest } from './readAs';

/**
 * The reading thread (dist/bodyWorker.js, started by readingThread.ts): inflates, parses and reads large answers
 * off the extension host's thread, which every extension shares, and sends back a compact packing of the result.
 */
parentPort?.on('message', (request: JobRequest) => {
  let answer: JobAnswer;
  try {
    answer = { id: request.id, text: packAnswer(request.job) };
  } catch (err) {
    const e = err as { name?: unknown; message?: unknown; code?: unknown } | undefined;
    answer = {
      id: request.id,
      error: { name: String(e?.name ?? 'Error'), message: String(e?.message ?? err), code: typeof e?.code === 'string' ? e.code : undefined },
    };
  }
  parentPort?.postMessage(answer);
});
