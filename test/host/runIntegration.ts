// `npm run test:integration` (after esbuild has built dist/ and out/test/integration/): runs the bundled
// mocha suite inside a real VS Code extension host against the Azure DevOps emulator.
//
// Default host: code-server (VS Code 1.100.3 workbench + Node extension host) in Debian's Chromium,
// installed offline on first use. VSCODE_TEST_HOST=electron runs the same suite through
// @vscode/test-electron's runTests instead (downloads a desktop VS Code; needs the network and a display).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './codeServer';
import { emulatorEnv, emulatorSettings, RunningEmulator, seedPath, startTestEmulator } from './emulator';
import { makeTempDir, removeDir, withTimeout } from './util';
import { keepServerLog, launchWorkbench, quietSettings, Workbench } from './workbench';
import { createGitRecorder, type GitRecorder } from './gitRecorder';
import { createTestCertificates } from './tls';
import { createGitWorkspace, GitWorkspace } from './workspace';

const testsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
const extensionMain = path.join(repoRoot, 'dist', 'extension.js');
const resultsDir = path.join(repoRoot, 'test-results', 'integration');
/** Whole-run limit; AZDO_TEST_HOST_TIMEOUT (seconds) overrides it. */
const runTimeoutMs = Number(process.env.AZDO_TEST_HOST_TIMEOUT ?? 15 * 60) * 1000;

function requireBuilt(): void {
  const missing = [extensionMain, testsEntry].filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error(`Not built: ${missing.map((f) => path.relative(repoRoot, f)).join(', ')}. `
      + 'Run `node esbuild.mjs && node esbuild.mjs --tests` (npm run test:integration does).');
  }
}

/**
 * What the tests inside the host need besides the emulator: a scratch folder for clones (scanned for tokens at the
 * end) and a recording `git` first on PATH, so the leak scan sees every git command line of the run.
 */
function hostEnv(emulator: RunningEmulator, scratch: string, git: GitRecorder): Record<string, string> {
  const tls = createTestCertificates(path.dirname(git.logFile));
  return {
    ...emulatorEnv(emulator),
    AZDO_TEST_SCRATCH: scratch,
    AZDO_GIT_ARGS_LOG: git.logFile,
    // A company certificate authority, trusted the way Node trusts extra CAs (the tests of TLS servers use it).
    AZDO_TEST_TLS_DIR: tls.dir,
    NODE_EXTRA_CA_CERTS: tls.caFile,
    PATH: `${git.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
  };
}

/**
 * One run of the suite in code-server. `gitLater`: the tests of gitLater/ in a host of their own that starts with git
 * turned off (the Git extension only follows `git.enabled` when it is turned on, so this needs a fresh host).
 */
async function runInCodeServer(emulator: RunningEmulator, workspace: GitWorkspace, scratch: string, git: GitRecorder, gitLater = false): Promise<number> {
  let workbench: Workbench | undefined;
  try {
    workbench = await launchWorkbench({
      folder: workspace.folder,
      env: { ...hostEnv(emulator, scratch, git), ...(gitLater ? { AZDO_INTEGRATION_RUN: 'gitLater' } : {}) },
      settings: { ...emulatorSettings(emulator), 'git.path': git.gitPath, ...(gitLater ? { 'git.enabled': false } : {}) },
      extensionTestsPath: testsEntry,
      headless: process.env.AZDO_TEST_HEADED ? false : true,
    });
    const code = await workbench.waitForExit(runTimeoutMs);
    if (code !== 0) keepServerLog(workbench, resultsDir);
    return code;
  } catch (err) {
    if (workbench) {
      console.error(`\n[test-host] code-server output (last lines):\n${workbench.serverOutput()}`);
      keepServerLog(workbench, resultsDir);
    }
    throw err;
  } finally {
    await workbench?.close();
  }
}

/** Same suite in a downloaded desktop VS Code. Not verifiable offline: written to @vscode/test-electron's API. */
async function runInElectron(emulator: RunningEmulator, workspace: GitWorkspace, scratch: string, git: GitRecorder): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  const dataDir = makeTempDir('azdo-electron-');
  try {
    const userDataDir = path.join(dataDir, 'user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...quietSettings, ...emulatorSettings(emulator), 'git.path': git.gitPath }, null, 2));
    return await withTimeout(runTests({
      version: process.env.VSCODE_TEST_VERSION ?? '1.100.3',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsEntry,
      extensionTestsEnv: { ...hostEnv(emulator, scratch, git), AZDO_USER_DATA_DIR: userDataDir },
      launchArgs: [
        workspace.folder,
        '--user-data-dir', userDataDir,
        '--extensions-dir', path.join(dataDir, 'extensions'),
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-telemetry',
      ],
    }), runTimeoutMs, `the Electron test run did not finish within ${runTimeoutMs / 1000} s`);
  } finally {
    removeDir(dataDir);
  }
}

/** The gitLater run, unless AZDO_TEST_GREP picks tests that are not in it. */
function runsGitLater(): boolean {
  const grep = process.env.AZDO_TEST_GREP;
  return !grep || /git turned on|git\.enabled/i.test(grep);
}

async function main(): Promise<number> {
  requireBuilt();
  const started = Date.now();
  const host = process.env.VSCODE_TEST_HOST === 'electron' ? 'electron' : 'code-server';
  const emulator = await startTestEmulator('test');
  const workspace = createGitWorkspace({ name: 'sample-repo' });
  const runDir = makeTempDir('azdo-run-');
  const scratch = path.join(runDir, 'scratch');
  fs.mkdirSync(scratch, { recursive: true });
  const git = createGitRecorder(runDir);
  const cleanup = async (): Promise<void> => {
    workspace.dispose();
    removeDir(runDir);
    await emulator.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n[test-host] ${signal}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  console.log(`[test-host] integration tests in ${host}; emulator ${emulator.url} (seed ${path.relative(repoRoot, seedPath('test'))}); `
    + `workspace ${workspace.folder}`);
  try {
    let code = host === 'electron' ? await runInElectron(emulator, workspace, scratch, git) : await runInCodeServer(emulator, workspace, scratch, git);
    if (code === 0 && host === 'code-server' && runsGitLater()) {
      console.log('[test-host] the tests of a host started with git turned off (gitLater/)');
      code = await runInCodeServer(emulator, workspace, scratch, git, true);
    }
    console.log(`[test-host] integration tests ${code === 0 ? 'passed' : `failed (exit code ${code})`} `
      + `in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    await cleanup();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`[test-host] ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
