// `npm start`: a VS Code (code-server) in the browser with the extension, talking to the Azure DevOps emulator
// seeded with demo data. Prints the address to open, the demo token and the organizations; Ctrl+C stops all.
//
//   PORT=8080 (default)   port of the workbench on 127.0.0.1
//   EMULATOR_PORT=0       port of the emulator (0: any free port)
//   PLAYGROUND_DEV=1      skip the .vsix and load the extension from the repository in development mode
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPrerequisites, repoRoot } from '../test/host/codeServer';
import { emulatorSettings, RunningEmulator, startTestEmulator } from '../test/host/emulator';
import { CodeServer, developmentLocation, startCodeServer } from '../test/host/server';
import { createGitWorkspace, GitWorkspace } from '../test/host/workspace';

const port = Number(process.env.PORT ?? 8080);
const emulatorPort = Number(process.env.EMULATOR_PORT ?? 0);
const vsixPath = path.join(repoRoot, 'azure-devops-vscode.vsix');

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** Builds the .vsix with `npm run package`; falls back to a development build when vsce refuses. */
function build(): { vsix?: string; note: string } {
  if (!process.env.PLAYGROUND_DEV) {
    console.log('[playground] npm run package (esbuild --production + vsce)…');
    fs.rmSync(vsixPath, { force: true });
    const packaged = run('npm', ['run', '--silent', 'package']);
    if (packaged.ok && fs.existsSync(vsixPath)) return { vsix: vsixPath, note: `installed from ${path.basename(vsixPath)}` };
    const reason = packaged.output.split('\n').filter((l) => /error/i.test(l)).slice(-3).join('\n') || packaged.output.slice(-600);
    console.warn(`[playground] vsce could not package the extension; using the development build instead:\n${reason}`);
  }
  console.log('[playground] node esbuild.mjs…');
  const built = run('node', ['esbuild.mjs']);
  if (!built.ok) throw new Error(`node esbuild.mjs failed:\n${built.output}`);
  return { note: 'loaded from the repository in development mode (no .vsix)' };
}

/** The clone URL of the demo's first repository, so the workspace looks like a clone of it. */
async function firstCloneUrl(emulator: RunningEmulator): Promise<string | undefined> {
  const organization = emulator.organizations[0];
  if (!organization) return undefined;
  try {
    const res = await fetch(`${emulator.url}/${organization}/_apis/git/repositories?api-version=7.1`, {
      headers: { Authorization: `Basic ${Buffer.from(`:${emulator.pat}`).toString('base64')}` },
    });
    const body = await res.json() as { value?: { remoteUrl?: string }[] };
    return body.value?.find((r) => r.remoteUrl)?.remoteUrl;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  checkPrerequisites({ browser: false });
  const started = Date.now();
  const { vsix, note } = build();
  let emulator: RunningEmulator | undefined;
  let workspace: GitWorkspace | undefined;
  let server: CodeServer | undefined;
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      console.log('\n[playground] stopping…');
      await server?.stop().catch(() => undefined);
      workspace?.dispose();
      await emulator?.close().catch(() => undefined);
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));

  try {
    emulator = await startTestEmulator('demo', emulatorPort);
    workspace = createGitWorkspace({ name: 'demo-repo', remoteUrl: await firstCloneUrl(emulator) });
    server = await startCodeServer({
      port,
      installVsix: vsix,
      settings: { ...emulatorSettings(emulator), 'workbench.colorTheme': 'Default Dark Modern', 'workbench.startupEditor': 'none' },
      cwd: workspace.folder,
    });
    const payload: [string, string][] = vsix ? [] : [['extensionDevelopmentPath', server.remoteUri(developmentLocation(server, repoRoot))]];
    const address = server.workbenchUrl(workspace.folder, payload);
    const line = '─'.repeat(72);
    console.log([
      '', line,
      '  Azure DevOps playground is running',
      line,
      `  Open:           ${address}`,
      ...(vsix ? [] : ['                  (development mode: open exactly this address)']),
      `  Demo token:     ${emulator.pat}`,
      `  Organizations:  ${emulator.organizations.join(', ')}   (sign in with a name, e.g. "${emulator.organizations[0] ?? ''}")`,
      ...(emulator.collections.length > 0
        ? [`  Server:         ${emulator.collections.map((c) => `${emulator?.serverUrl}/${c}`).join(', ')}`] : []),
      `  Emulator:       ${emulator.url}  (control API ${emulator.url}/_emulator)`,
      `  Extension:      ${note}`,
      `  Workspace:      ${workspace.folder}`,
      `  Started in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl+C stops everything.`,
      line, '',
    ].join('\n'));
    const serverProcess = server.process;
    await serverProcess.waitForExit();
    if (!stopping) {
      console.error(`[playground] code-server exited (${serverProcess.exitDescription()}):\n${serverProcess.tail()}`);
      await stop(1);
    }
  } catch (err) {
    console.error(`[playground] ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

void main();
