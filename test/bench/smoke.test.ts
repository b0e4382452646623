// `npm run test:bench` (a stage of `npm test`): the bench runs end to end on a small seed with a low latency, and
// its last line is the JSON object with every field. No thresholds: timings on shared machines are noise here.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { NUMERIC_FIELDS } from './report';

const root = path.resolve(__dirname, '..', '..');

function runBench(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'test', 'bench', 'run.ts'), ...args],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

describe('npm run bench (smoke: 3 organizations, low latency, no targets)', function () {
  this.timeout(10 * 60_000);

  it('runs in the real extension host and ends with one JSON line carrying every figure', async () => {
    const { code, output } = await runBench(['--smoke', '--latency', '10']);
    assert.equal(code, 0, `the bench failed:\n${output.slice(-4000)}`);
    const lines = output.trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    for (const field of NUMERIC_FIELDS) {
      assert.equal(typeof result[field], 'number', `${field} is a number`);
      // The heap's growth for 18 repositories is noise (a collection can make it negative); the rest cannot be.
      const min = field === 'heapMbPer10kRepos' ? -Infinity : 0;
      assert.ok(Number.isFinite(result[field] as number) && (result[field] as number) >= min, `${field} = ${String(result[field])}`);
    }
    assert.equal(typeof result.throttledRunRetryAfterRespected, 'boolean');
    assert.equal(result.organizations, 3);
    assert.equal(result.repositories, 18);
    assert.equal(result.latencyMs, 10);
    assert.match(output, /\| Metric \| Value \| Target \|/, 'the table comes before the JSON line');
  });
});
