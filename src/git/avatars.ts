/**
 * Profile pictures of commit authors, for the Source Control Graph and the other history hovers.
 *
 * Why files: the workbench loads the picture from the URI we return, without our token, and Azure DevOps serves
 * pictures only to signed-in callers. A `data:` URI would carry the bytes, but VS Code's graph hover re-encodes the
 * URI it gets (`URI.toString()` turns the `;` and `,` of `data:image/png;base64,…` into `%3B` and `%2C`), and the
 * browser then refuses it. So each picture is fetched once with the organization's token, checked to be an image
 * (by its bytes), kept small (at most `maxBytes`), and written to the extension's global storage; the returned
 * `file:` URI loads everywhere: desktop (`vscode-file:` for images) and remote or browser windows (the remote
 * server serves it). Only pictures are written, never a token.
 *
 * Lookups are cached per organization and email (bounded, in memory: hits for hours, misses for half an hour);
 * files are reused for a day, then fetched again; the folder keeps at most `maxFiles` pictures (oldest go first).
 * An organization whose token may not read identities is left alone for a while instead of asked again and again.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AzdoError } from '../azdo/errors';
import type { IdentityInfo, ImageType } from '../azdo/identities';
import type { Logger } from '../log';
import { LruCache } from '../util/lruCache';

export interface AvatarSource {
  findIdentityByEmail(email: string): Promise<IdentityInfo | undefined>;
  getAvatar(identity: IdentityInfo, maxBytes: number): Promise<{ bytes: Buffer; type: ImageType } | undefined>;
}

export interface AvatarServiceOptions {
  /** Folder for the picture files (created when needed). */
  dir: string;
  log: Logger;
  maxEntries?: number;
  maxFiles?: number;
  maxBytes?: number;
  now?: () => number;
}

const HOUR = 60 * 60 * 1000;
const TYPES: readonly ImageType[] = ['png', 'jpeg', 'gif', 'webp'];
const EXTENSION: Record<ImageType, string> = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp' };

export class AvatarService {
  private readonly memory: LruCache<string, Promise<string | undefined>>;
  private readonly orgBackoff = new Map<string, number>();
  private readonly now: () => number;
  private readonly maxFiles: number;
  private readonly maxBytes: number;
  private writes = 0;

  constructor(private readonly options: AvatarServiceOptions) {
    this.now = options.now ?? Date.now;
    this.memory = new LruCache(options.maxEntries ?? 1000, this.now);
    this.maxFiles = options.maxFiles ?? 500;
    this.maxBytes = options.maxBytes ?? 256 * 1024;
  }

  /** The picture file of each email (undefined when the organization knows no picture for it). Never throws. */
  async resolve(organizationKey: string, source: AvatarSource, emails: readonly string[]): Promise<Map<string, string | undefined>> {
    const unique = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@')))];
    const results = await Promise.all(unique.map(async (email) => [email, await this.one(organizationKey, source, email)] as const));
    return new Map(results);
  }

  /** Forgets what is known in memory (files stay; they are reused while fresh). */
  clear(): void {
    this.memory.clear();
    this.orgBackoff.clear();
  }

  private one(organizationKey: string, source: AvatarSource, email: string): Promise<string | undefined> {
    const key = `${organizationKey}\n${email}`;
    const cached = this.memory.get(key);
    if (cached) return cached;
    if ((this.orgBackoff.get(organizationKey) ?? 0) > this.now()) return Promise.resolve(undefined);
    const pending = this.lookup(organizationKey, source, email, key).then((file) => {
      this.memory.set(key, Promise.resolve(file), file ? 6 * HOUR : HOUR / 2);
      return file;
    }, (err: unknown) => {
      this.memory.set(key, Promise.resolve(undefined), HOUR / 2);
      if (err instanceof AzdoError && ['unauthorized', 'forbidden', 'signInPage'].includes(err.kind)) {
        this.orgBackoff.set(organizationKey, this.now() + HOUR / 4);
        this.options.log.info(`Author pictures of ${organizationKey} are off for 15 minutes: ${err.message} (the token may lack the Identity (Read) scope)`);
      } else {
        this.options.log.debug(`No author picture for an email of ${organizationKey}: ${err instanceof Error ? err.message : String(err)}`);
      }
      return undefined;
    });
    this.memory.set(key, pending, HOUR / 2);
    return pending;
  }

  private async lookup(organizationKey: string, source: AvatarSource, email: string, key: string): Promise<string | undefined> {
    const base = path.join(this.options.dir, createHash('sha256').update(key).digest('hex').slice(0, 40));
    const fresh = await this.freshFile(base);
    if (fresh) return fresh;
    const identity = await source.findIdentityByEmail(email);
    if (!identity) return undefined;
    const picture = await source.getAvatar(identity, this.maxBytes);
    if (!picture) return undefined;
    const file = `${base}.${EXTENSION[picture.type]}`;
    await fs.mkdir(this.options.dir, { recursive: true });
    const temp = `${file}.${process.pid}.${this.now()}.tmp`;
    await fs.writeFile(temp, picture.bytes);
    await fs.rename(temp, file);
    for (const other of TYPES) if (other !== picture.type) await fs.rm(`${base}.${EXTENSION[other]}`, { force: true });
    if (++this.writes % 25 === 1) void this.prune();
    this.options.log.trace(`Author picture of ${organizationKey} kept (${picture.bytes.length} bytes)`);
    return file;
  }

  /** A file of this key written less than a day ago, if any. */
  private async freshFile(base: string): Promise<string | undefined> {
    for (const type of TYPES) {
      const file = `${base}.${EXTENSION[type]}`;
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat && this.now() - stat.mtimeMs < 24 * HOUR) return file;
    }
    return undefined;
  }

  private pruning: Promise<void> = Promise.resolve();

  /** Keeps the folder at `maxFiles` pictures: the oldest go. Prunes run one after the other, never interleaved. */
  prune(): Promise<void> {
    this.pruning = this.pruning.then(() => this.pruneOnce());
    return this.pruning;
  }

  private async pruneOnce(): Promise<void> {
    try {
      const names = (await fs.readdir(this.options.dir)).filter((n) => /^[0-9a-f]{40}\.(png|jpg|gif|webp)$/.test(n));
      if (names.length <= this.maxFiles) return;
      const found = await Promise.all(names.map(async (n) => {
        const stat = await fs.stat(path.join(this.options.dir, n)).catch(() => undefined);
        return stat ? { n, t: stat.mtimeMs } : undefined;
      }));
      const stats = found.filter((s): s is { n: string; t: number } => s !== undefined);
      stats.sort((a, b) => a.t - b.t);
      for (const { n } of stats.slice(0, stats.length - this.maxFiles)) await fs.rm(path.join(this.options.dir, n), { force: true });
    } catch (err) {
      this.options.log.debug(`Pruning author pictures failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
