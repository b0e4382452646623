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

/**
 * A sink made on its first line or level query, not before: making VS Code's log channel costs activation about a
 * millisecond of the host's work, and activation writes no line.
 */
export class LazySink implements LogSink {
  private sink: LogSink | undefined;

  constructor(private readonly make: () => LogSink) {}

  get made(): boolean { return this.sink !== undefined; }
  private get target(): LogSink { return this.sink ??= this.make(); }
  get logLevel(): number | undefined { return this.target.logLevel; }
  trace(message: string): void { this.target.trace(message); }
  debug(message: string): void { this.target.debug(message); }
  info(message: string): void { this.target.info(message); }
  warn(message: string): void { this.target.warn(message); }
  error(message: string): void { this.target.error(message); }
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
