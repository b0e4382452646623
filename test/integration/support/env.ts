import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AccountRecord } from '../../../src/auth/accountStore';
import type { AzureDevOpsExtensionApi } from '../../../src/extension';
import type { TestingApi } from '../../../src/testing';
import type { FaultSpec, RequestLog } from '../../emulator/control';
import type { Seed, SeedToken } from '../../emulator/seed';
import { ScriptedPrompter, type Step } from './prompter';

export const EXTENSION_ID = 'azdo-vscode.azure-devops-vscode';

export interface EmulatorInfo {
  url: string;
  vsspsUrl: string;
  serverUrl: string;
  pat: string;
  organizations: string[];
  collections: string[];
}

/** The emulator the runner started (passed through the environment of the extension host). */
export function emulator(): EmulatorInfo {
  const raw = process.env.AZDO_EMULATOR;
  if (!raw) throw new Error('AZDO_EMULATOR is not set: run the integration tests with `npm run test:integration`.');
  return JSON.parse(raw) as EmulatorInfo;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The seed the emulator was started with, to find tokens and names by what they are for. */
export function testSeed(): Seed {
  const file = process.env.AZDO_EMULATOR_SEED ?? path.join(repoRoot, 'test', 'emulator', 'seeds', 'test.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Seed;
}

/** The secret of the first seeded token that matches. */
export function token(match: (t: SeedToken, name: string) => boolean, what: string): string {
  const found = Object.entries(testSeed().tokens).find(([name, t]) => match(t, name));
  if (!found) throw new Error(`The test seed has no token that is ${what}`);
  return found[1].token;
}

/** A token scoped to exactly this organization, with full access and no expiry. */
export function orgToken(org: string): string {
  return token((t) => Array.isArray(t.organizations) && t.organizations.length === 1
    && t.organizations[0].toLowerCase() === org.toLowerCase() && !t.expires && (!t.scopes || t.scopes.some((s) => s.startsWith('vso.code'))) && t.kind !== 'entra',
  `scoped to ${org} only`);
}

export function userOf(secret: string): { displayName: string; email: string } {
  const seed = testSeed();
  const entry = Object.values(seed.tokens).find((t) => t.token === secret);
  if (!entry) throw new Error('unknown token');
  return seed.users[entry.user];
}

/** The emulator's control API (faults, switches, reset), over real HTTP. */
export const control = {
  async call(method: string, route: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${emulator().url}/_emulator/${route}`, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator control ${method} ${route} → ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  },
  addFault: (spec: FaultSpec) => control.call('POST', 'faults', spec),
  clearFaults: () => control.call('DELETE', 'faults'),
  setSignInPage: (organization: string, enabled: boolean) => control.call('PUT', `organizations/${encodeURIComponent(organization)}/signInPage`, { enabled }),
  revokeToken: (nameOrSecret: string) => control.call('DELETE', `tokens/${encodeURIComponent(nameOrSecret)}`),
  reset: () => control.call('POST', 'reset'),
  /** The emulator's own request log (what it received, and the most requests in flight per organization). */
  log: async () => await control.call('GET', 'log') as RequestLog,
  clearLog: () => control.call('DELETE', 'log'),
};

/** A folder for clones and other files a test makes; the leak scan at the end of the run reads all of it. */
export function scratchDir(name: string): string {
  const root = process.env.AZDO_TEST_SCRATCH;
  if (!root) throw new Error('AZDO_TEST_SCRATCH is not set: run the integration tests with `npm run test:integration`.');
  const dir = path.join(root, `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The extension's test API (the extension runs in ExtensionMode.Test under the test runner). */
export async function extensionApi(): Promise<TestingApi> {
  const extension = vscode.extensions.getExtension<AzureDevOpsExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in the test host`);
  const exports = await extension.activate();
  if (!exports.testing) throw new Error('The extension did not expose its testing API: is the host running tests?');
  return exports.testing;
}

/** The signed-in account of an organization (by its name), or a failure saying it is not signed in. */
export function accountNamed(api: TestingApi, name: string): AccountRecord {
  const account = api.deps.accounts.list().find((a) => a.name === name);
  if (!account) throw new Error(`${name} is not signed in (signed in: ${api.deps.accounts.list().map((a) => a.name).join(', ') || 'none'})`);
  return account;
}

/** Runs a command with `steps` as the user's answers to its prompts; the prompter tells what was asked. */
export async function runScripted<T>(api: TestingApi, command: string, steps: Step[], ...args: unknown[]): Promise<{ prompter: ScriptedPrompter; result: T }> {
  const prompter = new ScriptedPrompter(steps);
  api.setPrompter(prompter);
  const result = await vscode.commands.executeCommand<T>(command, ...args);
  return { prompter, result };
}

/**
 * Signs in to `org` the way a user does ("Azure DevOps: Sign In", typing the organization and a token), with the
 * organization's own token unless another is given; fails when the command does not sign in.
 */
export async function signIn(api: TestingApi, org: string, secret = orgToken(org)): Promise<void> {
  api.setPrompter(new ScriptedPrompter([{ input: org }, { input: secret }]));
  const account = await vscode.commands.executeCommand('azureDevOps.signIn');
  if (!account) throw new Error(`sign-in to ${org} failed`);
}

/** Signed out everywhere, with real prompts, no opened links caught and the real home directory. */
export async function signOutEverywhere(api: TestingApi): Promise<void> {
  for (const account of api.deps.accounts.list()) await api.deps.accounts.remove(account.key);
  api.deps.clients.reset();
  api.deps.catalog.invalidate();
  api.setPrompter(undefined);
  api.setOpenExternal(undefined);
  api.setHomeDir(undefined);
}

/** Back to a clean slate: signed out everywhere (see signOutEverywhere) and no emulator faults. */
export async function cleanSlate(api: TestingApi): Promise<void> {
  await signOutEverywhere(api);
  await control.clearFaults();
}

/**
 * Every test of the suite starts on a clean slate, and the suite leaves one for the next (a fault or a sign-in left
 * behind would change what later suites see). `api` is read when the hooks run, after the suite's `before`.
 */
export function eachTestOnCleanSlate(api: () => TestingApi): void {
  beforeEach(() => cleanSlate(api()));
  after(() => cleanSlate(api()));
}

/**
 * `promise`, or a failure naming the step that did not finish within `ms` (instead of the test's own timeout, which
 * says nothing of where it waited), with `state()` at that moment.
 */
export async function within<T>(what: string, promise: Thenable<T>, ms: number, state: () => unknown = () => undefined): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const fail = (shown: string) => reject(new Error(`${what} did not finish within ${ms / 1000} s; state: ${shown}`));
      // The state may be read asynchronously (e.g. the emulator's request log).
      Promise.resolve().then(state).then((s) => fail(JSON.stringify(s)), (err: unknown) => fail(`unavailable (${String(err)})`));
    }, ms);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
