import type * as WorkerThreads from 'node:worker_threads';
import type { JobAnswer, JobRequest, ReadJob } from './readAs';

/**
 * A worker thread that reads large JSON answers (inflates, parses and shapes them, see readAs.ts) off the extension
 * host's thread. That thread is shared by every extension of the window, and with 50 organizations the repository
 * lists are 7 MB of JSON: read there, they held up everything else (and the load itself, which arrives faster than
 * one thread reads it) for most of a round trip.
 *
 * The thread starts when a request that wants it goes out (it is ready before the answer comes back) and ends after
 * `idleMs` without work. When it cannot start, or dies, answers are read where they arrive: `read` resolves
 * undefined and the caller reads the body itself, so nothing fails for want of the thread.
 */
export interface ReadingThreadOptions {
  /** The built worker: dist/bodyWorker.js. */
  file: string;
  /** Milliseconds without work after which the thread ends. Default 30 s. */
  idleMs?: number;
  /** Node options for the thread (the unit tests run the TypeScript source through tsx). */
  execArgv?: string[];
  log?: (line: string) => void;
}

/** Answers smaller than this once inflated are read where they arrive: the trip would cost more than it saves. */
export const OFF_THREAD_MIN_BYTES = 32 * 1024;

interface Pending {
  resolve(text: string | undefined): void;
  reject(err: Error): void;
}

export class ReadingThread {
  private worker?: WorkerThreads.Worker;
  /** The current thread has answered at least once (so it could start). */
  private answered = false;
  /** A thread failed before its first answer: reading stays on the calling thread from then on. */
  private broken = false;
  private disposed = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private idle?: NodeJS.Timeout;
  /** Threads started, and jobs they answered (for tests and diagnostics). */
  started = 0;
  answeredJobs = 0;

  constructor(private readonly options: ReadingThreadOptions) {}

  /** Starts the thread ahead of the answers it will read (a request that wants it has gone out). */
  warm(): void {
    if (this.ensure() && this.pending.size === 0) this.restartIdle();
  }

  /**
   * The job's answer packed as text (readAs.ts unpackAnswer reads it), or undefined when there is no thread to read
   * it: the caller reads the body itself. Rejects with the job's own error (a body that does not inflate or parse).
   */
  read(job: ReadJob): Promise<string | undefined> {
    const worker = this.ensure();
    if (!worker) return Promise.resolve(undefined);
    clearTimeout(this.idle);
    const id = this.nextId++;
    return new Promise<string | undefined>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        // Copied to a buffer of its own and handed over: a view of a larger buffer (Node's pooled ones) would be
        // cloned whole.
        const bytes = new Uint8Array(job.bytes);
        worker.postMessage({ id, job: { ...job, bytes } } satisfies JobRequest, [bytes.buffer]);
      } catch {
        this.pending.delete(id);
        resolve(undefined);
      }
    });
  }

  /** Jobs sent to the thread and not yet answered. */
  get queued(): number {
    return this.pending.size;
  }

  /** Whether a thread is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  private ensure(): WorkerThreads.Worker | undefined {
    if (this.worker) return this.worker;
    if (this.broken || this.disposed) return undefined;
    let worker: WorkerThreads.Worker;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- only when a large answer is on its way
      const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
      worker = new Worker(this.options.file, { execArgv: this.options.execArgv, name: 'Azure DevOps answers' });
    } catch (err) {
      this.fail(err);
      return undefined;
    }
    worker.unref(); // never what keeps the extension host (or a test run) alive
    this.answered = false;
    this.started++;
    worker.on('message', (answer: JobAnswer) => this.settle(answer));
    worker.on('error', (err) => this.lost(worker, err));
    worker.on('exit', (code) => this.lost(worker, `exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private settle(answer: JobAnswer): void {
    this.answered = true;
    this.answeredJobs++;
    const pending = this.pending.get(answer.id);
    if (!pending) return;
    this.pending.delete(answer.id);
    if ('text' in answer) pending.resolve(answer.text);
    else pending.reject(Object.assign(new Error(answer.error.message), { name: answer.error.name, code: answer.error.code }));
    if (this.pending.size === 0) this.restartIdle();
  }

  /** The thread ended without being asked to: its jobs go back to their callers, to be read where they arrived. */
  private lost(worker: WorkerThreads.Worker, cause: unknown): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    clearTimeout(this.idle);
    if (!this.answered) this.fail(cause);
    else this.options.log?.(`The thread reading answers ended (${describe(cause)}); it starts again with the next large answer`);
    this.release();
  }

  private fail(cause: unknown): void {
    this.broken = true;
    this.options.log?.(`The thread reading answers could not start (${describe(cause)}); answers are read on the extension host's thread`);
  }

  private restartIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.pending.size === 0) this.stop();
    }, this.options.idleMs ?? 30_000);
    this.idle.unref();
  }

  private stop(): void {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    this.release();
    if (worker) void worker.terminate().catch(() => undefined);
  }

  private release(): void {
    for (const pending of this.pending.values()) pending.resolve(undefined);
    this.pending.clear();
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
