import { execFile } from 'node:child_process';
import * as os from 'node:os';

/** Runs git (never with a secret in its arguments) and returns stdout; `okCodes` are exit codes that mean "empty". */
export function runGit(gitPath: string, args: string[], cwd: string = os.homedir(), okCodes: number[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(gitPath, args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, timeout: 10_000 }, (err, stdout, stderr) => {
      const code = (err as { code?: unknown } | null)?.code;
      if (err && typeof code === 'number' && okCodes.includes(code)) return resolve('');
      if (err) return reject(new Error(`git ${args.join(' ')} failed: ${String(stderr || err.message).trim()}`));
      resolve(stdout);
    });
  });
}

/** `git config …`; exit code 1 (the key is not set) gives ''. */
export function gitConfig(gitPath: string, args: string[], cwd?: string): Promise<string> {
  return runGit(gitPath, ['config', ...args], cwd, [1]);
}

export interface CredentialSetup {
  /** credential.helper values in effect (in order; an empty value resets the list). */
  helpers: string[];
  /** The literal `credential.<origin>.useHttpPath` in the global configuration. */
  useHttpPathGlobal?: string;
  /** What git uses for `<origin>/` (any matching credential.<url>.useHttpPath or credential.useHttpPath). */
  useHttpPathEffective?: string;
}

export async function readCredentialSetup(gitPath: string, origin: string): Promise<CredentialSetup> {
  const [helpers, global, effective] = await Promise.all([
    gitConfig(gitPath, ['--get-all', 'credential.helper']),
    gitConfig(gitPath, ['--global', '--get', `credential.${origin}.useHttpPath`]),
    gitConfig(gitPath, ['--get-urlmatch', 'credential.useHttpPath', `${origin}/`]),
  ]);
  const values = helpers.split('\n').map((l) => l.trim());
  const effectiveHelpers = values.slice(0, values.length - 1).reduce<string[]>((acc, v) => (v === '' ? [] : [...acc, v]), []);
  return { helpers: effectiveHelpers, useHttpPathGlobal: global.trim() || undefined, useHttpPathEffective: effective.trim() || undefined };
}

export function isTrue(value: string | undefined): boolean {
  return /^(true|yes|on|1)$/i.test(value ?? '');
}
