import * as assert from 'node:assert/strict';
import { AzdoError } from '../../src/azdo/errors';
import { ProfileClient } from '../../src/azdo/profileClient';
import type { Credential } from '../../src/azdo/types';
import type { RunningEmulator } from './index';
import { startTestEmulator, T } from './testkit';

describe('ProfileClient (src/azdo) against the emulator: profile and accounts through node-api area clients', () => {
  let emu: RunningEmulator;
  const lines: string[] = [];
  const client = (credential: Credential) => new ProfileClient(emu.vsspsUrl, credential, {
    timeoutSeconds: 10, maxConcurrent: 2, userAgent: 'test', log: (l) => lines.push(l),
  });
  const failure = async (p: Promise<unknown>): Promise<AzdoError> => {
    try {
      await p;
    } catch (err) {
      assert.ok(err instanceof AzdoError, String(err));
      return err;
    }
    throw new Error('expected a failure');
  };

  before(async () => { emu = await startTestEmulator(); });
  after(async () => emu.close());

  it('lists the organizations of a global token (route discovery and requests through the pipeline)', async () => {
    lines.length = 0;
    const { profile, organizations } = await client({ kind: 'pat', token: T.global }).listOrganizations();
    assert.equal(profile.displayName, 'Alice Example');
    assert.equal(profile.email, 'alice@example.com');
    assert.deepEqual(organizations.map((o) => o.name), ['alpha', 'beta', 'delta']);
    assert.ok(lines.some((l) => /^OPTIONS .*\/_apis\/Account → 200/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^GET .*\/_apis\/accounts → 200/i.test(l)), lines.join('\n'));
    assert.ok(!lines.join('\n').includes(T.global), 'the token never reaches the log');
  });

  it('lists per tenant with a Microsoft (Entra) token sent as Bearer', async () => {
    assert.deepEqual((await client({ kind: 'bearer', token: T.entra }).listOrganizations()).organizations.map((o) => o.name), ['alpha', 'beta']);
    assert.deepEqual((await client({ kind: 'bearer', token: T.entraFabrikam }).listOrganizations()).organizations.map((o) => o.name), ['delta']);
  });

  it('an organization-scoped token and a personal account are refused as unauthorized', async () => {
    assert.equal((await failure(client({ kind: 'pat', token: T.alphaOnly }).me())).kind, 'unauthorized');
    assert.equal((await failure(client({ kind: 'bearer', token: T.entraMsa }).listOrganizations())).kind, 'unauthorized');
  });

  it('a token without the profile scope is forbidden; a failing service is a server error', async () => {
    emu.control.addToken('no-profile', { token: 'no-profile-scope-token', user: 'alice', organizations: '*', scopes: ['vso.code'] });
    const noProfile = client({ kind: 'pat', token: 'no-profile-scope-token' });
    assert.equal((await failure(noProfile.listOrganizations())).kind, 'forbidden');
    emu.control.addFault({ listener: 'vssps', fault: 'status', status: 503, pathRegex: '_apis/[Aa]ccounts' });
    try {
      assert.equal((await failure(client({ kind: 'pat', token: T.global }).listOrganizations())).kind, 'server');
    } finally {
      emu.control.clearFaults();
    }
  });
});
