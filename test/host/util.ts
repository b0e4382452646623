// Small process and network helpers shared by the test host, the UI runner and the playground.
import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** True when nothing is listening on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `url` until it answers 200, the child exits (error with its output) or `timeoutMs` passes.
 */
export async function waitForHttp(url: string, child: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exited) {
      throw new Error(`${child.name} exited (${child.exitDescription()}) before ${url} answered:\n${child.tail()}`);
    }
    try {
      const status = await httpStatus(url);
      if (status === 200) return;
      lastError = `HTTP ${status}`;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await delay(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (${lastError}). ${child.name} output:\n${child.tail()}`);
}

/** A child process in its own process group (so its children die with it) whose output is kept. */
export class ManagedProcess {
  readonly child: ChildProcess;
  exited = false;
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  private output = '';
  private readonly exitPromise: Promise<void>;

  constructor(readonly name: string, command: string, args: string[], options: SpawnOptions & {
    logFile?: string;
    onLine?: (line: string) => void;
  }) {
    const log = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    this.child = spawn(command, args, { ...options, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      this.output = (this.output + text).slice(-30000);
      log?.write(text);
      if (options.onLine) {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) options.onLine(line);
      }
    };
    // Last resort when the runner exits without stop() (crash, process.exit): no orphaned process group.
    const onExit = (): void => this.killGroup('SIGKILL');
    process.once('exit', onExit);
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    this.exitPromise = new Promise((resolve) => {
      this.child.on('error', (err) => {
        this.output += `\n[spawn error] ${err.message}`;
        this.exited = true;
        log?.end();
        resolve();
      });
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code;
        this.exitSignal = signal;
        log?.end();
        resolve();
      });
    });
  }

  tail(lines = 40): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  exitDescription(): string {
    return this.exitSignal ? `signal ${this.exitSignal}` : `exit code ${this.exitCode}`;
  }

  waitForExit(): Promise<void> {
    return this.exitPromise;
  }

  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the process is gone. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exited) {
      this.killGroup('SIGKILL');
      return;
    }
    this.killGroup('SIGTERM');
    const timer = setTimeout(() => this.killGroup('SIGKILL'), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
    this.killGroup('SIGKILL'); // leftovers of the group (extension host, watchers, pty host)
  }

  private killGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === 'win32') this.child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (err) {
    console.warn(`[test-host] could not remove ${dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Rejects with `message` when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
