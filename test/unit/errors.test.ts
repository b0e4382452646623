import * as assert from 'node:assert/strict';
import { AzdoError, isCredentialFailure, toAzdoError } from '../../src/azdo/errors';

describe('toAzdoError', () => {
  const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

  it('classifies node-api status errors and keeps the service message and cause', () => {
    const raw = withProps('TF400813: The user is not authorized', { statusCode: 401, result: { message: 'TF400813: The user \'\' is not authorized to access this resource.' } });
    const e = toAzdoError(raw, 'Listing repositories');
    assert.equal(e.kind, 'unauthorized');
    assert.equal(e.statusCode, 401);
    assert.match(e.serverMessage ?? '', /^TF400813/);
    assert.equal(e.cause, raw);
    assert.ok(isCredentialFailure(e));
  });

  const table: [Record<string, unknown>, string][] = [
    [{ statusCode: 400 }, 'invalid'], [{ statusCode: 403 }, 'forbidden'], [{ statusCode: 404 }, 'notFound'], [{ statusCode: 409 }, 'conflict'],
    [{ statusCode: 429, rateLimit: { retryAfter: 12 } }, 'throttled'], [{ statusCode: 500 }, 'server'], [{ statusCode: 503 }, 'server'],
    [{ code: 'ENOTFOUND' }, 'dns'], [{ code: 'ECONNREFUSED' }, 'network'], [{ code: 'ECONNRESET' }, 'network'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'certificate'], [{ code: 'CERT_HAS_EXPIRED' }, 'certificate'], [{ code: 'ETIMEDOUT' }, 'timeout'],
  ];
  for (const [props, kind] of table) {
    it(`${JSON.stringify(props)} → ${kind}`, () => {
      assert.equal(toAzdoError(withProps('x', props), 'doing it').kind, kind);
    });
  }

  it('keeps Retry-After from node-api rateLimit', () => {
    assert.equal(toAzdoError(withProps('x', { statusCode: 429, rateLimit: { retryAfter: 12 } }), 'a').retryAfterSeconds, 12);
  });

  it('recognises typed-rest-client socket timeouts by message', () => {
    assert.equal(toAzdoError(new Error('Request timeout: /fabrikam/_apis/git'), 'a').kind, 'timeout');
  });

  it('recognises JSON parse failures as malformed answers', () => {
    let parseError: unknown;
    try { JSON.parse('{"count": 1, "val'); } catch (e) { parseError = e; }
    assert.equal(toAzdoError(parseError, 'a').kind, 'malformed');
  });

  it('passes AzdoErrors through unchanged and wraps non-errors', () => {
    const e = new AzdoError('server', 'x');
    assert.equal(toAzdoError(e, 'y'), e);
    const u = toAzdoError('weird', 'Loading');
    assert.equal(u.kind, 'unknown');
    assert.equal(u.message, 'Loading: weird');
    assert.ok(!isCredentialFailure(u));
  });
});
