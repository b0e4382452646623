import * as assert from 'node:assert/strict';
import { ASKPASS_KEEP_MS, askpassHostKey, AskpassTimers } from '../../src/git/askpassTimers';

describe('AskpassTimers (answers held back from the Git extension\'s askpass timer)', () => {
  const HOST = 'dev.azure.com';
  const t0 = 1_700_000_000_000;
  const timers = () => new AskpassTimers({ promptGapMs: 3_000, lateMs: 500 });

  it('does not wait when no answer was handed for the host, or the earlier timer is far away', () => {
    const t = timers();
    assert.equal(t.delayFor(HOST, t0), 0);
    t.handed(HOST, t0);
    assert.equal(t.delayFor(HOST, t0 + 1_000), 0, 'a second answer right after the first: its timer is a minute away');
    assert.equal(t.delayFor(HOST, t0 + 30_000), 0);
    assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS - 3_000), 0, 'the timer fires just after the password prompt can come');
    assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS + 500), 0, 'the timer has fired, late ones included');
    assert.equal(t.delayFor('other.example', t0 + ASKPASS_KEEP_MS - 100), 0, 'another host has its own cache entry');
  });

  it('waits until the earlier answer\'s timer has fired (and a late firing) when it would fire before git\'s password prompt', () => {
    const t = timers();
    t.handed(HOST, t0);
    const now = t0 + ASKPASS_KEEP_MS - 200;
    assert.equal(t.delayFor(HOST, now), 200 + 500);
    assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS - 2_999), 2_999 + 500);
    assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS + 100), 400, 'a timer due 100 ms ago may still be running late');
  });

  it('waits past a chain of timers whose windows overlap, and only as far as the chain goes', () => {
    const t = timers();
    t.handed(HOST, t0);
    t.handed(HOST, t0 + 2_000);
    t.handed(HOST, t0 + 20_000);
    // From 59.5 s: the first timer (60 s) is in the window, then the second (62 s) is within 3 s of 60.5 s.
    assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS - 500), 2_000 + 500 + 500);
    // The third timer (80 s) is far from 62.5 s: no further wait.
  });

  it('follows each answer handed, as time goes on', () => {
    const t = timers();
    t.handed(HOST, t0);
    t.handed(HOST, t0 + ASKPASS_KEEP_MS + 1_000); // the first timer has fired by then
    assert.equal(t.delayFor(HOST, t0 + 2 * ASKPASS_KEEP_MS + 1_000 - 200), 700, 'the second answer\'s timer');
    assert.equal(t.delayFor(HOST, t0 + 2 * ASKPASS_KEEP_MS + 1_000 + 600), 0, 'every timer has fired');
  });

  it('keys hosts as the Git extension does: no user name, any case', () => {
    assert.equal(askpassHostKey('alpha@dev.azure.com'), 'dev.azure.com');
    assert.equal(askpassHostKey('user:x@Server.Example:8080'), 'server.example:8080');
    assert.equal(askpassHostKey('127.0.0.1:45945'), '127.0.0.1:45945');
  });
});
