import * as assert from 'node:assert/strict';
import { ASKPASS_KEEP_MS, askpassHostKey, AskpassTimers } from '../../src/git/askpassTimers';

describe('AskpassTimers (answers held back for the Git extension\'s askpass cache)', () => {
  const HOST = 'dev.azure.com';
  const t0 = 1_700_000_000_000;
  const timers = () => new AskpassTimers({ promptGapMs: 3_000, readMs: 1_500, lateMs: 500 });

  describe('an earlier answer\'s 60 s timer', () => {
    it('does not wait when no answer was handed for the host, or the earlier timer is far away', () => {
      const t = timers();
      assert.equal(t.delayFor(HOST, t0, 'alpha'), 0);
      t.handed(HOST, t0, 'alpha');
      assert.equal(t.delayFor(HOST, t0 + 100, 'alpha'), 0, 'the same organization again at once: its timer is a minute away');
      assert.equal(t.delayFor(HOST, t0 + 30_000, 'beta'), 0);
      assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS - 3_000, 'alpha'), 0, 'the timer fires just after the password prompt can come');
      assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS + 500, 'alpha'), 0, 'the timer has fired, late ones included');
      assert.equal(t.delayFor('other.example', t0 + ASKPASS_KEEP_MS - 100, 'alpha'), 0, 'another host has its own cache entry');
    });

    it('waits until the timer has fired (and a late firing) when it would fire before git\'s password prompt', () => {
      const t = timers();
      t.handed(HOST, t0, 'alpha');
      assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS - 200, 'alpha'), 200 + 500);
      assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS - 2_999, 'beta'), 2_999 + 500, 'whoever the new answer is for');
      assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS + 100, 'alpha'), 400, 'a timer due 100 ms ago may still be running late');
    });

    it('waits past a chain of timers whose windows overlap, and only as far as the chain goes', () => {
      const t = timers();
      t.handed(HOST, t0, 'alpha');
      t.handed(HOST, t0 + 2_000, 'alpha');
      t.handed(HOST, t0 + 20_000, 'alpha');
      // From 59.5 s: the first timer (60 s) is in the window, then the second (62 s) is within 3 s of 60.5 s; the
      // third (80 s) is far from 62.5 s.
      assert.equal(t.delayFor(HOST, t0 + ASKPASS_KEEP_MS - 500, 'alpha'), 2_000 + 500 + 500);
    });

    it('follows each answer handed, as time goes on', () => {
      const t = timers();
      t.handed(HOST, t0, 'alpha');
      t.handed(HOST, t0 + ASKPASS_KEEP_MS + 1_000, 'alpha'); // the first timer has fired by then
      assert.equal(t.delayFor(HOST, t0 + 2 * ASKPASS_KEEP_MS + 1_000 - 200, 'alpha'), 700, 'the second answer\'s timer');
      assert.equal(t.delayFor(HOST, t0 + 2 * ASKPASS_KEEP_MS + 1_000 + 600, 'alpha'), 0, 'every timer has fired');
    });
  });

  describe('another organization\'s answer for the same host', () => {
    it('waits until it has had time to be read; the same organization\'s answer does not wait', () => {
      const t = timers();
      t.handed(HOST, t0, 'alpha');
      assert.equal(t.delayFor(HOST, t0 + 100, 'beta'), 1_400, 'beta\'s answer would replace alpha\'s before alpha\'s git reads it');
      assert.equal(t.delayFor(HOST, t0 + 100, 'alpha'), 0, 'the same token either way');
      assert.equal(t.delayFor(HOST, t0 + 1_500, 'beta'), 0);
      assert.equal(t.delayFor('server.example', t0 + 100, 'beta'), 0, 'another host');
    });

    it('waits for every other organization\'s answer in turn, and for a timer found on the way', () => {
      const t = timers();
      t.handed(HOST, t0 - ASKPASS_KEEP_MS + 1_800, 'alpha'); // its timer fires at t0 + 1.8 s
      t.handed(HOST, t0, 'beta');
      t.handed(HOST, t0 + 1_000, 'gamma');
      // alpha's answer (1.5 s): beta's until 1.5 s, gamma's until 2.5 s; by then the timer at 1.8 s fired, +0.5 s late.
      assert.equal(t.delayFor(HOST, t0 + 1_000, 'alpha'), 2_500 - 1_000);
    });
  });

  it('keys hosts as the Git extension does: no user name, any case', () => {
    assert.equal(askpassHostKey('alpha@dev.azure.com'), 'dev.azure.com');
    assert.equal(askpassHostKey('user:x@Server.Example:8080'), 'server.example:8080');
    assert.equal(askpassHostKey('127.0.0.1:45945'), '127.0.0.1:45945');
  });
});
