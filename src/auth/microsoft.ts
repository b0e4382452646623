import type { Event } from '../util/event';

/**
 * Microsoft (Entra) sign-in, the parts that need no VS Code: the scopes asked of VS Code's `microsoft`
 * authentication provider, tenants, and what a failure means. The VS Code side is src/accounts/microsoftSessions.ts.
 */

/** The Azure DevOps resource (application id) in Microsoft Entra. */
export const AZURE_DEVOPS_RESOURCE = '499b84ac-1321-427f-aa17-267ca6975798';
export const AZURE_DEVOPS_SCOPE = `${AZURE_DEVOPS_RESOURCE}/.default`;
/** The tenant id Microsoft uses for personal Microsoft accounts (outlook.com, live.com, hotmail.com). */
export const MSA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const TENANT_SCOPE = 'VSCODE_TENANT:';

/** Scopes for an Azure DevOps token: the resource's default scope, a refresh token, and the tenant when one is chosen. */
export function microsoftScopes(tenant?: string): string[] {
  const scopes = [AZURE_DEVOPS_SCOPE, 'offline_access'];
  if (tenant) scopes.push(`${TENANT_SCOPE}${tenant}`);
  return scopes;
}

/** The tenant a scope list asks for (`VSCODE_TENANT:<id>`), if any. */
export function tenantOfScopes(scopes: readonly string[]): string | undefined {
  const scope = scopes.find((s) => s.startsWith(TENANT_SCOPE));
  return scope ? scope.slice(TENANT_SCOPE.length) || undefined : undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The home tenant in an MSAL account id (`<object id>.<tenant id>`). */
export function tenantOfAccountId(accountId: string): string | undefined {
  const dot = accountId.lastIndexOf('.');
  const tenant = dot < 0 ? '' : accountId.slice(dot + 1);
  return GUID.test(tenant) ? tenant.toLowerCase() : undefined;
}

/** The `tid` claim of an access token that is a JWT (Entra access tokens are); undefined otherwise. */
export function tenantOfToken(accessToken: string): string | undefined {
  const parts = accessToken.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { tid?: unknown };
    return typeof payload.tid === 'string' && GUID.test(payload.tid) ? payload.tid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** A Microsoft account as VS Code lists it. */
export interface MicrosoftAccount {
  id: string;
  label: string;
}

export interface MicrosoftSession {
  accessToken: string;
  account: MicrosoftAccount;
  scopes: readonly string[];
}

/** The tenant a session's token was issued by: the one asked for, else the account's home tenant, else the token's claim. */
export function tenantOfSession(session: MicrosoftSession): string | undefined {
  return tenantOfScopes(session.scopes) ?? tenantOfAccountId(session.account.id) ?? tenantOfToken(session.accessToken);
}

export function isPersonalTenant(tenant: string | undefined): boolean {
  return tenant?.toLowerCase() === MSA_TENANT;
}

export interface MicrosoftSessionRequest {
  /** `silent`: never prompt; `interactive`: sign in when needed; `newAccount`: sign in with another account. */
  mode: 'silent' | 'interactive' | 'newAccount';
  tenant?: string;
  account?: MicrosoftAccount;
}

/** VS Code's Microsoft sign-in, as the extension uses it (real: the `microsoft` provider; tests: a stand-in provider). */
export interface MicrosoftSessions {
  readonly providerId: string;
  getSession(request: MicrosoftSessionRequest): Promise<MicrosoftSession | undefined>;
  accounts(): Promise<MicrosoftAccount[]>;
  readonly onDidChange: Event<void>;
}

/** Checks a typed tenant: a directory id (GUID) or a verified domain such as contoso.onmicrosoft.com. */
export function validateTenantInput(text: string): { ok: true; tenant: string } | { ok: false; message: string } {
  const value = text.trim();
  if (GUID.test(value)) return { ok: true, tenant: value.toLowerCase() };
  if (/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(value)) return { ok: true, tenant: value.toLowerCase() };
  return { ok: false, message: 'Type the tenant (directory) id, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain such as contoso.onmicrosoft.com.' };
}

export type MicrosoftFailureKind = 'cancelled' | 'personalAccount' | 'tenantRefused' | 'noProvider' | 'other';

export interface MicrosoftFailure {
  kind: MicrosoftFailureKind;
  /** The Entra error code (AADSTS…) when the message carried one. */
  code?: string;
  message: string;
}

/** AADSTS codes that mean a personal Microsoft account cannot be used here. */
const PERSONAL_CODES = new Set(['AADSTS50020', 'AADSTS500200', 'AADSTS50177', 'AADSTS9002331']);

/**
 * What a failure of VS Code's Microsoft sign-in means: the user cancelled, Entra refused a personal account, the
 * tenant refused the user (not a member, conditional access, consent, MFA), no provider, or something else.
 */
export function classifyMicrosoftError(err: unknown): MicrosoftFailure {
  const message = err instanceof Error ? err.message : String(err);
  const code = /\b(AADSTS\d+)\b/.exec(message)?.[1];
  if (!code && /did not consent|cancel+ed|user cancel/i.test(message)) return { kind: 'cancelled', message };
  if (/No authentication provider|not (currently )?registered/i.test(message)) return { kind: 'noProvider', message };
  if (code && PERSONAL_CODES.has(code)) return { kind: 'personalAccount', code, message };
  if (/live\.com|personal Microsoft account|Microsoft Account \(MSA\)/i.test(message)) return { kind: 'personalAccount', code, message };
  if (code) return { kind: 'tenantRefused', code, message };
  return { kind: 'other', message };
}
