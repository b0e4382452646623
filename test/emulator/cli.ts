/**
 * `npm run emulator -- [--port N] [--seed path] [--latency ms] [--data-dir path]`
 * Prints one JSON line (url, vsspsUrl, serverUrl, pat, tokens, organizations, collections, controlUrl)
 * as the first line of stdout, then serves until SIGINT/SIGTERM. (`npm run` itself prints a banner to
 * stdout first; use `npm run --silent emulator -- ...` or `tsx test/emulator/cli.ts` when parsing.)
 */
import { startEmulator, type EmulatorOptions } from './index';

function parseArgs(argv: string[]): EmulatorOptions {
  const options: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': options.port = Number(value()); break;
      case '--seed': options.seed = value(); break;
      case '--latency': options.latencyMs = Number(value()); break;
      case '--data-dir': options.dataDir = value(); break;
      case '--help':
        process.stderr.write('usage: emulator [--port N] [--seed path] [--latency ms] [--data-dir path]\n');
        process.exit(0);
        break;
      default: throw new Error(`unknown argument ${arg}`);
    }
  }
  if (options.port !== undefined && !Number.isInteger(options.port)) throw new Error('--port must be an integer');
  if (options.latencyMs !== undefined && !(options.latencyMs >= 0)) throw new Error('--latency must be >= 0');
  return options;
}

async function main(): Promise<void> {
  // A reader that goes away after the first line (e.g. `| head -1`) must not crash the server.
  process.stdout.on('error', () => undefined);
  const emulator = await startEmulator(parseArgs(process.argv.slice(2)));
  const info = {
    url: emulator.url, vsspsUrl: emulator.vsspsUrl, serverUrl: emulator.serverUrl, pat: emulator.pat,
    tokens: emulator.tokens, organizations: emulator.organizations, collections: emulator.collections,
    controlUrl: `${emulator.url}/_emulator`,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stderr.write(`Azure DevOps emulator at ${emulator.url} (vssps ${emulator.vsspsUrl}, server ${emulator.serverUrl}); Ctrl+C stops it.\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(() => process.exit(0), (err: unknown) => {
      process.stderr.write(`close failed: ${String(err)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
