import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AzdoClient, type ClientOptions } from '../../src/azdo/client';
import { ConnectionPool } from '../../src/azdo/connections';
import { ProfileClient } from '../../src/azdo/profileClient';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { T } from '../emulator/testkit';
import { createTestCertificates } from '../host/tls';
import { tlsFront } from '../support/tlsFront';

describe('Transport: certificates and the connection pool over real TLS (emulator behind TLS fronts)', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;
  let dir: string;
  let companyFront: { url: string; close(): Promise<void> };
  let selfSignedFront: { url: string; close(): Promise<void> };
  let vsspsFront: { url: string; close(): Promise<void> };
  const file = (name: string) => path.join(dir, 'tls', name);
  const base: ClientOptions = { timeoutSeconds: 10, maxConcurrent: 4, userAgent: 'test' };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'azdo-transport-'));
    createTestCertificates(dir);
    emu = await startEmulator({ seed: path.join(__dirname, '..', 'emulator', 'seeds', 'test.json') });
    companyFront = await tlsFront(file('server.pem'), file('server-key.pem'), emu.url);
    selfSignedFront = await tlsFront(file('self.pem'), file('self-key.pem'), emu.url);
    vsspsFront = await tlsFront(file('server.pem'), file('server-key.pem'), emu.vsspsUrl);
  });
  after(async () => {
    await Promise.all([companyFront?.close(), selfSignedFront?.close(), vsspsFront?.close()]);
    await emu?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const organization = (front: { url: string }, options: Partial<ClientOptions> = {}) =>
    new AzdoClient(`${front.url}/alpha`, { kind: 'pat', token: emu.tokens['alpha-only']! }, { ...base, ...options });

  it('the profile service trusts the extra certificate authorities (and only with them)', async () => {
    const profile = (options: Partial<ClientOptions>) => new ProfileClient(vsspsFront.url, { kind: 'pat', token: T.global }, { ...base, ...options });
    const me = await profile({ extraCertificates: [file('ca.pem')] }).me();
    assert.equal(me.displayName, 'Alice Example', 'the profile was read through the company-signed front');
    await assert.rejects(profile({}).me(), /certificate/i, 'without the company CA the certificate is refused');
  });

  it('profile pictures (best-effort requests) trust the extra certificate authorities too', async () => {
    const client = organization(companyFront, { extraCertificates: [file('ca.pem')] });
    const bob = await client.findIdentityByEmail('bob@example.com');
    assert.ok(bob, 'the identity is known');
    const picture = await client.getAvatar(bob, 256 * 1024);
    assert.equal(picture?.type, 'png');
  });

  it('a shared pool never hands a connection that skipped certificate checks to a client that checks', async () => {
    const pool = new ConnectionPool();
    try {
      const lax = organization(selfSignedFront, { strictSSL: false, connections: pool });
      assert.ok((await lax.listRepositories()).length > 0, 'with strictSSL off the self-signed server is accepted');
      assert.ok(pool.openConnections > 0, 'the lax client left a connection open in the pool');
      const strict = organization(selfSignedFront, { connections: pool });
      await assert.rejects(strict.listRepositories(), /certificate/i);
      // ... and the lax client still reuses its own kind of connection.
      assert.ok((await organization(selfSignedFront, { strictSSL: false, connections: pool }).listRepositories()).length > 0);
    } finally {
      pool.dispose();
    }
  });
});
