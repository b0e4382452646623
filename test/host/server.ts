// code-server on 127.0.0.1 with a throw-away user-data-dir and extensions-dir: the server half of the
// workbench, used by the test runners (through workbench.ts) and by the playground.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer } from './codeServer';
import { freePort, makeTempDir, ManagedProcess, portIsFree, removeDir, waitForHttp, withTimeout } from './util';

export interface CodeServerOptions {
  /** Port on 127.0.0.1; a free one when absent. */
  port?: number;
  /** User settings, merged over {@link quietSettings}. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server, inherited by the extension host. */
  env?: Record<string, string>;
  /** A .vsix installed into the fresh extensions dir before start. */
  installVsix?: string;
  /** Working directory of the server (e.g. the workspace folder). */
  cwd?: string;
  /** Called with each line code-server prints (it also goes to the log file). */
  onLine?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface CodeServer {
  port: number;
  /** e.g. http://127.0.0.1:41234 */
  serverUrl: string;
  /** code-server's entry script (inside test/host/code-server/node_modules). */
  entry: string;
  /** Temp dir holding user data, extensions, config and log; removed by stop(). */
  tempDir: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  process: ManagedProcess;
  /** Workbench URL for a folder, with `payload` pairs (extensionDevelopmentPath, extensionTestsPath…). */
  workbenchUrl(folder: string | undefined, payload?: [string, string][]): string;
  /** A path on this machine as the workbench's remote URI. */
  remoteUri(p: string): string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic for tests and screenshots. */
export const quietSettings: Readonly<Record<string, unknown>> = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.restoreWindows': 'none',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
  'git.confirmSync': false,
  'chat.commandCenter.enabled': false,
  'npm.autoDetect': 'off',
};

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const entry = await ensureCodeServer();
  const tempDir = makeTempDir('azdo-code-server-');
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = path.join(tempDir, 'extensions');
  const logFile = path.join(tempDir, 'code-server.log');
  let server: ManagedProcess | undefined;
  const stop = async (): Promise<void> => {
    await server?.stop();
    removeDir(tempDir);
  };
  try {
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.mkdirSync(extensionsDir, { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...quietSettings, ...opts.settings }, null, 2));
    // An own config file keeps code-server from writing ~/.config/code-server/config.yaml.
    const configFile = path.join(tempDir, 'config.yaml');
    fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
    const baseArgs = [entry, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    // AZDO_USER_DATA_DIR lets the tests inside the host scan what VS Code stored (settings, state, logs).
    const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, AZDO_USER_DATA_DIR: userDataDir };
    delete env.VSCODE_IPC_HOOK_CLI; // never talk to a VS Code this runner may itself run inside of

    if (opts.installVsix) {
      const installer = new ManagedProcess('code-server --install-extension', process.execPath,
        [...baseArgs, '--install-extension', path.resolve(opts.installVsix), '--force'], { env, logFile });
      await withTimeout(installer.waitForExit(), 120_000, `installing ${opts.installVsix} took over 2 minutes`);
      if (installer.exitCode !== 0) throw new Error(`code-server --install-extension ${opts.installVsix} failed:\n${installer.tail()}`);
    }

    const port = opts.port ?? await freePort();
    if (opts.port && !(await portIsFree(opts.port))) {
      throw new Error(`port ${opts.port} on 127.0.0.1 is in use: stop what uses it or choose another (PORT=…)`);
    }
    const serverUrl = `http://127.0.0.1:${port}`;
    server = new ManagedProcess('code-server', process.execPath, [...baseArgs,
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'],
    { env, cwd: opts.cwd ?? tempDir, logFile, onLine: opts.onLine });
    await waitForHttp(`${serverUrl}/healthz`, server, opts.startTimeoutMs ?? 90_000);

    const remoteUri = (p: string): string => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
    const workbenchUrl = (folder: string | undefined, payload: [string, string][] = []): string => {
      const query = new URLSearchParams();
      if (folder) query.set('folder', path.resolve(folder));
      else query.set('ew', 'true');
      if (payload.length > 0) query.set('payload', JSON.stringify(payload));
      return `${serverUrl}/?${query.toString()}`;
    };
    return { port, serverUrl, entry, tempDir, userDataDir, extensionsDir, logFile, process: server, workbenchUrl, remoteUri, stop };
  } catch (err) {
    if (server && err instanceof Error) err.message += `\ncode-server output:\n${server.tail()}`;
    await stop();
    throw err;
  }
}

/**
 * The path the workbench loads the extension under development from. code-server lives in
 * test/host/code-server/, inside the repository, so its built-in extensions sit *under* the development
 * folder, and the workbench then believes the extension under development contributes every built-in color
 * theme (it switches to "the developed extension's theme": Light+). A symlink outside the repository keeps
 * the built-ins outside; Node still loads dist/extension.js from its real path.
 */
export function developmentLocation(server: CodeServer, devPath: string): string {
  const resolved = path.resolve(devPath);
  if (!server.entry.startsWith(resolved + path.sep)) return resolved;
  const link = path.join(server.tempDir, 'development', path.basename(resolved));
  if (!fs.existsSync(link)) {
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(resolved, link, 'dir');
  }
  return link;
}
