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
