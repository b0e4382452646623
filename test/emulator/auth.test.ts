import * as assert from 'node:assert/strict';
import { CoreApi } from 'azure-devops-node-api/CoreApi';
import { GitApi } from 'azure-devops-node-api/GitApi';
import { LocationsApi } from 'azure-devops-node-api/LocationsApi';
import { ProfileApi } from 'azure-devops-node-api/ProfileApi';
import { BearerCredentialHandler } from 'azure-devops-node-api/handlers/bearertoken';
import type { Profile } from 'azure-devops-node-api/interfaces/ProfileInterfaces';
import type { RunningEmulator } from './index';
import { UNAUTHORIZED_BODY } from './reply';
import { pat, raw, rejection, startTestEmulator, T } from './testkit';

/** The wire profile carries displayName and emailAddress, which node-api's Profile type does not declare. */
type WireProfile = Profile & { displayName?: string; emailAddress?: string };

describe('emulator: authentication and authorization', () => {
  let emu: RunningEmulator;

  before(async () => { emu = await startTestEmulator(); });
  after(async () => emu.close());
  afterEach(async () => emu.control.reset());

  it('answers 401 with the real body when a token belongs to another organization', async () => {
    const core = new CoreApi(`${emu.url}/alpha`, pat(T.betaOnly));
    const err = await rejection(core.getProjects());
    assert.equal(err.statusCode, 401);
    assert.deepEqual(err.result, UNAUTHORIZED_BODY);
    assert.equal(err.message, "TF400813: The user '' is not authorized to access this resource.");
    const plain = await raw(`${emu.url}/alpha/_apis/projects`, { token: T.betaOnly });
    assert.equal(plain.status, 401);
    assert.match(plain.headers.get('www-authenticate') ?? '', /Basic realm="http:\/\/127\.0\.0\.1:\d+\/"/);
    assert.deepEqual(plain.body, UNAUTHORIZED_BODY);
  });

  it('answers 401 for a missing, unknown or expired token, and accepts any user name', async () => {
    for (const init of [{}, { token: 'not-a-token' }, { token: T.expired }]) {
      const res = await raw(`${emu.url}/alpha/_apis/connectionData`, init);
      assert.equal(res.status, 401);
      assert.deepEqual(res.body, UNAUTHORIZED_BODY);
    }
    const ok = await raw(`${emu.url}/alpha/_apis/connectionData`, { auth: `Basic ${Buffer.from(`whoever:${T.alphaOnly}`).toString('base64')}` });
    assert.equal(ok.status, 200);
  });

  it('switches an organization to the 203 HTML sign-in page', async () => {
    emu.control.setSignInPage('alpha', true);
    const res = await raw(`${emu.url}/alpha/_apis/projects`, { token: T.betaOnly });
    assert.equal(res.status, 203);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.text, /<html/i);
    const core = new CoreApi(`${emu.url}/alpha`, pat(T.expired));
    const err = await rejection(core.getProjects());
    assert.match(err.message, /Failed to find api location/);
    const valid = await new CoreApi(`${emu.url}/alpha`, pat(T.alphaOnly)).getProjects();
    assert.equal(valid.length, 3);
    assert.equal((await raw(`${emu.url}/beta/_apis/projects`, { token: T.alphaOnly })).status, 401);
  });

  it('answers 403 on git routes for a token without the Code scope, while core works', async () => {
    const base = `${emu.url}/alpha`;
    const data = await new LocationsApi(base, pat(T.noCode)).getConnectionData();
    assert.equal(data.authenticatedUser?.providerDisplayName, 'Alice Example');
    assert.equal((await new CoreApi(base, pat(T.noCode)).getProjects()).length, 3);
    const err = await rejection(new GitApi(base, pat(T.noCode)).getRepositories());
    assert.equal(err.statusCode, 403);
    const body = err.result as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['$id', 'errorCode', 'eventId', 'innerException', 'message', 'typeKey', 'typeName']);
    const readOnly = new GitApi(base, pat(T.codeRead));
    assert.equal((await readOnly.getRepositories('Web')).length, 4);
    const create = await rejection(readOnly.createRepository({ name: 'nope' }, 'Web'));
    assert.equal(create.statusCode, 403);
  });

  it('answers 404 with a JSON error naming an unknown organization', async () => {
    const res = await raw(`${emu.url}/no-such-org/_apis/projects`, { token: emu.pat });
    assert.equal(res.status, 404);
    const body = res.body as { message: string; typeKey: string; $id: string };
    assert.match(body.message, /no-such-org/);
    assert.equal(body.$id, '1');
    const err = await rejection(new CoreApi(`${emu.url}/no-such-org`, pat(emu.pat)).getProjects());
    assert.match(err.message, /Failed to find api location for area: core/);
  });

  it('answers OPTIONS with the locations of an area, matching case-insensitively; unknown area 404', async () => {
    const git = await raw(`${emu.url}/alpha/_apis/GIT`, { method: 'OPTIONS', token: emu.pat });
    assert.equal(git.status, 200);
    const ids = (git.body as { value: { id: string }[] }).value.map((l) => l.id);
    assert.ok(ids.includes('225f7195-f9c7-4d14-ab28-a83f7ff77e1f'));
    assert.equal((await raw(`${emu.url}/alpha/_apis/nosucharea`, { method: 'OPTIONS', token: emu.pat })).status, 404);
    const repos = await raw(`${emu.url}/alpha/Web/_apis/git/Repositories`, { token: emu.pat });
    assert.equal((repos.body as { count: number }).count, 4);
  });

  it('serves profile and accounts on vssps only to tokens that are not organization-scoped', async () => {
    const profile: WireProfile = await new ProfileApi(emu.vsspsUrl, pat(T.global)).getProfile('me');
    assert.equal(profile.displayName, 'Alice Example');
    assert.equal(profile.emailAddress, 'alice@example.com');
    const accounts = await raw(`${emu.vsspsUrl}/_apis/accounts?memberId=${profile.id}&api-version=7.1`, { token: T.global });
    assert.equal(accounts.status, 200);
    const names = (accounts.body as { value: { accountName: string }[] }).value.map((a) => a.accountName);
    assert.deepEqual(names, ['alpha', 'beta', 'delta']);
    const bob = await raw(`${emu.vsspsUrl}/_apis/profile/profiles/me`, { token: T.bobGlobal });
    const bobAccounts = await raw(`${emu.vsspsUrl}/_apis/accounts?memberId=${(bob.body as { id: string }).id}`, { token: T.bobGlobal });
    assert.deepEqual((bobAccounts.body as { value: { accountName: string }[] }).value.map((a) => a.accountName), ['alpha', 'beta', 'gamma']);
    assert.equal((await raw(`${emu.vsspsUrl}/_apis/accounts`, { token: T.global })).status, 400);
    const scoped = await rejection(new ProfileApi(emu.vsspsUrl, pat(T.alphaOnly)).getProfile('me'));
    assert.equal(scoped.statusCode, 401);
    assert.equal((await raw(`${emu.vsspsUrl}/_apis/accounts?memberId=${profile.id}`, { token: emu.pat })).status, 401);
  });

  it('accepts an Entra token as Bearer (vssps and organizations) but not a PAT as Bearer', async () => {
    const bearer = [new BearerCredentialHandler(T.entra)];
    const profile: WireProfile = await new ProfileApi(emu.vsspsUrl, bearer).getProfile('me');
    assert.equal(profile.displayName, 'Alice Example');
    assert.equal((await new CoreApi(`${emu.url}/beta`, bearer).getProjects()).length, 7);
    const patAsBearer = await raw(`${emu.url}/alpha/_apis/projects`, { auth: `Bearer ${T.alphaOnly}` });
    assert.equal(patAsBearer.status, 401);
    const gamma = await raw(`${emu.url}/gamma/_apis/projects`, { auth: `Bearer ${T.entra}` });
    assert.equal(gamma.status, 401, 'alice is not a member of gamma');
  });

  it('Entra tokens: organizations of another tenant refuse them (VS30063); accounts list only the token\'s tenant', async () => {
    const bearer = (t: string) => ({ auth: `Bearer ${t}` });
    const refused = await raw(`${emu.url}/delta/_apis/connectionData`, bearer(T.entra));
    assert.equal(refused.status, 401);
    assert.match((refused.body as { message: string }).message, /^VS30063: You are not authorized to access http:\/\/127\.0\.0\.1:\d+\/delta\.$/);
    assert.equal((await raw(`${emu.url}/delta/_apis/connectionData`, bearer(T.entraFabrikam))).status, 200);
    assert.equal((await raw(`${emu.url}/alpha/_apis/connectionData`, bearer(T.entraFabrikam))).status, 401);
    assert.equal((await raw(`${emu.url}/delta/_apis/projects`, { token: T.global })).status, 200, 'a PAT has no tenant');
    const me = await raw(`${emu.vsspsUrl}/_apis/profile/profiles/me`, bearer(T.entraFabrikam));
    const list = async (t: string) => ((await raw(`${emu.vsspsUrl}/_apis/accounts?memberId=${(me.body as { id: string }).id}`, bearer(t))).body as { value: { accountName: string }[] }).value.map((a) => a.accountName);
    assert.deepEqual(await list(T.entraFabrikam), ['delta']);
    assert.deepEqual(await list(T.entra), ['alpha', 'beta']);
  });

  it('refuses the Entra token of a personal Microsoft account on vssps and organizations', async () => {
    assert.equal((await raw(`${emu.vsspsUrl}/_apis/profile/profiles/me`, { auth: `Bearer ${T.entraMsa}` })).status, 401);
    assert.equal((await raw(`${emu.url}/alpha/_apis/connectionData`, { auth: `Bearer ${T.entraMsa}` })).status, 401);
  });

  it('revokes and adds tokens at run time', async () => {
    assert.equal((await raw(`${emu.url}/alpha/_apis/projects`, { token: T.alphaOnly })).status, 200);
    assert.equal(emu.control.revokeToken('alpha-only'), true);
    assert.equal((await raw(`${emu.url}/alpha/_apis/projects`, { token: T.alphaOnly })).status, 401);
    emu.control.addToken('fresh', { token: 'fresh-token', user: 'bob', organizations: ['alpha'] });
    assert.equal((await raw(`${emu.url}/alpha/_apis/projects`, { token: 'fresh-token' })).status, 200);
  });
});
