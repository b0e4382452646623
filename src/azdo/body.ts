import type { IncomingMessage } from 'node:http';
import type * as Zlib from 'node:zlib';

/**
 * Reading an answer's body as text, the way typed-rest-client's readBody does (gzip, the charset of the
 * Content-Type) but in one pass: the chunks are joined once and a gzipped body is inflated in one call into a
 * buffer sized from the gzip trailer, rather than in 16 KB steps each handed to the thread pool and back, then
 * joined again. That one call runs on libuv's thread pool: while one organization's list inflates there, the
 * extension host's thread (which every extension of the window shares) decodes and parses another's. For the
 * repository lists of 50 organizations (7 MB of JSON) that took a quarter off the thread's work in a load.
 */

/** The largest body inflated (a bound against a broken or hostile answer); far above any real list. */
export const MAX_INFLATED_BYTES = 512 * 2 ** 20;
/**
 * Gzipped bodies up to this size inflate in place: handing them to the thread pool costs the thread more than
 * inflating them (a list of ten projects: about 30 µs in place, 60–100 µs of the thread's time handed over). The
 * bound is on the input, so a body inflated in place is at most about 8 MB (deflate's ratio is at most 1032:1).
 */
export const INFLATE_IN_PLACE_MAX = 8 * 1024;
/** The largest single output buffer allocated up front from the gzip trailer's size. */
const MAX_PREALLOCATED = 64 * 2 ** 20;

let zlib: typeof Zlib | undefined;

/** The body of `message` as text. Rejects when the stream fails or a gzipped body cannot be inflated. */
export function readText(message: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    message.on('error', reject);
    message.on('end', () => {
      try {
        const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        if (!isGzip(message) || raw.length === 0) return resolve(raw.toString(charsetOf(message)));
        inflate(raw).then((bytes) => resolve(bytes.toString(charsetOf(message))), reject);
      } catch (err) {
        reject(err);
      }
    });
  });
}

function isGzip(message: IncomingMessage): boolean {
  // typed-rest-client's test: `gzip`, or `gzip, deflate`.
  return /(gzip$)|(gzip, *deflate)/.test(String(message.headers['content-encoding'] ?? ''));
}

/**
 * Inflates a gzip body in one call, its output buffer sized from the trailer (ISIZE: the length modulo 2^32): on
 * libuv's thread pool, which takes it as one piece of work and hands back one buffer, or in place when it is small
 * (INFLATE_IN_PLACE_MAX).
 */
export function inflate(gzipped: Buffer): Promise<Buffer> {
  zlib ??= require('node:zlib') as typeof Zlib; // eslint-disable-line @typescript-eslint/no-require-imports -- only when a gzipped body arrives
  const stated = gzipped.length >= 18 ? gzipped.readUInt32LE(gzipped.length - 4) : 0;
  const chunkSize = Math.min(Math.max(stated + 64, 16 * 1024), MAX_PREALLOCATED);
  const options = { chunkSize, maxOutputLength: MAX_INFLATED_BYTES };
  if (gzipped.length <= INFLATE_IN_PLACE_MAX) {
    try {
      return Promise.resolve(zlib.gunzipSync(gzipped, options));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  const { gunzip } = zlib;
  return new Promise((resolve, reject) => {
    gunzip(gzipped, options, (err, out) => (err ? reject(err) : resolve(out)));
  });
}

/** The Buffer encoding for the Content-Type's charset (typed-rest-client's choice: utf-8 unless it names another Node knows). */
export function charsetOf(message: IncomingMessage): BufferEncoding {
  const match = /charset=([^;,\s]+)/i.exec(String(message.headers['content-type'] ?? ''));
  const name = match?.[1].replace(/^"|"$/g, '').toLowerCase();
  if (!name) return 'utf8';
  const alias: Record<string, BufferEncoding> = {
    'utf-8': 'utf8', utf8: 'utf8', 'iso-8859-1': 'latin1', latin1: 'latin1', 'us-ascii': 'ascii', ascii: 'ascii',
    'utf-16le': 'utf16le', utf16le: 'utf16le', ucs2: 'ucs2', 'ucs-2': 'ucs2',
  };
  return alias[name] ?? 'utf8';
}
