import { Deferred } from './lazyFeatures';
import { Redactor, describeForLog } from './util/redact';

/** What the rest of the extension logs through. Every message is redacted before it reaches the sink. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** The part of vscode.LogOutputChannel the logger writes to (kept structural so unit tests can pass a sink). */
export interface LogSink {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** vscode.LogLevel (Off 0, Trace 1, Debug 2, Info 3, …): lines below it are dropped by the sink anyway. */
  readonly logLevel?: number;
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * A sink made just after its first line, or at once when asked for (`get`): making VS Code's log channel costs
 * activation about a millisecond of the host's work, and activation writes a line or two. Lines written before it is
 * made wait, in order; all are kept, since its level is not known yet (the channel drops what its level does not want).
 */
export class LazySink<T extends LogSink> implements LogSink {
  private readonly waiting: [Level, string][] = [];
  private readonly sink: Deferred<T>;

  constructor(make: () => T) {
    this.sink = new Deferred(() => {
      const sink = make();
      for (const [level, message] of this.waiting.splice(0)) sink[level](message);
      return sink;
    }, (err) => console.error('The log channel could not be made', err));
  }

  get made(): boolean { return this.sink.isMade; }

  /** The sink, made now if it was not; the lines waiting go to it first. */
  get(): T { return this.sink.get(); }

  /** Undefined until made: every line is kept until then. */
  get logLevel(): number | undefined { return this.made ? this.sink.get().logLevel : undefined; }
  trace(message: string): void { this.put('trace', message); }
  debug(message: string): void { this.put('debug', message); }
  info(message: string): void { this.put('info', message); }
  warn(message: string): void { this.put('warn', message); }
  error(message: string): void { this.put('error', message); }

  /** Lines waiting are dropped, and no sink is made for later ones (the extension is going away). */
  dispose(): void {
    this.sink.dispose();
    this.waiting.length = 0;
  }

  private put(level: Level, message: string): void {
    if (this.made) {
      this.sink.get()[level](message);
      return;
    }
    if (this.sink.isDisposed) return;
    this.waiting.push([level, message]);
    this.sink.soon();
  }
}

const TRACE = 1;
const DEBUG = 2;

export class RedactingLogger implements Logger {
  constructor(private readonly sink: LogSink, readonly redactor: Redactor) {}

  /** Trace and debug lines (one per request) are not even redacted when the channel would drop them. */
  private wants(level: number): boolean {
    const current = this.sink.logLevel;
    return current === undefined || (current !== 0 && current <= level);
  }

  trace(message: string): void { if (this.wants(TRACE)) this.sink.trace(this.redactor.redact(message)); }
  debug(message: string): void { if (this.wants(DEBUG)) this.sink.debug(this.redactor.redact(message)); }
  info(message: string): void { this.sink.info(this.redactor.redact(message)); }
  warn(message: string): void { this.sink.warn(this.redactor.redact(message)); }
  error(message: string, error?: unknown): void {
    const detail = error === undefined ? '' : `: ${describeForLog(error, this.redactor)}`;
    this.sink.error(this.redactor.redact(message) + detail);
  }
}
