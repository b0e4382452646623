// A `git` that records the arguments of every git process the test run starts (NUL-separated, one run per
// line) and then runs the real git. Put first on PATH and set as `git.path`, it lets the leak scan prove that no
// token ever reaches a git command line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface GitRecorder {
  /** Folder with the `git` wrapper, to put first on PATH. */
  binDir: string;
  /** The wrapper itself (for the `git.path` setting). */
  gitPath: string;
  /** Where the arguments are recorded. */
  logFile: string;
}

export function createGitRecorder(dir: string): GitRecorder {
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const binDir = path.join(dir, 'git-bin');
  fs.mkdirSync(binDir, { recursive: true });
  const logFile = path.join(dir, 'git-args.log');
  fs.writeFileSync(logFile, '');
  const gitPath = path.join(binDir, 'git');
  fs.writeFileSync(gitPath, [
    '#!/bin/sh',
    `for a in "$@"; do printf '%s\\0' "$a"; done >> '${logFile}'`,
    `printf '\\n' >> '${logFile}'`,
    `exec '${realGit}' "$@"`,
    '',
  ].join('\n'), { mode: 0o755 });
  return { binDir, gitPath, logFile };
}
