// Installs code-server (the real VS Code workbench + Node extension host, published on npm) into
// test/host/code-server/ on first use, offline-friendly. See /work/shared/reference/vscode-test-host.md.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** code-server releases by Node major: each release's postinstall insists on one Node major. */
const RELEASE_BY_NODE_MAJOR: Readonly<Record<number, string>> = { 20: '4.100.3' };

/** Where @vscode/ripgrep's postinstall looks for a cached download before it tries GitHub. */
const RIPGREP_CACHE_DIR = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const codeServerDir = path.join(__dirname, 'code-server');
const entryPath = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The Chromium binary Playwright drives (Debian's `chromium`), or a clear error. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  const found = chromiumCandidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error('Chromium not found at /usr/bin/chromium: install the Debian package `chromium` '
      + '(apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH.');
  }
  return found;
}

/** Throws one message naming every missing Debian package the test host needs. */
export function checkPrerequisites(options: { browser: boolean }): void {
  const missing: string[] = [];
  if (!which('git')) missing.push('git (the built-in Git extension and the test workspace need it)');
  if (!which('rg')) missing.push('ripgrep (provides /usr/bin/rg; code-server\'s search and its offline install need it)');
  if (options.browser && !chromiumCandidates.some((p) => fs.existsSync(p)) && !process.env.CHROMIUM_PATH) {
    missing.push('chromium (the browser that shows the workbench)');
  }
  if (missing.length > 0) {
    throw new Error(`Missing Debian packages for the VS Code test host:\n  - ${missing.join('\n  - ')}\n`
      + 'Install them with: apt-get install -y --no-install-recommends git ripgrep chromium libkrb5-dev');
  }
}

function pinnedRelease(): string {
  const major = Number(process.versions.node.split('.')[0]);
  const release = RELEASE_BY_NODE_MAJOR[major];
  if (!release) {
    const known = Object.entries(RELEASE_BY_NODE_MAJOR).map(([m, r]) => `Node ${m} → code-server ${r}`).join(', ');
    throw new Error(`No code-server release is pinned for Node ${process.versions.node} (${known}). `
      + 'code-server\'s postinstall accepts only one Node major per release; run the tests with Node 20.');
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(codeServerDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const declared = manifest.dependencies?.['code-server'];
  if (declared !== release) {
    throw new Error(`test/host/code-server/package.json pins code-server ${declared ?? '(none)'}, `
      + `but Node ${major} needs ${release}.`);
  }
  return release;
}

function installedVersion(): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(
      path.join(codeServerDir, 'node_modules', 'code-server', 'package.json'), 'utf8')) as { version?: string };
    return fs.existsSync(entryPath) ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/** Places a tarball of Debian's rg where @vscode/ripgrep's postinstall finds a "cached download". */
function seedRipgrepCache(tmpDir: string): void {
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep is missing: apt-get install -y --no-install-recommends ripgrep');
  const cacheDir = path.join(tmpDir, RIPGREP_CACHE_DIR);
  const tarball = path.join(cacheDir, RIPGREP_TARBALL);
  if (fs.existsSync(tarball)) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-stage-'));
  try {
    fs.copyFileSync(rg, path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** npm's environment: root-safe, non-interactive, offline node headers when the Node package ships them. */
function npmEnv(tmpDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: tmpDir,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  // node-gyp (node-pty, kerberos, argon2 fallbacks) would download headers; Debian/NodeSource ship them.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'))) {
    env.npm_config_nodedir = prefix;
  }
  return env;
}

function runNpm(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, args, { cwd: codeServerDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-20000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGTERM'), 15 * 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve();
        return;
      }
      reject(new Error(`npm ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${codeServerDir}:\n${output}`
        + '\nIf a native module failed to build, check the Debian packages: libkrb5-dev, build-essential, python3.'));
    });
  });
}

let pending: Promise<string> | undefined;

/**
 * Installs code-server into test/host/code-server/ unless the pinned release is already there.
 * Returns the path of code-server's entry script (run it with `node`).
 */
export function ensureCodeServer(): Promise<string> {
  pending ??= install().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

async function install(): Promise<string> {
  checkPrerequisites({ browser: false });
  const release = pinnedRelease();
  if (installedVersion() === release) return entryPath;

  const started = Date.now();
  const hasLock = fs.existsSync(path.join(codeServerDir, 'package-lock.json'));
  console.log(`[test-host] installing code-server ${release} into ${path.relative(repoRoot, codeServerDir)} `
    + `(npm ${hasLock ? 'ci' : 'install'}, about a minute)…`);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-server-install-'));
  try {
    seedRipgrepCache(tmpDir);
    const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
    await runNpm(args, npmEnv(tmpDir));
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  const version = installedVersion();
  if (version !== release) {
    throw new Error(`code-server install finished but ${entryPath} (version ${version ?? 'none'}) is not ${release}.`);
  }
  console.log(`[test-host] code-server ${release} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return entryPath;
}

if (require.main === module) {
  ensureCodeServer().then((entry) => console.log(entry), (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
