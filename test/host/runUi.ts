// `npm run test:ui` (after esbuild has built dist/): UI tests in plain Node. Starts the emulator (test seed)
// and one real VS Code workbench (code-server + Chromium) with the extension in development mode, then runs
// mocha over test/ui/*.ui.ts, which drive that workbench with Playwright and save docs screenshots.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { setUiContext, ui } from '../ui/context';
import { WorkbenchDriver } from '../ui/driver';
import { repoRoot } from './codeServer';
import { emulatorEnv, emulatorSettings, RunningEmulator, startTestEmulator } from './emulator';
import { keepServerLog, launchWorkbench, Workbench } from './workbench';
import { createGitWorkspace, GitWorkspace } from './workspace';

const uiDir = path.join(repoRoot, 'test', 'ui');
const imagesDir = path.join(repoRoot, 'docs', 'images');
const failuresDir = path.join(repoRoot, 'test-results', 'ui');
const runTimeoutMs = Number(process.env.AZDO_TEST_HOST_TIMEOUT ?? 15 * 60) * 1000;

function uiTestFiles(): string[] {
  // AZDO_UI_FILES=graph,pullRequests runs those files only (in their usual order), for a quicker look at one flow.
  const only = process.env.AZDO_UI_FILES?.split(',').map((f) => `${f.trim()}.ui.ts`);
  return fs.readdirSync(uiDir).filter((f) => f.endsWith('.ui.ts') && (!only || only.includes(f))).sort().map((f) => path.join(uiDir, f));
}

async function runMocha(files: string[]): Promise<number> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    timeout: 120_000,
    slow: 15_000,
    grep: process.env.AZDO_TEST_GREP || undefined,
    bail: true, // the scenarios build on each other (signed out → signed in → error)
  });
  for (const file of files) mocha.addFile(file);
  // A failing test leaves a screenshot of the window behind for diagnosis.
  mocha.suite.afterEach(async function () {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    const file = path.join(failuresDir, `${test.fullTitle().replace(/[^\w.-]+/g, '_').slice(0, 120)}.png`);
    await ui().driver.screenshot(file).then(() => console.log(`    screenshot of the failure: ${path.relative(repoRoot, file)}`),
      () => undefined);
  });
  await mocha.loadFilesAsync();
  return new Promise((resolve) => mocha.run(resolve));
}

async function main(): Promise<number> {
  const started = Date.now();
  const built = path.join(repoRoot, 'dist', 'extension.js');
  if (!fs.existsSync(built)) throw new Error('dist/extension.js is missing: run `node esbuild.mjs` (npm run test:ui does).');
  const files = uiTestFiles();
  if (files.length === 0) throw new Error(`no *.ui.ts files in ${uiDir}`);

  let emulator: RunningEmulator | undefined;
  let workspace: GitWorkspace | undefined;
  let workbench: Workbench | undefined;
  cleanup = async (): Promise<void> => {
    setUiContext(undefined);
    await workbench?.close();
    workspace?.dispose();
    await emulator?.close();
  };
  try {
    emulator = await startTestEmulator('test');
    workspace = createGitWorkspace({ name: 'sample-repo' });
    workbench = await launchWorkbench({
      folder: workspace.folder,
      env: emulatorEnv(emulator),
      settings: { ...emulatorSettings(emulator), 'workbench.colorTheme': 'Default Dark Modern' },
      headless: process.env.AZDO_TEST_HEADED ? false : true,
      onLog: () => undefined, // the workbench's console is not the test output here
    });
    console.log(`[test-host] UI tests: workbench ${workbench.serverUrl}, emulator ${emulator.url} `
      + `(up in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    setUiContext({ workbench, emulator, driver: new WorkbenchDriver(workbench.page), imagesDir, workspaceFolder: workspace.folder });
    const failures = await runMocha(files);
    console.log(`[test-host] UI tests ${failures === 0 ? 'passed' : `failed (${failures})`} `
      + `in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (failures > 0) keepServerLog(workbench, path.join(repoRoot, 'test-results', 'ui'));
    return failures === 0 ? 0 : 1;
  } finally {
    await cleanup();
  }
}

let cleanup: () => Promise<void> = async () => undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}
let timer: NodeJS.Timeout | undefined;
const limit = new Promise<number>((_, reject) => {
  timer = setTimeout(() => reject(new Error(`the UI tests did not finish within ${runTimeoutMs / 1000} s`)), runTimeoutMs);
});
Promise.race([main(), limit]).then((code) => {
  clearTimeout(timer);
  process.exit(code);
}, async (err: unknown) => {
  console.error(`[test-host] ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  await cleanup().catch(() => undefined);
  process.exit(1);
});
