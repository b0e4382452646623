/** What request handlers share, and small request helpers. */
import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { EmulatorControl, Knobs, ListenerName } from './control';
import type { GitStore } from './gitstore';
import type { EmulatorState } from './state';
import type { Urls } from './views';

export interface Ctx {
  /** Replaced on reset. */
  state: EmulatorState;
  store: GitStore;
  urls: Urls;
  knobs: Knobs;
  control: EmulatorControl;
  /** Extra info for the control API's GET /_emulator. */
  info: () => Record<string, unknown>;
}

export interface Incoming {
  req: IncomingMessage;
  method: string;
  listener: ListenerName;
  /** Decoded path segments (empty ones dropped). */
  segs: string[];
  query: URLSearchParams;
  /** Full URL of the request as the client addressed it. */
  href: string;
}

/** The request body, inflated when the client compressed it (git sends gzip). */
export function bodyStream(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return req.pipe(createGunzip());
  if (encoding === 'deflate') return req.pipe(createInflate());
  return req;
}

export async function readBody(req: IncomingMessage, limit = 50 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of bodyStream(req)) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON request body; undefined when empty or not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Case-insensitive query parameter lookup (keys arrive percent-encoded, e.g. %24top). */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
  for (const [k, v] of query) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

export function isTrue(v: string | undefined): boolean {
  return v !== undefined && v.toLowerCase() === 'true';
}
