import type { AzdoErrorKind } from '../azdo/errors';
import type { AzdoUser } from '../azdo/types';
import { expiryStatus, type ExpiryStatus } from './expiry';
import type { AuthKind } from './records';

/**
 * Why an organization's credential works or does not: the decision table behind automatic token hints and
 * "Azure DevOps: Check Sign-in". Pure: the facts are gathered by src/model/tokenProbe.ts, the words come from
 * src/ui/explain.ts.
 */

export type ProbeResult = { ok: true } | { ok: false; error: AzdoErrorKind; statusCode?: number; serverMessage?: string };

export interface ProbeFacts {
  auth: AuthKind;
  /** A token is stored (PAT) or VS Code has a session for the Microsoft account (Microsoft). */
  hasCredential: boolean;
  /** connectionData with the credential: who it belongs to, or why not. */
  connection?: ({ ok: true; user: AzdoUser }) | ({ ok: false; error: AzdoErrorKind; statusCode?: number; serverMessage?: string });
  /** Listing repositories (needs the Code scope); only tried when connectionData worked. */
  git?: ProbeResult;
  /** The user the organization was signed in as. */
  expectedUser: AzdoUser;
  /** The expiry the user gave for the token. */
  tokenExpires?: string;
  /** Other signed-in organizations where the same token works. */
  worksFor?: string[];
  /** Organizations the token lists on the profile service (a global token); undefined when it cannot list them. */
  listsOrganizations?: string[];
  /** The organization's own name (to tell whether a listed organization is this one). */
  organization: string;
  /** Microsoft sign-in: the token was issued for a personal Microsoft account. */
  personalAccount?: boolean;
}

export type Cause =
  | 'ok'                  // everything works
  | 'expiresSoon'         // works, but the expiry the user gave is within the warning window
  | 'noToken'             // no token stored for a PAT organization
  | 'microsoftSignedOut'  // VS Code has no session for the Microsoft account any more
  | 'expired'             // 401 and the expiry day the user gave has passed
  | 'otherOrganization'   // 401 here, but the token works for (or lists) other organizations
  | 'expiredOrRevoked'    // 401 and no sign the token works anywhere: expired, revoked or mistyped
  | 'personalAccount'     // Microsoft sign-in with a personal account, which Entra does not serve for Azure DevOps
  | 'outsideTenant'       // Microsoft sign-in refused by this organization: it belongs to another directory
  | 'differentUser'       // works, but for another user than the one signed in before
  | 'missingCodeScope'    // connectionData works, git answers 403: the token lacks Code (Read & write)
  | 'noRepositoryAccess'  // Microsoft sign-in works, git answers 403: the user lacks permission
  | 'notFound'            // the organization or collection does not exist (any more) at its URL
  | 'unreachable'         // DNS, network, certificate or timeout
  | 'serviceError';       // throttled, server error, unreadable answer

export interface Diagnosis {
  cause: Cause;
  severity: 'ok' | 'warning' | 'error';
  /** The user the credential belongs to, when connectionData answered. */
  actualUser?: AzdoUser;
  expectedUser: AzdoUser;
  /** For 'otherOrganization': where the token does work. */
  worksFor?: string[];
  expiry: ExpiryStatus;
  /** The failure kind behind unreachable / serviceError / notFound (for the explanation). */
  errorKind?: AzdoErrorKind;
  statusCode?: number;
  serverMessage?: string;
}

const UNREACHABLE: ReadonlySet<AzdoErrorKind> = new Set(['dns', 'network', 'certificate', 'timeout']);

/** The decision table: the first row that matches wins. */
export function diagnose(facts: ProbeFacts, now: Date): Diagnosis {
  const expiry = facts.auth === 'pat' ? expiryStatus(facts.tokenExpires, now) : { state: 'unknown' as const };
  const base = { expectedUser: facts.expectedUser, expiry };
  const result = (cause: Cause, severity: Diagnosis['severity'], extra: Partial<Diagnosis> = {}): Diagnosis => ({ ...base, cause, severity, ...extra });

  if (!facts.hasCredential) return result(facts.auth === 'pat' ? 'noToken' : 'microsoftSignedOut', 'error');
  const connection = facts.connection;
  if (!connection) return result('serviceError', 'error', { errorKind: 'unknown' });
  if (!connection.ok) {
    const failure = { errorKind: connection.error, statusCode: connection.statusCode, serverMessage: connection.serverMessage };
    if (connection.error === 'unauthorized' || connection.error === 'signInPage') {
      if (facts.auth === 'microsoft') return result(facts.personalAccount ? 'personalAccount' : 'outsideTenant', 'error', failure);
      if (expiry.state === 'expired') return result('expired', 'error', failure);
      const elsewhere = uniqueOthers([...(facts.worksFor ?? []), ...(facts.listsOrganizations ?? [])], facts.organization);
      const listsThis = (facts.listsOrganizations ?? []).some((n) => sameName(n, facts.organization));
      if (elsewhere.length > 0 && !listsThis) return result('otherOrganization', 'error', { ...failure, worksFor: elsewhere });
      return result('expiredOrRevoked', 'error', failure);
    }
    if (connection.error === 'notFound') return result('notFound', 'error', failure);
    if (UNREACHABLE.has(connection.error)) return result('unreachable', 'error', failure);
    return result('serviceError', 'error', failure);
  }
  const actualUser = connection.user;
  if (actualUser.id.toLowerCase() !== facts.expectedUser.id.toLowerCase()) return result('differentUser', 'warning', { actualUser });
  const git = facts.git;
  if (git && !git.ok) {
    const failure = { actualUser, errorKind: git.error, statusCode: git.statusCode, serverMessage: git.serverMessage };
    if (git.error === 'forbidden') return result(facts.auth === 'pat' ? 'missingCodeScope' : 'noRepositoryAccess', 'error', failure);
    if (git.error === 'unauthorized' || git.error === 'signInPage') return result('expiredOrRevoked', 'error', failure);
    if (UNREACHABLE.has(git.error)) return result('unreachable', 'error', failure);
    return result('serviceError', 'error', failure);
  }
  if (expiry.state === 'soon' || expiry.state === 'expired') return result('expiresSoon', 'warning', { actualUser });
  return result('ok', 'ok', { actualUser });
}

function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;
}

function uniqueOthers(names: string[], self: string): string[] {
  const out: string[] = [];
  for (const n of names) if (!sameName(n, self) && !out.some((o) => sameName(o, n))) out.push(n);
  return out;
}

/** Causes where a new token (or account) is the fix. */
export function needsNewCredential(cause: Cause): boolean {
  return ['noToken', 'microsoftSignedOut', 'expired', 'otherOrganization', 'expiredOrRevoked', 'personalAccount', 'outsideTenant', 'missingCodeScope'].includes(cause);
}
