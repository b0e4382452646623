import * as assert from 'node:assert/strict';
import { LazySink, RedactingLogger, type LogSink } from '../../src/log';
import { Redactor } from '../../src/util/redact';

function sink(logLevel?: number): LogSink & { lines: string[] } {
  const lines: string[] = [];
  const put = (kind: string) => (m: string) => { lines.push(`${kind} ${m}`); };
  return { lines, logLevel, trace: put('trace'), debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error') };
}

describe('RedactingLogger', () => {
  it('redacts every line it passes on', () => {
    const redactor = new Redactor();
    redactor.add('secret-token-1234');
    const out = sink();
    new RedactingLogger(out, redactor).trace('GET with secret-token-1234');
    assert.deepEqual(out.lines, ['trace GET with ***']);
  });

  it("skips trace and debug lines (and their redaction) when the channel's level would drop them", () => {
    let redactions = 0;
    const redactor = new Redactor();
    const original = redactor.redact.bind(redactor);
    redactor.redact = (text: string) => { redactions++; return original(text); };
    const info = sink(3);
    const log = new RedactingLogger(info, redactor);
    log.trace('a');
    log.debug('b');
    log.info('c');
    assert.deepEqual(info.lines, ['info c']);
    assert.equal(redactions, 1);
    const trace = sink(1);
    new RedactingLogger(trace, redactor).trace('d');
    assert.deepEqual(trace.lines, ['trace d']);
    const off = sink(0);
    new RedactingLogger(off, redactor).debug('e');
    assert.deepEqual(off.lines, []);
  });

  it('redacts a secret added after earlier lines were redacted', () => {
    const redactor = new Redactor();
    redactor.add('first-secret');
    assert.equal(redactor.redact('first-secret second-secret'), '*** second-secret');
    redactor.add('second-secret');
    assert.equal(redactor.redact('first-secret second-secret'), '*** ***');
  });

  it('redacts by construction: a token it was never told about, in an Authorization header, Basic value or URL, never passes', () => {
    const out = sink();
    const log = new RedactingLogger(out, new Redactor()); // no secret added: only the shapes protect these lines
    const basic = Buffer.from(':q7w8e9r0t1y2u3i4o5p6a7s8d9f0g1h2j3k4l5').toString('base64');
    log.info(`GET https://dev.azure.com/org/_apis/projects headers {"Authorization":"Basic ${basic}"}`);
    log.warn('Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi.eyJzdWIiOiIxMjM0NTY3ODkw.c2lnbmF0dXJl');
    log.error('clone of https://me:q7w8e9r0t1y2u3i4o5p6a7s8d9f0g1h2j3k4l5@dev.azure.com/org/p/_git/r failed', new Error(`fatal: unable to access https://x:q7w8e9r0t1y2u3i4o5p6a7s8d9f0g1h2j3k4l5@dev.azure.com/ (Basic ${basic})`));
    assert.equal(out.lines.length, 3);
    for (const line of out.lines) {
      assert.ok(!line.includes('q7w8e9r0t1y2u3i4o5p6a7s8d9f0g1h2j3k4l5') && !line.includes(basic) && !line.includes('eyJ0eXAiOiJKV1Qi'), line);
    }
    assert.match(out.lines[0], /"Authorization":"Basic \*\*\*"/);
    assert.match(out.lines[2], /https:\/\/me:\*\*\*@dev\.azure\.com/);
  });
});

describe('LazySink', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('makes its sink just after the first line, once, and passes every line on in order', async () => {
    const made: ReturnType<typeof sink>[] = [];
    const lazy = new LazySink(() => { const s = sink(3); made.push(s); return s; });
    const log = new RedactingLogger(lazy, new Redactor());
    log.debug('one');
    log.error('two', new Error('cause'));
    assert.equal(lazy.made, false, 'not made while activation runs');
    assert.equal(lazy.logLevel, undefined, 'its level is not known before it is made');
    await tick();
    assert.equal(lazy.made, true);
    log.info('three');
    assert.equal(made.length, 1);
    // The sink filters by its own level when made (the test sink keeps everything it is given).
    assert.deepEqual(made[0].lines, ['debug one', 'error two: Error: cause', 'info three']);
    assert.equal(lazy.logLevel, 3);
  });

  it('is made at once when asked for (showing the log), with the waiting lines first', () => {
    const inner = sink();
    const lazy = new LazySink(() => inner);
    lazy.warn('waiting');
    assert.equal(lazy.get(), inner);
    assert.deepEqual(inner.lines, ['warn waiting']);
    lazy.dispose();
  });

  it('is not made when nothing is written, and a disposed one makes nothing later', async () => {
    let makes = 0;
    const idle = new LazySink(() => { makes++; return sink(); });
    await tick();
    assert.equal(idle.made, false);
    const disposed = new LazySink(() => { makes++; return sink(); });
    disposed.info('waiting');
    disposed.dispose();
    disposed.info('after');
    await tick();
    assert.equal(makes, 0);
  });
});
