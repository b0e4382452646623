// A real VS Code window for tests: code-server (VS Code 1.100 workbench + Node extension host) on a free
// 127.0.0.1 port with throw-away user data, opened in Debian's Chromium through playwright-core.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { Browser, chromium, Page } from 'playwright-core';
import { checkPrerequisites, chromiumPath, repoRoot } from './codeServer';
import { CodeServer, developmentLocation, startCodeServer } from './server';
import { withTimeout } from './util';

export { quietSettings } from './server';

export interface WorkbenchOptions {
  /** Folder opened in the window (absolute). Without it the window opens empty. */
  folder?: string;
  /** Extra environment for code-server and so for the extension host (e.g. AZDO_EMULATOR). */
  env?: Record<string, string>;
  /** User settings, merged over the quiet defaults (see server.ts). */
  settings?: Record<string, unknown>;
  /** Bundled tests module exporting run(); when set, the window runs it and reports through waitForExit(). */
  extensionTestsPath?: string;
  /** Extension loaded in development mode; defaults to the repository root; null loads none. */
  extensionDevelopmentPath?: string | null;
  /** A .vsix installed into the fresh extensions dir before start (pair it with extensionDevelopmentPath: null). */
  installVsix?: string;
  headless?: boolean;
  viewport?: { width: number; height: number };
  /** Receives every line the workbench logs through codeAutomationLog; default: stdout minus workbench noise. */
  onLog?: (type: string, text: string) => void;
  /** How long code-server and the workbench may take to come up (default 90 s). */
  startTimeoutMs?: number;
}

export interface Workbench {
  page: Page;
  browser: Browser;
  /** Base URL of code-server, e.g. http://127.0.0.1:41234 */
  serverUrl: string;
  /** Full workbench URL with folder and payload. */
  url: string;
  userDataDir: string;
  /** code-server's combined stdout/stderr file (inside the temp dir that close() removes). */
  serverLogFile: string;
  /** The last lines code-server printed, for failure reports. */
  serverOutput(): string;
  /** The exit code the workbench reports through codeAutomationExit; rejects after timeoutMs (default 10 min). */
  waitForExit(timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

/** Harmless workbench chatter (offline gallery, connection setup) hidden from the test output. */
const noise = [
  /open-vsx\.org|ENOTFOUND|marketplace|gallery/i,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
  /^Started local extension host/,
];

/** True for workbench log lines that say nothing about the extension or its tests (AZDO_TEST_HOST_VERBOSE=1 shows all). */
export function isWorkbenchNoise(text: string): boolean {
  if (process.env.AZDO_TEST_HOST_VERBOSE) return false;
  const first = text.split('\n', 1)[0];
  return noise.some((re) => re.test(first));
}

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

export async function launchWorkbench(opts: WorkbenchOptions = {}): Promise<Workbench> {
  checkPrerequisites({ browser: true });
  const startTimeoutMs = opts.startTimeoutMs ?? 90_000;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await browser?.close().catch(() => undefined);
    await server?.stop();
  };

  try {
    server = await startCodeServer({
      settings: opts.settings, env: opts.env, installVsix: opts.installVsix, cwd: opts.folder, startTimeoutMs,
    });
    const payload: [string, string][] = [];
    const devPath = opts.extensionDevelopmentPath === undefined ? repoRoot : opts.extensionDevelopmentPath;
    if (devPath) payload.push(['extensionDevelopmentPath', server.remoteUri(developmentLocation(server, devPath))]);
    if (opts.extensionTestsPath) payload.push(['extensionTestsPath', server.remoteUri(opts.extensionTestsPath)]);
    const url = server.workbenchUrl(opts.folder, payload);

    // A fresh browser profile each time (Playwright's launch uses a temporary one); Chromium's crash reporter
    // and caches go to the server's temp dir too, not to ~/.config/chromium.
    const browserHome = path.join(server.tempDir, 'browser');
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: opts.headless ?? true,
      args: chromiumArgs,
      timeout: startTimeoutMs,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(browserHome, 'config'), XDG_CACHE_HOME: path.join(browserHome, 'cache') },
    });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    // Windows the workbench opens on its own (e.g. the Git extension's "Open in New Window" after a clone) would
    // start another workbench and extension host next to the tests; nothing looks at them, so they close at once.
    context.on('page', (other) => {
      if (other !== page) void other.close().catch(() => undefined);
    });

    let reportExit: (code: number) => void = () => undefined;
    let reportFailure: (err: Error) => void = () => undefined;
    const exitCode = new Promise<number>((resolve, reject) => {
      reportExit = resolve;
      reportFailure = reject;
    });
    exitCode.catch(() => undefined); // observed by waitForExit; avoid unhandled rejections before then
    const onLog = opts.onLog ?? ((_type: string, text: string) => {
      if (!isWorkbenchNoise(text)) console.log(text);
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      // The workbench forwards console calls unformatted (mocha's reporter logs "%s%s" patterns).
      const parts: unknown[] = Array.isArray(args) ? args : [args];
      onLog(type, format(...parts));
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));
    page.on('crash', () => reportFailure(new Error('the workbench page crashed')));
    const serverProcess = server.process;
    void serverProcess.waitForExit().then(() => {
      if (!closed) reportFailure(new Error(`code-server exited (${serverProcess.exitDescription()}):\n${serverProcess.tail()}`));
    });

    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: startTimeoutMs });
    await page.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: startTimeoutMs });

    const waitForExit = (timeoutMs = 10 * 60_000): Promise<number> => withTimeout(exitCode, timeoutMs,
      `the test run did not finish within ${Math.round(timeoutMs / 1000)} s (no codeAutomationExit call): `
      + 'a test or the extension host hung.');
    return {
      page, browser, url, waitForExit, close,
      serverUrl: server.serverUrl,
      userDataDir: server.userDataDir,
      serverLogFile: server.logFile,
      serverOutput: () => serverProcess.tail(60),
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Copies code-server's log (removed by close()) to `dir`/code-server.log and says where it is. */
export function keepServerLog(workbench: Workbench, dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, 'code-server.log');
    fs.copyFileSync(workbench.serverLogFile, target);
    console.error(`[test-host] code-server log: ${path.relative(repoRoot, target)}`);
  } catch {
    // the log is a diagnostic only
  }
}
