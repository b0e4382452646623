// Real git repositories cloned from the emulator and opened in VS Code's Git extension. git authenticates through a
// credential helper script that reads the token from AZDO_EMULATOR_TOKEN (never in a URL or an argument); the Git
// extension runs in this extension host process, so the variable set here reaches the git it spawns.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { API, Repository } from '../../../src/git/git';
import { getGitApi } from '../../../src/git/gitApi';
import { emulator, waitFor } from './env';

const roots: string[] = [];

function helperScript(dir: string): string {
  const helper = path.join(dir, 'credential-helper.sh');
  fs.writeFileSync(helper, '#!/bin/sh\n[ "$1" = get ] || exit 0\necho username=emulator-user\necho "password=$AZDO_EMULATOR_TOKEN"\n', { mode: 0o700 });
  return helper;
}

/** Runs git (no token on the command line: the helper reads AZDO_EMULATOR_TOKEN). */
export function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, {
      cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Alice Example', GIT_AUTHOR_EMAIL: 'alice@example.com', GIT_COMMITTER_NAME: 'Alice Example', GIT_COMMITTER_EMAIL: 'alice@example.com' },
    }, (err, stdout, stderr) => (err ? reject(new Error(`git ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)));
  });
}

export interface Clone {
  dir: string;
  repo: Repository;
  api: API;
}

/**
 * Clones `{org}/{project}/_git/{repo}` from the emulator with `token` and opens it in the Git extension (the
 * clone keeps the credential helper in its config, so the Git extension's fetches and pushes authenticate too).
 */
export async function cloneAndOpen(org: string, project: string, repository: string, token: string): Promise<Clone> {
  process.env.AZDO_EMULATOR_TOKEN = token;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'azdo-pr-clone-'));
  roots.push(root);
  const helper = helperScript(root);
  const url = `${emulator().url}/${encodeURIComponent(org)}/${encodeURIComponent(project)}/_git/${encodeURIComponent(repository)}`;
  const dir = path.join(root, repository.replace(/[^\w.-]/g, '-'));
  await git(root, ['-c', `credential.helper=${helper}`, 'clone', '--quiet', url, dir]);
  await git(dir, ['config', 'credential.helper', helper]);
  await git(dir, ['config', 'user.name', 'Alice Example']);
  await git(dir, ['config', 'user.email', 'alice@example.com']);
  // The clone lies outside the workspace folder: the Git extension opens such repositories only when told to.
  await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', 'always', vscode.ConfigurationTarget.Global);
  const api = await getGitApi();
  const repo = await api.openRepository(vscode.Uri.file(dir));
  if (!repo) throw new Error(`the Git extension did not open ${dir}`);
  await waitFor(() => repo.state.remotes.length > 0 && repo.state.HEAD?.name, 'the clone to show its remote and branch', 20_000);
  return { dir, repo, api };
}

/** Commits a file on a new local branch (checked out). */
export async function commitOnNewBranch(dir: string, branch: string, file: string, content: string, message: string): Promise<void> {
  await git(dir, ['checkout', '-q', '-b', branch]);
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), content);
  await git(dir, ['add', file]);
  await git(dir, ['commit', '-q', '-m', message]);
}

/** Closes the clones in the Git extension and removes them. */
export async function removeClones(): Promise<void> {
  const api = await getGitApi();
  for (const root of roots.splice(0)) {
    for (const repo of api.repositories.filter((r) => r.rootUri.fsPath.startsWith(root))) {
      await vscode.commands.executeCommand('git.close', repo.rootUri).then(undefined, () => undefined);
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
  await vscode.workspace.getConfiguration('git').update('openRepositoryInParentFolders', undefined, vscode.ConfigurationTarget.Global);
}
