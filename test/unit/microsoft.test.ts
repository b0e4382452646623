import * as assert from 'node:assert/strict';
import {
  AZURE_DEVOPS_SCOPE, classifyMicrosoftError, isPersonalTenant, microsoftScopes, MSA_TENANT, tenantOfAccountId,
  tenantOfScopes, tenantOfSession, tenantOfToken, validateTenantInput,
} from '../../src/auth/microsoft';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const jwt = (payload: object) => ['e30', Buffer.from(JSON.stringify(payload)).toString('base64url'), 'sig'].join('.');

describe('Microsoft sign-in helpers', () => {
  it('asks for the Azure DevOps resource, a refresh token, and the tenant when one is chosen', () => {
    assert.deepEqual(microsoftScopes(), ['499b84ac-1321-427f-aa17-267ca6975798/.default', 'offline_access']);
    assert.deepEqual(microsoftScopes(TENANT), [AZURE_DEVOPS_SCOPE, 'offline_access', `VSCODE_TENANT:${TENANT}`]);
    assert.equal(tenantOfScopes(microsoftScopes('contoso.onmicrosoft.com')), 'contoso.onmicrosoft.com');
    assert.equal(tenantOfScopes(microsoftScopes()), undefined);
  });

  it('finds the tenant of a session: asked for, else the account\'s home tenant, else the token\'s tid claim', () => {
    assert.equal(tenantOfAccountId(`00000000-0000-0000-0000-00000000abcd.${TENANT}`), TENANT);
    assert.equal(tenantOfAccountId('alice@example.com'), undefined);
    assert.equal(tenantOfToken(jwt({ tid: TENANT.toUpperCase() })), TENANT);
    assert.equal(tenantOfToken('not-a-jwt'), undefined);
    assert.equal(tenantOfToken('a.%%%.c'), undefined);
    const session = { accessToken: jwt({ tid: MSA_TENANT }), account: { id: 'opaque', label: 'dave@outlook.com' }, scopes: microsoftScopes() };
    assert.equal(tenantOfSession(session), MSA_TENANT);
    assert.equal(isPersonalTenant(tenantOfSession(session)), true);
    assert.equal(tenantOfSession({ ...session, scopes: microsoftScopes(TENANT) }), TENANT);
  });

  it('accepts a tenant id or a domain, refuses anything else', () => {
    assert.deepEqual(validateTenantInput(` ${TENANT.toUpperCase()} `), { ok: true, tenant: TENANT });
    assert.deepEqual(validateTenantInput('Contoso.onmicrosoft.com'), { ok: true, tenant: 'contoso.onmicrosoft.com' });
    for (const bad of ['contoso', 'https://login.microsoftonline.com/x', '', 'a b.com']) assert.equal(validateTenantInput(bad).ok, false, bad);
  });

  it('tells what a sign-in failure means', () => {
    assert.equal(classifyMicrosoftError(new Error('User did not consent to login.')).kind, 'cancelled');
    assert.equal(classifyMicrosoftError(new Error('Cancelled')).kind, 'cancelled');
    const msa = classifyMicrosoftError(new Error("AADSTS50020: User account 'dave@outlook.com' from identity provider 'live.com' does not exist in tenant 'Contoso'."));
    assert.deepEqual([msa.kind, msa.code], ['personalAccount', 'AADSTS50020']);
    const ca = classifyMicrosoftError(new Error('AADSTS53003: Access has been blocked by Conditional Access policies.'));
    assert.deepEqual([ca.kind, ca.code], ['tenantRefused', 'AADSTS53003']);
    assert.equal(classifyMicrosoftError(new Error("No authentication provider 'microsoft' is currently registered.")).kind, 'noProvider');
    assert.equal(classifyMicrosoftError('boom').kind, 'other');
  });
});
