// Real git for the integration tests: throw-away repositories opened in the built-in Git extension, clones of
// emulator repositories with a token handed to git by a credential helper that reads it from the environment of
// that one git process (never on a command line, never in a URL).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { API, GitExtension, Repository } from '../../../src/git/git';
import { waitFor } from './env';

const TOKEN_VAR = 'AZDO_TEST_GIT_TOKEN';
const made: string[] = [];

export async function gitApi(): Promise<API> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) throw new Error('vscode.git is missing');
  const api = (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
  await waitFor(() => api.state === 'initialized', 'the Git extension to initialize');
  return api;
}

/** Runs git in `cwd`; with `token`, a credential helper gives it to git from this process's environment only. */
export function git(cwd: string, args: string[], token?: string): string {
  const helper = path.join(os.tmpdir(), 'azdo-test-credential-helper.sh');
  if (token !== undefined && !fs.existsSync(helper)) {
    fs.writeFileSync(helper, `#!/bin/sh\n[ "$1" = get ] || exit 0\necho username=pat\necho "password=$${TOKEN_VAR}"\n`, { mode: 0o700 });
  }
  const auth = token === undefined ? [] : ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`];
  return execFileSync('git', [...auth, '-c', 'user.name=Test User', '-c', 'user.email=test.user@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', ...(token === undefined ? {} : { [TOKEN_VAR]: token }) },
  });
}

/**
 * A new folder inside the workspace folder: the Git extension opens repositories only there (a repository outside
 * every workspace folder is a "parent" one it leaves closed). The workspace repository ignores these folders.
 */
export function tempDir(name: string): string {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!workspace) throw new Error('the integration tests need a workspace folder');
  const base = path.join(workspace, '.azdo-test-repos');
  fs.mkdirSync(base, { recursive: true });
  const exclude = path.join(workspace, '.git', 'info', 'exclude');
  if (fs.existsSync(path.dirname(exclude)) && !(fs.existsSync(exclude) && fs.readFileSync(exclude, 'utf8').includes('.azdo-test-repos'))) {
    fs.appendFileSync(exclude, '\n.azdo-test-repos/\n');
  }
  const parent = fs.mkdtempSync(path.join(base, 'it-'));
  made.push(parent);
  const dir = path.join(parent, name);
  fs.mkdirSync(dir);
  return dir;
}

/** A new repository with one commit on main and the given remotes. */
export function createRepo(name: string, remotes: Record<string, string> = {}): string {
  const dir = tempDir(name);
  git(dir, ['init', '-q', '-b', 'main']);
  fs.writeFileSync(path.join(dir, 'README.md'), `# ${name}\n`);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'Initial commit']);
  for (const [remote, url] of Object.entries(remotes)) git(dir, ['remote', 'add', remote, url]);
  return dir;
}

/** A clone of an emulator repository (the token reaches git through the credential helper). */
export function cloneRepo(url: string, name: string, token: string): string {
  const dir = tempDir(name);
  git(path.dirname(dir), ['clone', '-q', url, dir], token);
  return dir;
}

/** Opens a folder in the Git extension and waits until it has read HEAD and remotes. */
export async function openRepo(api: API, dir: string): Promise<Repository> {
  const repository = await api.openRepository(vscode.Uri.file(dir));
  if (!repository) throw new Error(`the Git extension did not open ${dir}`);
  await waitFor(() => repository.state.HEAD?.commit, `the Git extension to read ${dir}`);
  return repository;
}

/** Hands `token` to git runs of the Git extension (askpass), as a credential provider would. */
export function provideCredentials(api: API, token: string): vscode.Disposable {
  return api.registerCredentialsProvider({ getCredentials: () => ({ username: 'pat', password: token }) });
}

/** Closes the repositories the tests opened and removes their folders. */
export async function cleanUpRepos(api: API): Promise<void> {
  for (const parent of made.splice(0)) {
    for (const repository of api.repositories.filter((r) => r.rootUri.fsPath.startsWith(parent))) {
      await vscode.commands.executeCommand('git.close', repository.rootUri).then(undefined, () => undefined);
    }
    fs.rmSync(parent, { recursive: true, force: true });
  }
}

/** GET on the emulator's REST API with a token (for checks of what the service now holds). */
export async function emulatorGet<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { Authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`, Accept: 'application/json;api-version=7.1' } });
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}`);
  return await res.json() as T;
}
