import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { MAX_FAILED_FACTOR, MAX_UNCHANGED_FACTOR, Poller, type PollOutcome } from '../../src/pullRequests/poller';

describe('Poller (pull request list polling with backoff)', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => { clock = sinon.useFakeTimers(); });
  afterEach(() => clock.restore());

  function poller(outcomes: PollOutcome[], base = 1000): { poller: Poller; runs: number[] } {
    const runs: number[] = [];
    const p = new Poller({
      baseMs: () => base,
      run: async () => { runs.push(Date.now()); return outcomes.shift() ?? 'unchanged'; },
    });
    return { poller: p, runs };
  }

  it('polls only while active, at the base interval after changes', async () => {
    const { poller: p, runs } = poller(['changed', 'changed', 'changed']);
    await clock.tickAsync(5000);
    assert.deepEqual(runs, [], 'nothing while inactive (the view is hidden)');
    p.setActive(true);
    await clock.tickAsync(3000);
    assert.deepEqual(runs, [1000 + 5000, 2000 + 5000, 3000 + 5000]);
    p.setActive(false);
    await clock.tickAsync(10_000);
    assert.equal(runs.length, 3);
  });

  it('backs off ×1.5 while nothing changes (up to ×4) and ×2 after failures (up to ×8); a change resets', () => {
    const p = new Poller({ baseMs: () => 1000, run: async () => 'unchanged' });
    p.record('unchanged');
    assert.equal(p.delay, 1500);
    p.record('unchanged');
    assert.equal(p.delay, 2250);
    for (let i = 0; i < 10; i++) p.record('unchanged');
    assert.equal(p.delay, 1000 * MAX_UNCHANGED_FACTOR);
    p.record('failed');
    p.record('failed');
    assert.equal(p.delay, 1000 * MAX_FAILED_FACTOR);
    p.record('changed');
    assert.equal(p.delay, 1000);
  });

  it('waits longer after unchanged answers (real timers of the schedule)', async () => {
    const { poller: p, runs } = poller(['unchanged', 'unchanged', 'unchanged']);
    p.setActive(true);
    await clock.tickAsync(1000 + 1500 + 2250);
    assert.deepEqual(runs, [1000, 2500, 4750]);
    p.dispose();
  });

  it('is off with a base interval of 0, and a failing run counts as a failure', async () => {
    const off = new Poller({ baseMs: () => 0, run: async () => { throw new Error('should not run'); } });
    off.setActive(true);
    await clock.tickAsync(60_000);
    assert.equal(off.delay, 0);
    const failing = new Poller({ baseMs: () => 1000, run: async () => { throw new Error('boom'); } });
    failing.setActive(true);
    await clock.tickAsync(1000);
    assert.equal(failing.delay, 2000);
    failing.dispose();
  });
});
