/** Shared helpers of the emulator's own tests (not a test file itself). */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PersonalAccessTokenCredentialHandler } from 'azure-devops-node-api/handlers/personalaccesstoken';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './index';

export const TEST_SEED = path.join(__dirname, 'seeds', 'test.json');

/** Token secrets of seeds/test.json by name. */
export const T = {
  allOrgs: 'test-pat-all-orgs',
  alphaOnly: 'test-pat-alpha-only',
  betaOnly: 'test-pat-beta-only',
  noCode: 'test-pat-no-code-scope',
  codeRead: 'test-pat-code-read',
  expired: 'test-pat-expired',
  global: 'test-pat-global',
  entra: 'test-entra-access-token',
  bobGlobal: 'test-pat-bob-global',
  entraFabrikam: 'test-entra-fabrikam-token',
  entraMsa: 'test-entra-msa-token',
} as const;

export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ seed: TEST_SEED, ...options });
}

export const pat = (token: string): PersonalAccessTokenCredentialHandler[] => [new PersonalAccessTokenCredentialHandler(token)];

export function basic(token: string): string {
  return `Basic ${Buffer.from(`anyone:${token}`).toString('base64')}`;
}

export interface Raw { status: number; headers: Headers; text: string; body: unknown }

/** A plain HTTP request (no client library) for checks of status, headers and bodies. */
export async function raw(url: string, init: { method?: string; token?: string; auth?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Raw> {
  const headers: Record<string, string> = { accept: 'application/json;api-version=7.1', ...(init.headers ?? {}) };
  if (init.auth) headers.authorization = init.auth;
  else if (init.token) headers.authorization = basic(init.token);
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export async function tempDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** An error thrown by azure-devops-node-api (typed-rest-client attaches these). */
export interface ClientError extends Error {
  statusCode?: number;
  result?: unknown;
  responseHeaders?: Record<string, string>;
  rateLimit?: { retryAfter?: number; limit?: number; remaining?: number; reset?: number; resource?: string };
}

export async function rejection(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (e) {
    return e as ClientError;
  }
  throw new Error('expected the promise to reject');
}

export interface GitResult { code: number; stdout: string; stderr: string }

/**
 * Runs real git with a credential helper that reads the token from the environment variable
 * AZDO_EMULATOR_TOKEN: the token never appears on the command line or in a URL.
 */
export class GitSandbox {
  private constructor(readonly dir: string, readonly helper: string) {}

  static async create(): Promise<GitSandbox> {
    const dir = await tempDir('azdo-emu-git-');
    const helper = path.join(dir, 'credential-helper.sh');
    await fs.writeFile(helper, '#!/bin/sh\n[ "$1" = get ] || exit 0\necho username=emulator-user\necho "password=$AZDO_EMULATOR_TOKEN"\n', { mode: 0o700 });
    await fs.mkdir(path.join(dir, 'home'));
    return new GitSandbox(dir, helper);
  }

  run(args: string[], options: { cwd?: string; token?: string } = {}): Promise<GitResult> {
    return new Promise((resolve, reject) => {
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH, HOME: path.join(this.dir, 'home'), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '/bin/false', LANG: 'C',
        GIT_AUTHOR_NAME: 'Test Pusher', GIT_AUTHOR_EMAIL: 'pusher@example.com',
        GIT_COMMITTER_NAME: 'Test Pusher', GIT_COMMITTER_EMAIL: 'pusher@example.com',
      };
      if (options.token !== undefined) env.AZDO_EMULATOR_TOKEN = options.token;
      const child = spawn('git', ['-c', 'credential.helper=', '-c', `credential.helper=${this.helper}`, '-c', 'init.defaultBranch=main', ...args],
        { cwd: options.cwd ?? this.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  async cleanup(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}
