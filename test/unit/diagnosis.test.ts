import * as assert from 'node:assert/strict';
import { diagnose, needsNewCredential, type Cause, type ProbeFacts } from '../../src/auth/diagnosis';

const alice = { id: 'A1', displayName: 'Alice', uniqueName: 'alice@example.com' };
const bob = { id: 'B2', displayName: 'Bob' };
const now = new Date(2026, 10, 21, 12);
const ok = { ok: true as const, user: alice };
const refused = { ok: false as const, error: 'unauthorized' as const, statusCode: 401 };
const base: ProbeFacts = { auth: 'pat', hasCredential: true, expectedUser: alice, organization: 'alpha', connection: ok, git: { ok: true } };

/** The decision table, row by row: facts → cause and severity. */
const table: [string, Partial<ProbeFacts>, Cause, 'ok' | 'warning' | 'error'][] = [
  ['everything works', {}, 'ok', 'ok'],
  ['no token stored', { hasCredential: false, connection: undefined }, 'noToken', 'error'],
  ['no Microsoft session', { auth: 'microsoft', hasCredential: false, connection: undefined }, 'microsoftSignedOut', 'error'],
  ['401, the expiry day given has passed', { connection: refused, tokenExpires: '2026-11-20' }, 'expired', 'error'],
  ['401, works on another signed-in organization', { connection: refused, worksFor: ['beta'] }, 'otherOrganization', 'error'],
  ['401, lists other organizations (global token) but not this one', { connection: refused, listsOrganizations: ['beta', 'gamma'] }, 'otherOrganization', 'error'],
  ['401, the token even lists this organization', { connection: refused, listsOrganizations: ['Alpha', 'beta'] }, 'expiredOrRevoked', 'error'],
  ['401, works nowhere', { connection: refused, worksFor: [], listsOrganizations: undefined }, 'expiredOrRevoked', 'error'],
  ['203 sign-in page counts as refused', { connection: { ok: false, error: 'signInPage', statusCode: 203 } }, 'expiredOrRevoked', 'error'],
  ['401, expiry day still ahead', { connection: refused, tokenExpires: '2027-01-01' }, 'expiredOrRevoked', 'error'],
  ['Microsoft token refused by the organization', { auth: 'microsoft', connection: refused }, 'outsideTenant', 'error'],
  ['Microsoft personal account refused', { auth: 'microsoft', connection: refused, personalAccount: true }, 'personalAccount', 'error'],
  ['works, but another user', { connection: { ok: true, user: bob } }, 'differentUser', 'warning'],
  ['connectionData works, git 403', { git: { ok: false, error: 'forbidden', statusCode: 403 } }, 'missingCodeScope', 'error'],
  ['Microsoft: git 403 is a permission, not a scope', { auth: 'microsoft', git: { ok: false, error: 'forbidden' } }, 'noRepositoryAccess', 'error'],
  ['works, expires in three days', { tokenExpires: '2026-11-24' }, 'expiresSoon', 'warning'],
  ['works past the expiry day given', { tokenExpires: '2026-11-01' }, 'expiresSoon', 'warning'],
  ['works, expires in a month', { tokenExpires: '2026-12-21' }, 'ok', 'ok'],
  ['Microsoft accounts ignore a stray expiry', { auth: 'microsoft', tokenExpires: '2026-11-22' }, 'ok', 'ok'],
  ['organization gone', { connection: { ok: false, error: 'notFound', statusCode: 404 } }, 'notFound', 'error'],
  ['no network', { connection: { ok: false, error: 'network' } }, 'unreachable', 'error'],
  ['certificate refused', { connection: { ok: false, error: 'certificate' } }, 'unreachable', 'error'],
  ['server error', { connection: { ok: false, error: 'server', statusCode: 503 } }, 'serviceError', 'error'],
  ['git times out', { git: { ok: false, error: 'timeout' } }, 'unreachable', 'error'],
];

describe('token diagnosis (decision table)', () => {
  for (const [name, facts, cause, severity] of table) {
    it(`${name} → ${cause}`, () => {
      const d = diagnose({ ...base, ...facts }, now);
      assert.equal(d.cause, cause);
      assert.equal(d.severity, severity);
    });
  }

  it('names where the token works, without this organization and without duplicates', () => {
    const d = diagnose({ ...base, connection: refused, worksFor: ['beta'], listsOrganizations: ['BETA', 'gamma'] }, now);
    assert.deepEqual(d.worksFor, ['beta', 'gamma']);
  });

  it('keeps the user the token belongs to and the expiry for the explanation', () => {
    assert.equal(diagnose({ ...base, connection: { ok: true, user: bob } }, now).actualUser?.displayName, 'Bob');
    const soon = diagnose({ ...base, tokenExpires: '2026-11-24' }, now);
    assert.deepEqual(soon.expiry, { state: 'soon', daysLeft: 3, expires: '2026-11-24' });
  });

  it('tells which causes need a new credential', () => {
    assert.equal(needsNewCredential('expired'), true);
    assert.equal(needsNewCredential('outsideTenant'), true);
    assert.equal(needsNewCredential('ok'), false);
    assert.equal(needsNewCredential('unreachable'), false);
  });
});
