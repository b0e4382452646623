import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RestClient } from 'typed-rest-client/RestClient';
import { AzdoClient } from '../../src/azdo/client';
import { bypassPattern, proxyOptions } from '../../src/azdo/proxy';
import { AzdoError } from '../../src/azdo/errors';
import { RequestPipeline } from '../../src/azdo/http';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { startTestProxy, type TestProxy } from '../support/proxy';

describe('proxy settings', () => {
  const matches = (entry: string, url: string) => new RegExp(bypassPattern(entry)!, 'i').test(url);

  it('turns http.noProxy entries into patterns on the request URL', () => {
    assert.ok(matches('localhost', 'http://localhost:8080/org/_apis'));
    assert.ok(!matches('localhost', 'http://notlocalhost/org'));
    assert.ok(matches('.contoso.com', 'https://tfs.contoso.com/tfs/DefaultCollection'));
    assert.ok(matches('*.contoso.com', 'https://a.b.contoso.com/'));
    assert.ok(!matches('.contoso.com', 'https://contoso.com.evil.example/'));
    assert.ok(matches('10.0.0.1:8080', 'http://10.0.0.1:8080/x'));
    assert.ok(!matches('10.0.0.1:8080', 'http://10.0.0.1:9090/x'));
    assert.ok(matches('*', 'https://dev.azure.com/'));
    assert.equal(bypassPattern('  '), undefined);
  });

  it('moves credentials out of the proxy URL', () => {
    const options = proxyOptions({ url: 'http://me:s%40cret@proxy.corp:3128/', bypass: ['localhost'] });
    assert.equal(options?.proxyUrl, 'http://proxy.corp:3128');
    assert.equal(options?.proxyUsername, 'me');
    assert.equal(options?.proxyPassword, 's@cret');
    assert.equal(options?.proxyBypassHosts?.length, 1);
  });
});

describe('a broken JSON answer', () => {
  it('is a malformed error, not an empty result', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end('{"count": 3, "value": [{"id": "a"');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const rest = new RestClient('test');
      new RequestPipeline({ maxConcurrent: 1 }).instrument({ http: rest.client, rest });
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
      await assert.rejects(rest.get(url), (err: unknown) => err instanceof AzdoError && err.kind === 'malformed');
    } finally {
      server.close();
    }
  });
});

describe('AzdoClient through an HTTP proxy (real CONNECT tunnel to the emulator)', function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let proxy: TestProxy;

  before(async () => {
    emulator = await startEmulator({ seed: 'test/emulator/seeds/test.json' });
    proxy = await startTestProxy();
  });

  after(async () => {
    proxy.close();
    await emulator.close();
  });

  it('sends every request through the configured proxy', async () => {
    const client = new AzdoClient(`${emulator.url}/alpha`, { kind: 'pat', token: emulator.pat },
      { timeoutSeconds: 10, maxConcurrent: 4, userAgent: 'test', proxy: { url: proxy.url } });
    const info = await client.getConnectionData();
    assert.equal(info.user.displayName, 'Alice Example');
    const emulatorHost = new URL(emulator.url).host;
    assert.ok(proxy.seen.length > 0 && proxy.seen.every((t) => t === `CONNECT ${emulatorHost}`), JSON.stringify(proxy.seen));
  });

  it('goes direct for hosts on the bypass list', async () => {
    proxy.seen.length = 0;
    const client = new AzdoClient(`${emulator.url}/alpha`, { kind: 'pat', token: emulator.pat },
      { timeoutSeconds: 10, maxConcurrent: 4, userAgent: 'test', proxy: { url: proxy.url, bypass: ['127.0.0.1'] } });
    await client.getConnectionData();
    assert.deepEqual(proxy.seen, []);
  });
});
