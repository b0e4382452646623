// In-memory stand-ins for VS Code's global state, secret storage and log channel, for plain-Node tests and the
// bench's plain-Node parts (the real ones exist only inside the extension host).
import type { SecretStore, StateStore } from '../../src/auth/accountStore';
import type { LogSink } from '../../src/log';

export class MemoryState implements StateStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { this.data.set(key, JSON.parse(JSON.stringify(value)) as unknown); }
}

export class MemorySecrets implements SecretStore {
  readonly data = new Map<string, string>();
  private listeners: ((e: { key: string }) => unknown)[] = [];
  async get(key: string): Promise<string | undefined> { return this.data.get(key); }
  async store(key: string, value: string): Promise<void> { this.data.set(key, value); this.emit(key); }
  async delete(key: string): Promise<void> { this.data.delete(key); this.emit(key); }
  onDidChange = (listener: (e: { key: string }) => unknown) => {
    this.listeners.push(listener);
    return { dispose: () => { this.listeners = this.listeners.filter((l) => l !== listener); } };
  };
  private emit(key: string): void { for (const l of this.listeners) l({ key }); }
}

/** A log sink that keeps the lines (for assertions) instead of printing them. */
export class MemoryLog implements LogSink {
  readonly lines: string[] = [];
  trace(m: string): void { this.lines.push(`trace ${m}`); }
  debug(m: string): void { this.lines.push(`debug ${m}`); }
  info(m: string): void { this.lines.push(`info ${m}`); }
  warn(m: string): void { this.lines.push(`warn ${m}`); }
  error(m: string): void { this.lines.push(`error ${m}`); }
}
