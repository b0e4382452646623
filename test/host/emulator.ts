// The Azure DevOps emulator (test/emulator) as the test host and the playground use it, and how the
// extension host learns about it: settings (where the extension sends requests) and AZDO_EMULATOR (for tests).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSeed, startEmulator, type RunningEmulator as Emulator } from '../emulator/index';
import { repoRoot } from './codeServer';

/** A running emulator and the seed file it was started from. */
export type RunningEmulator = Emulator & { seedFile: string };

export type SeedName = 'test' | 'demo';

export const seedPath = (name: SeedName): string => path.join(repoRoot, 'test', 'emulator', 'seeds', `${name}.json`);

/** Starts the emulator in this process with seeds/<name>.json (port 0 = any free port). */
export async function startTestEmulator(name: SeedName, port = 0): Promise<RunningEmulator> {
  let seedFile = seedPath(name);
  if (!fs.existsSync(seedFile)) {
    console.warn(`[test-host] ${path.relative(repoRoot, seedFile)} is missing: using a generated seed`);
    seedFile = path.join(os.tmpdir(), `azdo-generated-seed-${process.pid}.json`);
    fs.writeFileSync(seedFile, JSON.stringify(generateSeed({ organizations: 2, projectsPerOrg: 2, reposPerProject: 2 })));
  }
  const emulator = await startEmulator({ seed: seedFile, port });
  return { ...emulator, seedFile };
}

/** What tests inside the extension host read from process.env.AZDO_EMULATOR (JSON); AZDO_EMULATOR_SEED is the seed file. */
export interface EmulatorEnvInfo {
  url: string;
  vsspsUrl: string;
  serverUrl: string;
  /** Control API (faults, latency, tokens, log, reset): see test/emulator/controlhttp.ts. */
  controlUrl: string;
  pat: string;
  tokens: Record<string, string>;
  organizations: string[];
  collections: string[];
}

export function emulatorEnv(emulator: Pick<RunningEmulator, 'url' | 'vsspsUrl' | 'serverUrl' | 'pat' | 'tokens' | 'organizations' | 'collections' | 'seedFile'>): Record<string, string> {
  const { url, vsspsUrl, serverUrl, pat, tokens, organizations, collections } = emulator;
  const info: EmulatorEnvInfo = { url, vsspsUrl, serverUrl, controlUrl: `${url}/_emulator`, pat, tokens, organizations, collections };
  return { AZDO_EMULATOR: JSON.stringify(info), AZDO_EMULATOR_SEED: emulator.seedFile };
}

/** User settings that point the extension at the emulator. */
export function emulatorSettings(emulator: Pick<RunningEmulator, 'url' | 'vsspsUrl'>): Record<string, unknown> {
  return { 'azureDevOps.serviceUrl': emulator.url, 'azureDevOps.profileServiceUrl': emulator.vsspsUrl };
}
