/**
 * Bare repositories on disk, driven by the real `git`. Seeded repositories are built lazily (first git
 * or refs access) with `git fast-import`, so a seed with thousands of repositories starts instantly.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Repo } from './state';
import type { SeedCommit } from './seed';
import { KeyedMutex } from './util';

export const ZERO_SHA = '0000000000000000000000000000000000000000';

/** Environment that keeps the machine's git configuration out of the emulator's repositories. */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp',
    GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', LANG: 'C', ...extra,
  };
}

export class GitError extends Error {
  constructor(message: string, readonly code: number | null, readonly stderr: string) {
    super(message);
  }
}

/** Runs git and resolves with stdout; rejects with {@link GitError} on a non-zero exit. */
export function git(args: string[], options: { cwd?: string; input?: Buffer | string; env?: Record<string, string> } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: options.cwd, env: gitEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else {
        const stderr = Buffer.concat(err).toString('utf8');
        reject(new GitError(`git ${args[0] ?? ''} failed (${String(code)}): ${stderr.trim()}`, code, stderr));
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export interface Ident { name: string; email: string; date: Date }
export interface RefInfo { name: string; objectId: string; peeledObjectId?: string }
export interface CommitInfo {
  commitId: string; treeId: string; parents: string[];
  author: { name: string; email: string; date: string }; committer: { name: string; email: string; date: string };
  comment: string;
}

/** C-style quoting for fast-import paths. */
function quotePath(p: string): string {
  return `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function identLine(kind: string, name: string, email: string, date: string): string {
  return `${kind} ${name} <${email}> ${Math.floor(new Date(date).getTime() / 1000)} +0000\n`;
}

/** Builds a fast-import stream from seeded commits, branches and tags. */
export function fastImportStream(
  commits: SeedCommit[], branches: Record<string, string>, tags: Record<string, string>,
  authorOf: (c: SeedCommit) => { name: string; email: string },
): Buffer {
  const chunks: Buffer[] = [];
  const text = (s: string): void => { chunks.push(Buffer.from(s, 'utf8')); };
  const data = (s: string): void => {
    const b = Buffer.from(s, 'utf8');
    text(`data ${b.length}\n`);
    chunks.push(b);
    text('\n');
  };
  const marks = new Map<string, number>();
  commits.forEach((c, i) => {
    const label = c.label ?? String(i);
    const mark = i + 1;
    const parents = c.parents ?? (i > 0 ? [commits[i - 1]?.label ?? String(i - 1)] : []);
    const who = authorOf(c);
    text('reset refs/emulator/seed\ncommit refs/emulator/seed\n');
    text(`mark :${mark}\n`);
    text(identLine('author', who.name, who.email, c.date));
    text(identLine('committer', who.name, who.email, c.date));
    data(c.message.endsWith('\n') ? c.message : `${c.message}\n`);
    parents.forEach((p, n) => {
      const m = marks.get(p);
      if (m === undefined) throw new Error(`seed commit ${label}: parent ${p} must come earlier`);
      text(`${n === 0 ? 'from' : 'merge'} :${m}\n`);
    });
    for (const [file, content] of Object.entries(c.files)) {
      const p = file.replace(/^\/+/, '');
      if (content === null) text(`D ${quotePath(p)}\n`);
      else {
        text(`M 100644 inline ${quotePath(p)}\n`);
        data(content);
      }
    }
    text('\n');
    marks.set(label, mark);
  });
  for (const [name, label] of Object.entries(branches)) text(`reset refs/heads/${name}\nfrom :${String(marks.get(label))}\n\n`);
  for (const [name, label] of Object.entries(tags)) text(`reset refs/tags/${name}\nfrom :${String(marks.get(label))}\n\n`);
  text('done\n');
  return Buffer.concat(chunks);
}

export class GitStore {
  private generation = 0;
  private built = new Map<string, Promise<string>>();
  readonly writes = new KeyedMutex();
  private readonly commits = new Map<string, Promise<CommitInfo>>();

  /** @param resolveUser maps a seed user key to a name and email (commit authors). */
  constructor(readonly root: string, private readonly resolveUser: (key: string) => { name: string; email: string } | undefined) {}

  /** Directory under which the current generation of bare repositories lives (GIT_PROJECT_ROOT). */
  get projectRoot(): string {
    return path.join(this.root, `gen-${this.generation}`);
  }

  /** Path of a repository relative to {@link projectRoot}. */
  relativePath(repo: Repo): string {
    return `${repo.project.host.kind}-${repo.project.host.id}/${repo.id}.git`;
  }

  dir(repo: Repo): string {
    return path.join(this.projectRoot, this.relativePath(repo));
  }

  /** Forgets every repository (reset to the seed): a new generation directory; the old one is removed. */
  async reset(): Promise<void> {
    const old = this.projectRoot;
    this.generation++;
    this.built = new Map();
    this.commits.clear();
    await fs.rm(old, { recursive: true, force: true });
  }

  isBuilt(repo: Repo): boolean {
    return this.built.has(repo.id);
  }

  /** Builds the bare repository on first use and resolves with its directory. */
  ensure(repo: Repo): Promise<string> {
    let p = this.built.get(repo.id);
    if (!p) {
      p = this.build(repo);
      this.built.set(repo.id, p);
      p.catch(() => this.built.delete(repo.id));
    }
    return p;
  }

  private async build(repo: Repo): Promise<string> {
    const dir = this.dir(repo);
    await fs.mkdir(path.dirname(dir), { recursive: true });
    await fs.rm(dir, { recursive: true, force: true });
    if (repo.parent) {
      const parentDir = await this.ensure(repo.parent);
      await git(['clone', '--bare', '--quiet', parentDir, dir]);
      await git(['remote', 'remove', 'origin'], { cwd: dir }).catch(() => undefined);
      if (repo.sourceRef) {
        for (const ref of await this.refs(repo, dir)) {
          if (ref.name !== repo.sourceRef) await git(['update-ref', '-d', ref.name], { cwd: dir });
        }
      }
    } else {
      await git(['init', '--bare', '--quiet', '--initial-branch=main', dir]);
      const seed = repo.seed;
      const commits = seed?.commits ?? [];
      if (seed && commits.length > 0) {
        const last = commits[commits.length - 1];
        const branches = seed.branches ?? { main: last?.label ?? String(commits.length - 1) };
        const stream = fastImportStream(commits, branches, seed.tags ?? {}, (c) => {
          if (typeof c.author === 'object') return c.author;
          const named = c.author ? this.resolveUser(c.author) : undefined;
          return named ?? { name: repo.creator.displayName, email: repo.creator.email };
        });
        await git(['fast-import', '--quiet', '--done'], { cwd: dir, input: stream });
        await git(['update-ref', '-d', 'refs/emulator/seed'], { cwd: dir });
      }
    }
    await git(['config', 'http.receivepack', 'true'], { cwd: dir });
    if (repo.defaultBranch) await git(['symbolic-ref', 'HEAD', repo.defaultBranch], { cwd: dir });
    if (repo.seed || repo.parent) repo.size = await this.measure(dir);
    return dir;
  }

  async measure(dir: string): Promise<number> {
    const out = (await git(['count-objects', '-v'], { cwd: dir })).toString('utf8');
    const kib = (key: string): number => Number(new RegExp(`^${key}: (\\d+)`, 'm').exec(out)?.[1] ?? 0);
    return (kib('size') + kib('size-pack')) * 1024;
  }

  async refs(repo: Repo, dirOverride?: string): Promise<RefInfo[]> {
    const dir = dirOverride ?? (await this.ensure(repo));
    const out = (await git(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(*objectname)'], { cwd: dir })).toString('utf8');
    return out.split('\n').filter(Boolean).map((line) => {
      const [name = '', objectId = '', peeled = ''] = line.split('\0');
      return { name, objectId, peeledObjectId: peeled || undefined };
    });
  }

  async commit(repo: Repo, rev: string): Promise<CommitInfo> {
    const dir = await this.ensure(repo);
    // A commit named by its id never changes: read once per repository folder (a reset makes new folders).
    if (!/^[0-9a-f]{40}$/.test(rev)) return this.readCommit(dir, rev);
    const key = `${dir}\0${rev}`;
    let info = this.commits.get(key);
    if (!info) {
      info = this.readCommit(dir, rev);
      info.catch(() => this.commits.delete(key));
      this.commits.set(key, info);
      if (this.commits.size > 10_000) this.commits.delete(this.commits.keys().next().value as string);
    }
    return info;
  }

  private async readCommit(dir: string, rev: string): Promise<CommitInfo> {
    const out = (await git(['log', '-1', '--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B', rev, '--'], { cwd: dir })).toString('utf8');
    const [commitId = '', treeId = '', parents = '', an = '', ae = '', ad = '', cn = '', ce = '', cd = '', ...rest] = out.split('\0');
    const iso = (d: string): string => new Date(d).toISOString().replace(/\.000Z$/, 'Z');
    return {
      commitId, treeId, parents: parents.split(' ').filter(Boolean),
      author: { name: an, email: ae, date: iso(ad) }, committer: { name: cn, email: ce, date: iso(cd) },
      comment: rest.join('\0').replace(/\n+$/, ''),
    };
  }

  async commitExists(repo: Repo, sha: string): Promise<boolean> {
    const dir = await this.ensure(repo);
    return git(['cat-file', '-e', `${sha}^{commit}`], { cwd: dir }).then(() => true, () => false);
  }

  async aheadBehind(repo: Repo, base: string, branch: string): Promise<{ ahead: number; behind: number }> {
    const dir = await this.ensure(repo);
    const out = (await git(['rev-list', '--left-right', '--count', `${base}...${branch}`], { cwd: dir })).toString('utf8');
    const [behind = '0', ahead = '0'] = out.trim().split(/\s+/);
    return { ahead: Number(ahead), behind: Number(behind) };
  }

  async listFiles(dir: string, env: Record<string, string>): Promise<Set<string>> {
    const out = (await git(['ls-files', '-z'], { cwd: dir, env })).toString('utf8');
    return new Set(out.split('\0').filter(Boolean));
  }

  async setHead(repo: Repo, ref: string): Promise<void> {
    await git(['symbolic-ref', 'HEAD', ref], { cwd: await this.ensure(repo) });
  }

  async remove(repo: Repo): Promise<void> {
    const p = this.built.get(repo.id);
    this.built.delete(repo.id);
    if (p) await p.catch(() => undefined);
    const dir = this.dir(repo);
    for (const key of this.commits.keys()) if (key.startsWith(`${dir}\0`)) this.commits.delete(key);
    await fs.rm(dir, { recursive: true, force: true });
  }
}
