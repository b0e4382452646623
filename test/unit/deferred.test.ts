import * as assert from 'node:assert/strict';
import { Deferred } from '../../src/lazyFeatures';

const unexpected = (err: unknown): never => assert.fail(`unexpected failure: ${String(err)}`);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Deferred', () => {
  it('makes its value just after the current turn with soon, once, and get returns that value', async () => {
    let made = 0;
    const deferred = new Deferred(() => ({ n: ++made }), unexpected);
    deferred.soon();
    deferred.soon();
    assert.equal(deferred.isMade, false, 'nothing is made within the turn that asked');
    await tick();
    assert.equal(deferred.isMade, true);
    assert.deepEqual(deferred.get(), { n: 1 });
    assert.equal(made, 1);
  });

  it('get makes it at once, and the timer of an earlier soon makes nothing more', async () => {
    let made = 0;
    const deferred = new Deferred(() => ++made, unexpected);
    deferred.soon();
    assert.equal(deferred.get(), 1);
    await tick();
    assert.equal(made, 1);
  });

  it('once disposed, a waiting soon and a later soon make nothing', async () => {
    let made = 0;
    const deferred = new Deferred(() => ++made, unexpected);
    deferred.soon();
    deferred.dispose();
    deferred.soon();
    await tick();
    assert.equal(made, 0);
    assert.equal(deferred.isDisposed, true);
    assert.equal(deferred.isMade, false);
    assert.throws(() => deferred.get(), /shut down/, 'get does not make it after dispose either');
    assert.equal(made, 0);
  });

  it('what was made before dispose is still handed out after it', () => {
    const deferred = new Deferred(() => ({ made: true }), unexpected);
    const value = deferred.get();
    deferred.dispose();
    assert.equal(deferred.get(), value);
  });

  it('a failure to make it on the timer goes to onError, and get tries again', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const deferred = new Deferred(() => { if (fail) throw new Error('not yet'); return 'ok'; }, (err) => errors.push(err));
    deferred.soon();
    await tick();
    assert.deepEqual(errors.map((e) => (e as Error).message), ['not yet']);
    assert.equal(deferred.isMade, false);
    fail = false;
    assert.equal(deferred.get(), 'ok');
  });
});
