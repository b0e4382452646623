// Throw-away workspace folders that are real git repositories, for the tests and the playground.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from './util';

export interface GitWorkspaceOptions {
  /** Name of the folder (shown in the explorer); a temp parent keeps it unique. */
  name?: string;
  /** `origin` remote, e.g. an emulator clone URL. */
  remoteUrl?: string;
  /** Files of the first commit (path → content). */
  files?: Record<string, string>;
}

export interface GitWorkspace {
  folder: string;
  dispose(): void;
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** Creates a git repository with one commit on `main` (and an `origin` remote when given). */
export function createGitWorkspace(options: GitWorkspaceOptions = {}): GitWorkspace {
  const parent = makeTempDir('azdo-workspace-');
  const folder = path.join(parent, options.name ?? 'workspace');
  fs.mkdirSync(folder);
  const files = options.files ?? {
    'README.md': '# Sample workspace\n\nA git repository for the Azure DevOps extension tests.\n',
    'src/hello.ts': 'export const hello = (name: string): string => `Hello, ${name}!`;\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
    fs.writeFileSync(path.join(folder, rel), content);
  }
  git(folder, ['init', '-q', '-b', 'main']);
  git(folder, ['config', 'user.name', 'Test User']);
  git(folder, ['config', 'user.email', 'test.user@example.com']);
  git(folder, ['config', 'commit.gpgsign', 'false']);
  git(folder, ['add', '-A']);
  git(folder, ['commit', '-q', '-m', 'Initial commit']);
  if (options.remoteUrl) git(folder, ['remote', 'add', 'origin', options.remoteUrl]);
  return {
    folder,
    dispose: () => fs.rmSync(parent, { recursive: true, force: true }),
  };
}
