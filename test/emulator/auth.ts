/** Credentials: Basic (any user name, token as password) and Bearer (Entra tokens). */
import { MSA_TENANT } from './seed';
import type { EmulatorState, Host, TokenRecord } from './state';

export type AuthFailure = 'missing' | 'invalid' | 'expired';

export type AuthOutcome = { token: TokenRecord } | { failure: AuthFailure };

/** Finds the token an Authorization header carries. Never logs or returns the secret elsewhere. */
export function authenticate(state: EmulatorState, header: string | undefined, now = new Date()): AuthOutcome {
  if (!header) return { failure: 'missing' };
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const param = space < 0 ? '' : header.slice(space + 1).trim();
  let secret: string | undefined;
  let bearer = false;
  if (scheme === 'basic') {
    const decoded = Buffer.from(param, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    secret = colon < 0 ? decoded : decoded.slice(colon + 1);
  } else if (scheme === 'bearer') {
    secret = param;
    bearer = true;
  } else {
    return { failure: 'invalid' };
  }
  if (!secret) return { failure: 'missing' };
  const token = state.findToken(secret);
  if (!token) return { failure: 'invalid' };
  if (bearer && token.kind !== 'entra') return { failure: 'invalid' };
  if (token.expires && token.expires.getTime() <= now.getTime()) return { failure: 'expired' };
  return { token };
}

/** Names the credential of an Authorization header for the request log: the token's name, never its secret. */
export function credentialLabel(state: EmulatorState, header: string | undefined): string {
  const outcome = authenticate(state, header);
  if ('token' in outcome) return outcome.token.name;
  return outcome.failure === 'missing' ? 'none' : outcome.failure === 'invalid' ? 'unknown' : 'expired';
}

/** Not organization-scoped: a global PAT or an Entra token. */
export function isGlobal(token: TokenRecord): boolean {
  return token.organizations === '*';
}

/** An Entra token of a personal Microsoft account: Azure DevOps refuses it (Entra does not serve such users). */
export function isPersonalAccountToken(token: TokenRecord): boolean {
  return token.kind === 'entra' && token.tenant?.toLowerCase() === MSA_TENANT;
}

/** An Entra token issued by another tenant than the one the organization is connected to (or a personal account's). */
export function tenantRefuses(token: TokenRecord, host: Host): boolean {
  if (token.kind !== 'entra') return false;
  if (isPersonalAccountToken(token)) return true;
  return Boolean(token.tenant && host.tenant && token.tenant.toLowerCase() !== host.tenant.toLowerCase());
}

/** Whether the token may be used for this organization or collection (scope, membership and tenant). */
export function mayAccess(state: EmulatorState, token: TokenRecord, host: Host): boolean {
  if (!state.isMember(host, token.user)) return false;
  if (tenantRefuses(token, host)) return false;
  if (token.organizations === '*') return true;
  return token.organizations.some((name) => name.toLowerCase() === host.name.toLowerCase());
}

const CODE_READ = /^vso\.code(_write|_manage|_full|_status)?$/;
const CODE_WRITE = /^vso\.code(_write|_manage|_full)$/;

/** Code (Read) or Code (Read & write) scope; tokens without explicit scopes have full access. */
export function hasCodeScope(token: TokenRecord, write: boolean): boolean {
  if (!token.scopes) return true;
  return token.scopes.some((s) => (write ? CODE_WRITE : CODE_READ).test(s));
}

/** Identity (Read) scope for the identities API (full-access tokens qualify). */
export function hasIdentityScope(token: TokenRecord): boolean {
  if (!token.scopes) return true;
  return token.scopes.some((s) => s.startsWith('vso.identity'));
}

/** Profile scope for vssps (full-access tokens qualify). */
export function hasProfileScope(token: TokenRecord): boolean {
  if (!token.scopes) return true;
  return token.scopes.some((s) => s.startsWith('vso.profile'));
}
