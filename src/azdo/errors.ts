/**
 * Errors of the REST layer. Every failure that leaves src/azdo is an AzdoError with a kind the UI can
 * explain; the original error stays attached as `cause` for the log.
 */
export type AzdoErrorKind =
  | 'unauthorized'   // 401: token invalid, expired, revoked or for another organization
  | 'signInPage'     // 203 with an HTML sign-in page: the service did not accept the credentials
  | 'forbidden'      // 403: signed in, but the token lacks a scope or the user a permission
  | 'notFound'       // 404: organization, collection, project or repository does not exist
  | 'invalid'        // 400: the service refused the request as it was (its message says why)
  | 'conflict'       // 409
  | 'throttled'      // 429 after the retries we allow
  | 'server'         // 5xx
  | 'dns'            // host name does not resolve
  | 'network'        // connection refused, reset, unreachable
  | 'certificate'    // TLS certificate refused
  | 'timeout'        // no answer within the configured time
  | 'malformed'      // the answer could not be read
  | 'unknown';

export interface AzdoErrorDetails {
  statusCode?: number;
  /** The service's own message (from its JSON error body), if it sent one. */
  serverMessage?: string;
  /** Seconds the service asked us to wait (429). */
  retryAfterSeconds?: number;
  url?: string;
  /** The system error code behind a network failure (ECONNRESET, ENOTFOUND, CERT_HAS_EXPIRED, ...). */
  code?: string;
  /** The request timeout in force, for a timeout. */
  timeoutSeconds?: number;
  cause?: unknown;
}

export class AzdoError extends Error {
  readonly statusCode?: number;
  readonly serverMessage?: string;
  readonly retryAfterSeconds?: number;
  readonly url?: string;
  readonly code?: string;
  readonly timeoutSeconds?: number;

  constructor(readonly kind: AzdoErrorKind, message: string, details: AzdoErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AzdoError';
    this.statusCode = details.statusCode;
    this.serverMessage = details.serverMessage;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.url = details.url;
    this.code = details.code;
    this.timeoutSeconds = details.timeoutSeconds;
  }

  /** A copy with more details (the original stays the cause's owner). */
  with(details: AzdoErrorDetails): AzdoError {
    return new AzdoError(this.kind, this.message, {
      statusCode: this.statusCode, serverMessage: this.serverMessage, retryAfterSeconds: this.retryAfterSeconds,
      url: this.url, code: this.code, timeoutSeconds: this.timeoutSeconds, cause: this.cause, ...details,
    });
  }
}

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const timeoutCodes = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const certificateCodes = new Set([
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED', 'CERT_REVOKED', 'CERT_SIGNATURE_FAILURE',
]);

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** The service's message from a node-api error (`err.result.message`) or a parsed JSON body. */
export function serverMessageOf(err: unknown): string | undefined {
  const result = field(err, 'result');
  const message = field(result, 'message');
  return typeof message === 'string' && message.trim() ? message.trim() : undefined;
}

/** Turns anything thrown by azure-devops-node-api, typed-rest-client or node's http into an AzdoError. */
export function toAzdoError(err: unknown, what: string): AzdoError {
  if (err instanceof AzdoError) return err;
  const code = field(err, 'code');
  const statusCode = field(err, 'statusCode');
  const message = err instanceof Error ? err.message : String(err);
  const serverMessage = serverMessageOf(err);
  const details = { cause: err, serverMessage, code: typeof code === 'string' ? code : undefined };

  if (typeof statusCode === 'number') return fromStatus(statusCode, what, { ...details, retryAfterSeconds: retryAfterOf(err) });
  if (typeof code === 'string') {
    if (dnsCodes.has(code)) return new AzdoError('dns', `${what}: the host name could not be resolved`, details);
    if (certificateCodes.has(code)) return new AzdoError('certificate', `${what}: the server's certificate was refused (${code})`, details);
    if (timeoutCodes.has(code)) return new AzdoError('timeout', `${what}: no answer in time`, details);
    if (networkCodes.has(code)) return new AzdoError('network', `${what}: the connection failed (${code})`, details);
  }
  if (/^Request timeout/i.test(message)) return new AzdoError('timeout', `${what}: no answer in time`, details);
  if (/certificate|self[- ]signed/i.test(message)) return new AzdoError('certificate', `${what}: the server's certificate was refused`, details);
  if (err instanceof SyntaxError || /Unexpected token|JSON/i.test(message)) return new AzdoError('malformed', `${what}: the answer could not be read`, details);
  return new AzdoError('unknown', `${what}: ${message}`, details);
}

export function fromStatus(status: number, what: string, details: AzdoErrorDetails = {}): AzdoError {
  const d = { ...details, statusCode: status };
  if (status === 401) return new AzdoError('unauthorized', `${what}: the token was not accepted (401)`, d);
  if (status === 203) return new AzdoError('signInPage', `${what}: the service answered with a sign-in page (203)`, d);
  if (status === 403) return new AzdoError('forbidden', `${what}: access denied (403)`, d);
  if (status === 404) return new AzdoError('notFound', `${what}: not found (404)`, d);
  if (status === 400) return new AzdoError('invalid', `${what}: the request was refused (400)`, d);
  if (status === 409) return new AzdoError('conflict', `${what}: conflict (409)`, d);
  if (status === 429) return new AzdoError('throttled', `${what}: too many requests (429)`, d);
  if (status >= 500) return new AzdoError('server', `${what}: the service failed (${status})`, d);
  return new AzdoError('unknown', `${what}: unexpected answer (${status})`, d);
}

function retryAfterOf(err: unknown): number | undefined {
  const rateLimit = field(err, 'rateLimit');
  const retryAfter = field(rateLimit, 'retryAfter');
  return typeof retryAfter === 'number' ? retryAfter : undefined;
}

/** True when the failure means the stored credentials are no longer good. */
export function isCredentialFailure(err: unknown): boolean {
  return err instanceof AzdoError && (err.kind === 'unauthorized' || err.kind === 'signInPage');
}

/**
 * True when a failed write may still have been carried out: the request left, but its answer never arrived (a
 * timeout, a dropped connection) or could not be read. Such a failure is checked before "nothing changed" is said.
 */
export function mayHaveLanded(err: unknown): boolean {
  if (!(err instanceof AzdoError)) return false;
  if (err.kind === 'timeout' || err.kind === 'malformed') return true;
  return err.kind === 'network' && !['ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH'].includes(err.code ?? '');
}

/** True when the service could not be reached at all (no connection, no name resolution): the network is gone. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof AzdoError && (err.kind === 'network' || err.kind === 'dns');
}
