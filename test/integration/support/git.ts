// Helpers for the git integration tests: temporary folders, real git, and looking for a token where it must not be.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { API, Repository } from '../../../src/git/git';
import type { TestingApi, TreeRow } from '../../../src/testing';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs real git (no prompts, no system config) and returns stdout. */
export function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, {
    cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...env },
  });
}

/** A local repository with one commit on `main` (and the given remotes). */
export function localRepository(parent: string, name: string, remotes: Record<string, string> = {}): string {
  const dir = path.join(parent, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.md'), `# ${name}\n`);
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'user.name', 'Test User']);
  git(dir, ['config', 'user.email', 'test.user@example.com']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', `First commit of ${name}`]);
  for (const [remote, url] of Object.entries(remotes)) git(dir, ['remote', 'add', remote, url]);
  return dir;
}

/** Every file under `dir` (including .git) whose bytes contain `secret`. */
export function filesContaining(dir: string, secret: string): string[] {
  const hits: string[] = [];
  const needle = Buffer.from(secret);
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && fs.readFileSync(full).includes(needle)) hits.push(full);
    }
  };
  walk(dir);
  return hits;
}

/**
 * Samples /proc while `run` runs: the command line of every process and the environment of git processes. Returns
 * what `run` returned, the processes whose arguments or environment held `secret`, and the git commands seen.
 */
export async function watchProcesses<T>(secret: string, run: () => Thenable<T>): Promise<{ result: T; leaks: string[]; gitCommands: Set<string> }> {
  const leaks: string[] = [];
  const gitCommands = new Set<string>();
  const sample = (): void => {
    for (const { pid, cmdline, args } of processes()) {
      if (cmdline.includes(secret)) leaks.push(`pid ${pid} arguments: ${args[0]}`);
      if (isGit(args)) {
        gitCommands.add(args.slice(1).filter((a) => !a.startsWith('-')).slice(0, 1).join(' ') || args[0]);
        // AZDO_EMULATOR (the test host's description of the emulator, with its seeded tokens) is the only exception.
        const env = read(`/proc/${pid}/environ`).split('\0').filter((v) => !v.startsWith('AZDO_EMULATOR='));
        // Other tests' own git runs hand a token to git on purpose (AZDO_TEST_TOKEN, read by a test credential
        // helper); they are not the extension's, so they are left out.
        if (env.some((v) => v.startsWith('AZDO_TEST_TOKEN='))) continue;
        if (env.some((v) => v.includes(secret))) leaks.push(`pid ${pid} environment: ${args.join(' ')}`);
      }
    }
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await run();
    return { result, leaks: [...new Set(leaks)], gitCommands };
  } finally {
    clearInterval(timer);
  }
}

/** The processes running now, from /proc (none where there is no /proc). */
function processes(): { pid: string; cmdline: string; args: string[] }[] {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  return pids.flatMap((pid) => {
    const cmdline = read(`/proc/${pid}/cmdline`);
    return cmdline ? [{ pid, cmdline, args: cmdline.split('\0').filter(Boolean) }] : [];
  });
}

function read(file: string): string {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}

const isGit = (args: string[]) => /(^|\/)git(-remote-https?)?$/.test(args[0] ?? '');

/** The command lines of the git processes running now (for a test that waits on git). */
export function gitProcesses(): string[] {
  return processes().filter((p) => isGit(p.args)).map((p) => `${p.pid}: ${p.args.join(' ')}`);
}

/** The repository row `name` of organization `org` in the tree. */
export async function repositoryRow(api: TestingApi, org: string, project: string, name: string): Promise<TreeRow> {
  const orgRow = (await api.treeChildren()).find((r) => r.label === org);
  assert.ok(orgRow, `no organization ${org} in the tree`);
  const projectRow = (await api.treeChildren(orgRow.node)).find((r) => r.label === project);
  assert.ok(projectRow, `no project ${project} under ${org}`);
  const row = (await api.treeChildren(projectRow.node)).find((r) => r.label === name);
  assert.ok(row, `no repository ${name} in ${org}/${project}`);
  return row;
}

/** Opens `dir` in the Git extension (and closes it again with the returned function). */
export async function openRepository(api: API, dir: string): Promise<{ repository: Repository; close(): Promise<void> }> {
  const repository = await api.openRepository(vscode.Uri.file(dir));
  assert.ok(repository, `the Git extension did not open ${dir}`);
  // The Git extension reads the remotes after opening; the credentials provider looks at them.
  const remotes = git(dir, ['remote']).split('\n').filter(Boolean).length;
  const deadline = Date.now() + 10_000;
  while (repository.state.remotes.length < remotes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(repository.state.remotes.length, remotes, `the Git extension read the remotes of ${dir}`);
  return { repository, close: async () => { await vscode.commands.executeCommand('git.close', vscode.Uri.file(dir)); } };
}

/** The parts of the Git extension's Askpass (extensions/git/src/askpass.ts) that git's askpass helper reaches over IPC. */
export interface GitAskpass {
  handle(request: { askpassType: 'https'; request: string; host: string }): Promise<string>;
  /** Host → the credentials a provider handed, kept from git's user name prompt to its password prompt. */
  cache: Map<string, unknown>;
}

/** The Git extension's askpass handler, where VS Code 1.100 keeps it (`_model.askpass`); undefined elsewhere. */
export function gitAskpass(): GitAskpass | undefined {
  const exports = vscode.extensions.getExtension('vscode.git')?.exports as { _model?: { askpass?: Partial<GitAskpass> } } | undefined;
  const askpass = exports?._model?.askpass;
  return typeof askpass?.handle === 'function' && askpass.cache instanceof Map ? askpass as GitAskpass : undefined;
}

/**
 * Records what happens to the Git extension's askpass credential cache (host → credentials, kept 60 s between git's
 * user name and password prompts), for the report of a git step that hangs. Observes only: every call goes on to
 * the real Map. Reaches into the Git extension's internals (`_model.askpass.cache`), so it records nothing when
 * they are not there.
 */
export function watchAskpassCache(): { events: () => string[]; dispose(): void } {
  const events: string[] = [];
  const cache = gitAskpass()?.cache;
  if (!cache) return { events: () => ['(the Git extension\'s askpass cache was not found)'], dispose() {} };
  const started = Date.now();
  const note = (what: string, key: unknown, extra = '') => {
    events.push(`+${((Date.now() - started) / 1000).toFixed(2)} s ${what} ${String(key)}${extra}`);
    if (events.length > 40) events.shift();
  };
  const map = cache as Map<unknown, unknown>;
  const original = { set: map.set, get: map.get, delete: map.delete };
  map.set = function (key, value) { note('set', key); return original.set.call(this, key, value); };
  map.get = function (key) { const value = original.get.call(this, key); note('get', key, value === undefined ? ' (none)' : ''); return value; };
  map.delete = function (key) { note('delete', key, original.get.call(this, key) === undefined ? ' (none)' : ''); return original.delete.call(this, key); };
  return {
    events: () => events.slice(-12),
    // The wrappers are own properties over Map.prototype's methods: removing them restores the Map.
    dispose() { for (const name of Object.keys(original) as (keyof typeof original)[]) delete (map as Partial<typeof original>)[name]; },
  };
}
