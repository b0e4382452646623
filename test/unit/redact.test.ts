import * as assert from 'node:assert/strict';
import { Redactor, describeForLog, redactPatterns } from '../../src/util/redact';
import { RedactingLogger, type LogSink } from '../../src/log';

describe('Redactor', () => {
  const token = 'x7qk2m9vzl4pw8n3r5t6y1u0aabbccddeeffgghhiijjkkllmm';

  it('removes a known token and its Basic-auth encodings', () => {
    const r = new Redactor();
    r.add(token);
    const basic = Buffer.from(`PAT:${token}`).toString('base64');
    const basicNoUser = Buffer.from(`:${token}`).toString('base64');
    const out = r.redact(`token=${token} header ${basic} other ${basicNoUser} tail`);
    assert.ok(!out.includes(token));
    assert.ok(!out.includes(basic));
    assert.ok(!out.includes(basicNoUser));
    assert.match(out, /tail$/);
  });

  it('removes credentials it was never told about, by shape', () => {
    const cases = [
      'Authorization: Basic dXNlcjpzZWNyZXRzZWNyZXQ=',
      'authorization=Bearer eyJhbGciOi.payload.sig',
      'GET https://me:hunter2hunter2@dev.azure.com/org/_git/repo',
      'https://dev.azure.com/org?access_token=abcdef123456',
    ];
    for (const line of cases) {
      const out = redactPatterns(line);
      assert.ok(!/dXNlcjpzZWNyZXRzZWNyZXQ=|eyJhbGciOi|hunter2|abcdef123456/.test(out), `${line} → ${out}`);
    }
  });

  it('leaves ordinary text alone', () => {
    const r = new Redactor();
    r.add(token);
    const line = 'GET https://dev.azure.com/fabrikam/_apis/git/repositories → 200 in 12 ms';
    assert.equal(r.redact(line), line);
  });

  it('ignores secrets too short to be tokens (they would blank ordinary words)', () => {
    const r = new Redactor();
    r.add('abc');
    assert.equal(r.redact('abc def'), 'abc def');
  });

  it('describes an error chain with codes and status, redacted', () => {
    const r = new Redactor();
    r.add(token);
    const inner = Object.assign(new Error(`connect failed for ${token}`), { code: 'ECONNRESET' });
    const outer = Object.assign(new Error('Loading fabrikam failed', { cause: inner }), { statusCode: 500 });
    const text = describeForLog(outer, r);
    assert.match(text, /Loading fabrikam failed/);
    assert.match(text, /\(HTTP 500\)/);
    assert.match(text, /\[ECONNRESET\]/);
    assert.ok(!text.includes(token));
  });

  it('RedactingLogger redacts every level, including error details', () => {
    const lines: string[] = [];
    const sink: LogSink = {
      trace: (m) => lines.push(m), debug: (m) => lines.push(m), info: (m) => lines.push(m),
      warn: (m) => lines.push(m), error: (m) => lines.push(m),
    };
    const r = new Redactor();
    r.add(token);
    const log = new RedactingLogger(sink, r);
    log.trace(token); log.debug(token); log.info(token); log.warn(token);
    log.error(`failed ${token}`, new Error(`because ${token}`));
    assert.equal(lines.length, 5);
    for (const line of lines) assert.ok(!line.includes(token), line);
    assert.match(lines[4], /failed \*\*\*: Error: because \*\*\*/);
  });
});
