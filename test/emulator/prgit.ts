/**
 * Pull request git work with the real `git` in the bare repositories: the merge of source into target kept at
 * `refs/pull/{id}/merge` (conflicts → mergeStatus `conflicts`), iterations when the source moves, the commits and
 * changes of a pull request, and completion with each merge strategy.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Ctx } from './context';
import type { CompletionOptions, Iteration, PullRequest } from './collab';
import { git, gitEnv, ZERO_SHA } from './gitstore';
import type { User } from './state';

interface Outcome { code: number; stdout: string; stderr: string }

/** git that resolves with the exit code instead of rejecting (merge-tree answers 1 for conflicts). */
function gitTry(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export class MergeFailure extends Error {}

async function refObjectId(dir: string, ref: string): Promise<string | undefined> {
  const out = await gitTry(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], dir);
  return out.code === 0 ? out.stdout.trim() : undefined;
}

/** The source commit, fetched into the target repository for a pull request from a fork. */
export async function sourceCommit(ctx: Ctx, pr: PullRequest): Promise<string | undefined> {
  const dir = await ctx.store.ensure(pr.repo);
  if (pr.sourceRepo === pr.repo) return refObjectId(dir, pr.sourceRefName);
  const forkDir = await ctx.store.ensure(pr.sourceRepo);
  const commit = await refObjectId(forkDir, pr.sourceRefName);
  if (!commit) return undefined;
  await git(['fetch', '--quiet', '--no-tags', forkDir, `+${pr.sourceRefName}:refs/pull/${pr.id}/source`], { cwd: dir });
  return commit;
}

export async function targetCommit(ctx: Ctx, pr: PullRequest): Promise<string | undefined> {
  return refObjectId(await ctx.store.ensure(pr.repo), pr.targetRefName);
}

/** `git merge-tree --write-tree`: the merged tree, or the conflicting paths. */
async function mergeTree(dir: string, ours: string, theirs: string): Promise<{ tree?: string; conflicts: string[] }> {
  const out = await gitTry(['merge-tree', '--write-tree', '--name-only', '--no-messages', ours, theirs], dir);
  const lines = out.stdout.split('\n').filter(Boolean);
  if (out.code === 0) return { tree: lines[0], conflicts: [] };
  if (out.code === 1) return { conflicts: [...new Set(lines.slice(1))] };
  throw new Error(`git merge-tree failed: ${out.stderr.trim()}`);
}

function identityEnv(author: { name: string; email: string; date?: string }, committer: User, when: Date): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: author.date ?? when.toISOString(),
    GIT_COMMITTER_NAME: committer.displayName, GIT_COMMITTER_EMAIL: committer.email, GIT_COMMITTER_DATE: when.toISOString(),
  };
}

async function commitTree(dir: string, tree: string, parents: string[], message: string, env: Record<string, string>): Promise<string> {
  const out = await git(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])], { cwd: dir, input: `${message}\n`, env });
  return out.toString('utf8').trim();
}

/**
 * Brings an active pull request up to date with its branches: a new iteration when the source moved, and the
 * merge commit at refs/pull/{id}/merge (or mergeStatus `conflicts`). Cheap when nothing changed.
 */
/** A pull request's sync under way, and the one queued behind it. */
interface SyncSlot { running: Promise<void>; queued?: Promise<void> }
const syncSlots = new WeakMap<PullRequest, SyncSlot>();

/**
 * Brings a pull request up to date with its branches (see syncOnce). The details page asks for a pull request and
 * six of its parts at once, and every one of them syncs first: requests that arrive while a sync is under way share
 * one more sync after it (the running one may have read the branches before they came), instead of each spawning
 * its own git processes behind the repository's lock.
 */
export function syncPullRequest(ctx: Ctx, pr: PullRequest): Promise<void> {
  const slot = syncSlots.get(pr);
  if (!slot) return startSync(ctx, pr);
  return slot.queued ??= slot.running.then(() => startSync(ctx, pr), () => startSync(ctx, pr));
}

function startSync(ctx: Ctx, pr: PullRequest): Promise<void> {
  const slot: SyncSlot = { running: syncOnce(ctx, pr) };
  syncSlots.set(pr, slot);
  // Registered before any queued sync's callback, so the slot is free by the time that one starts.
  const release = () => { if (syncSlots.get(pr) === slot) syncSlots.delete(pr); };
  slot.running.then(release, release);
  return slot.running;
}

async function syncOnce(ctx: Ctx, pr: PullRequest): Promise<void> {
  if (pr.status !== 'active') return;
  await ctx.store.writes.run(pr.repo.id, async () => {
    const dir = await ctx.store.ensure(pr.repo);
    const source = await sourceCommit(ctx, pr);
    const target = await targetCommit(ctx, pr);
    if (!source || !target) {
      pr.mergeStatus = 'failure';
      pr.mergeFailureMessage = `The ${source ? 'target' : 'source'} branch no longer exists.`;
      return;
    }
    if (source === pr.lastMergeSourceCommit && target === pr.lastMergeTargetCommit && pr.mergeStatus !== 'queued') return;
    const common = (await gitTry(['merge-base', target, source], dir)).stdout.trim() || target;
    const last = pr.iterations[pr.iterations.length - 1];
    if (!last || last.sourceCommit !== source) {
      const iteration: Iteration = {
        id: pr.iterations.length + 1, sourceCommit: source, targetCommit: target, commonCommit: common,
        author: pr.createdBy, createdDate: new Date().toISOString(), reason: last ? 'push' : 'create',
      };
      pr.iterations.push(iteration);
    }
    pr.lastMergeSourceCommit = source;
    pr.lastMergeTargetCommit = target;
    const merged = await mergeTree(dir, target, source);
    const mergeRef = `refs/pull/${pr.id}/merge`;
    if (!merged.tree) {
      pr.mergeStatus = 'conflicts';
      pr.conflicts = merged.conflicts;
      pr.lastMergeCommit = undefined;
      await gitTry(['update-ref', '-d', mergeRef], dir);
      return;
    }
    const when = new Date();
    const message = `Merge pull request ${pr.id} from ${shortName(pr.sourceRefName)} into ${shortName(pr.targetRefName)}`;
    const creator = { name: pr.createdBy.displayName, email: pr.createdBy.email };
    const commit = await commitTree(dir, merged.tree, [target, source], message, identityEnv(creator, pr.createdBy, when));
    await git(['update-ref', mergeRef, commit], { cwd: dir });
    pr.mergeStatus = 'succeeded';
    pr.conflicts = [];
    pr.mergeFailureMessage = undefined;
    pr.lastMergeCommit = commit;
  });
}

export function shortName(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}

/** Commits of the pull request: in the source, not in the target (newest first). */
export async function pullRequestCommits(ctx: Ctx, pr: PullRequest): Promise<string[]> {
  const dir = await ctx.store.ensure(pr.repo);
  const source = pr.lastMergeSourceCommit;
  const target = pr.lastMergeTargetCommit;
  if (!source) return [];
  const out = await gitTry(['rev-list', source, ...(target ? [`^${target}`] : [])], dir);
  return out.code === 0 ? out.stdout.split('\n').filter(Boolean) : [];
}

export interface FileChange {
  changeType: 'add' | 'edit' | 'delete' | 'rename' | 'edit, rename';
  path: string;
  originalPath?: string;
  objectId?: string;
  originalObjectId?: string;
}

/** Files changed between two commits (`git diff-tree -r -M`). */
export async function changesBetween(ctx: Ctx, pr: PullRequest, from: string, to: string): Promise<FileChange[]> {
  const dir = await ctx.store.ensure(pr.repo);
  const out = await git(['diff-tree', '-r', '-M', '--raw', '-z', '--no-commit-id', from, to], { cwd: dir });
  const parts = out.toString('utf8').split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i < parts.length - 1;) {
    const meta = parts[i++] ?? '';
    const [, , oldSha = '', newSha = '', status = ''] = meta.replace(/^:/, '').split(' ');
    const kind = status[0];
    const first = parts[i++] ?? '';
    if (kind === 'R' || kind === 'C') {
      const second = parts[i++] ?? '';
      changes.push({ changeType: status === 'R100' ? 'rename' : 'edit, rename', path: `/${second}`, originalPath: `/${first}`, objectId: newSha, originalObjectId: oldSha });
    } else if (kind === 'A') {
      changes.push({ changeType: 'add', path: `/${first}`, objectId: newSha });
    } else if (kind === 'D') {
      changes.push({ changeType: 'delete', path: `/${first}`, originalObjectId: oldSha });
    } else if (kind) {
      changes.push({ changeType: 'edit', path: `/${first}`, objectId: newSha, originalObjectId: oldSha });
    }
  }
  return changes;
}

/**
 * Replays `commits` (oldest first) onto `onto` with `git cherry-pick` in a throw-away worktree of the bare
 * repository, keeping authors and messages; throws MergeFailure on a conflict or a merge commit.
 */
async function rebase(dir: string, onto: string, commits: string[], committer: User, when: Date): Promise<string> {
  if (commits.length === 0) return onto;
  const worktree = path.join(os.tmpdir(), `azdo-emu-rebase-${randomBytes(6).toString('hex')}`);
  const env = {
    GIT_COMMITTER_NAME: committer.displayName, GIT_COMMITTER_EMAIL: committer.email, GIT_COMMITTER_DATE: when.toISOString(),
  };
  await git(['worktree', 'add', '--detach', '--quiet', worktree, onto], { cwd: dir });
  try {
    for (const c of commits) {
      const parents = (await git(['log', '-1', '--format=%P', c], { cwd: dir })).toString('utf8').trim().split(' ').filter(Boolean);
      if (parents.length > 1) throw new MergeFailure('The source branch contains merge commits, which cannot be rebased.');
      const picked = await gitTry(['cherry-pick', '--allow-empty', '--keep-redundant-commits', c], worktree, env);
      if (picked.code !== 0) {
        const conflicts = (await gitTry(['diff', '--name-only', '--diff-filter=U'], worktree)).stdout.split('\n').filter(Boolean);
        throw new MergeFailure(`Rebasing commit ${c.slice(0, 8)} conflicts in ${conflicts.join(', ') || 'the working tree'}.`);
      }
    }
    return (await git(['rev-parse', 'HEAD'], { cwd: worktree })).toString('utf8').trim();
  } finally {
    await gitTry(['worktree', 'remove', '--force', worktree], dir);
    await fs.rm(worktree, { recursive: true, force: true });
  }
}

/**
 * Completes the pull request with its merge strategy: the target branch moves to the new commit (compare and swap),
 * the source branch goes when asked. Returns the commit the target now points at.
 */
export async function completeMerge(ctx: Ctx, pr: PullRequest, options: CompletionOptions, by: User): Promise<string> {
  return ctx.store.writes.run(pr.repo.id, async () => {
    const dir = await ctx.store.ensure(pr.repo);
    const source = pr.lastMergeSourceCommit;
    const target = await targetCommit(ctx, pr);
    if (!source || !target) throw new MergeFailure('The source or target branch no longer exists.');
    const when = new Date();
    const message = options.mergeCommitMessage?.trim() || `Merged PR ${pr.id}: ${pr.title}`;
    const me = { name: by.displayName, email: by.email };
    const strategy = options.mergeStrategy ?? 'noFastForward';
    let result: string;
    if (strategy === 'noFastForward' || strategy === 'squash') {
      const merged = await mergeTree(dir, target, source);
      if (!merged.tree) throw new MergeFailure(`The merge conflicts in ${merged.conflicts.join(', ')}.`);
      result = await commitTree(dir, merged.tree, strategy === 'squash' ? [target] : [target, source], message, identityEnv(me, by, when));
    } else {
      const commits = (await git(['rev-list', '--reverse', '--topo-order', source, `^${target}`], { cwd: dir })).toString('utf8').split('\n').filter(Boolean);
      const rebased = await rebase(dir, target, commits, by, when);
      if (strategy === 'rebase' || rebased === target) {
        result = rebased;
      } else {
        const tree = (await git(['rev-parse', `${rebased}^{tree}`], { cwd: dir })).toString('utf8').trim();
        result = await commitTree(dir, tree, [target, rebased], message, identityEnv(me, by, when));
      }
    }
    await git(['update-ref', pr.targetRefName, result, target], { cwd: dir });
    if (options.deleteSourceBranch) {
      const sourceDir = await ctx.store.ensure(pr.sourceRepo);
      await gitTry(['update-ref', '-d', pr.sourceRefName], sourceDir);
    }
    await gitTry(['update-ref', '-d', `refs/pull/${pr.id}/merge`], dir);
    return result;
  });
}

/** Content of a blob, or undefined when the repository has no such object. */
export async function blob(dir: string, sha: string): Promise<Buffer | undefined> {
  if (!/^[0-9a-f]{40}$/i.test(sha) || sha === ZERO_SHA) return undefined;
  const type = await gitTry(['cat-file', '-t', sha], dir);
  if (type.code !== 0 || type.stdout.trim() !== 'blob') return undefined;
  return git(['cat-file', 'blob', sha], { cwd: dir });
}

/** A file at a version (branch name or commit), or undefined. */
export async function fileAt(dir: string, version: string, path: string): Promise<Buffer | undefined> {
  const rel = path.replace(/^\/+/, '');
  const out = await gitTry(['rev-parse', '--verify', '--quiet', `${version}:${rel}`], dir);
  if (out.code !== 0) return undefined;
  return blob(dir, out.stdout.trim());
}
