// `npm test`: every stage in order (type check, lint, unit and emulator tests, integration tests in a real VS Code
// extension host, UI tests in the real workbench, the packaged .vsix in a fresh VS Code, a smoke run of the bench), output streamed as it comes, then one
// closing line, the last line printed, that counts the tests of all stages: `tests: N passed, N failed, N skipped`.
// Stops at the first failing stage.
import { spawn } from 'node:child_process';

interface Stage { name: string; command: string; args: string[] }

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const stages: Stage[] = [
  { name: 'typecheck', command: npm, args: ['run', 'typecheck'] },
  { name: 'lint', command: npm, args: ['run', 'lint'] },
  { name: 'unit', command: npm, args: ['run', 'test:unit'] },
  { name: 'integration', command: npm, args: ['run', 'test:integration'] },
  { name: 'ui', command: npm, args: ['run', 'test:ui'] },
  { name: 'packaged', command: npm, args: ['run', 'test:packaged'] },
  { name: 'bench', command: npm, args: ['run', 'test:bench'] },
];

const totals = { passed: 0, failed: 0, skipped: 0 };

function count(output: string): void {
  // mocha's spec reporter closes with "N passing", "N failing", "N pending" (indented, with timings).
  const find = (word: string) => [...output.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  totals.passed += find('passing');
  totals.failed += find('failing');
  totals.skipped += find('pending');
}

function runStage(stage: Stage): Promise<number> {
  return new Promise((resolve) => {
    console.log(`\n=== ${stage.name} ===`);
    const child = spawn(stage.command, stage.args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); process.stdout.write(chunk); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); process.stderr.write(chunk); });
    child.on('close', (code) => { count(output); resolve(code ?? 1); });
    child.on('error', (err) => { console.error(`${stage.name}: ${err.message}`); resolve(1); });
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const only = process.argv.slice(2);
  let failedStage: string | undefined;
  for (const stage of stages) {
    if (only.length > 0 && !only.includes(stage.name)) continue;
    const code = await runStage(stage);
    if (code !== 0) {
      failedStage = stage.name;
      if (totals.failed === 0) totals.failed = 1; // a stage that failed without failing tests (type errors, lint) still fails
      break;
    }
  }
  if (failedStage) console.error(`\nnpm test: the ${failedStage} stage failed.`);
  console.log(`\nnpm test took ${Math.round((Date.now() - started) / 1000)} s`);
  // The closing line, last of all: CI reads the counts from it.
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exitCode = failedStage ? 1 : 0;
}

void main();
