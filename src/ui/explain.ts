import * as vscode from 'vscode';
import type { Cause, Diagnosis } from '../auth/diagnosis';
import type { MicrosoftFailureKind } from '../auth/microsoft';
import { AzdoError, toAzdoError } from '../azdo/errors';
import { redactPatterns } from '../util/redact';

/** What the user can do next; commands turn these into buttons. */
export type NextStep = 'enterToken' | 'createToken' | 'changeOrganization' | 'retry' | 'showLog' | 'openSettings'
  | 'switchAccount' | 'useToken' | 'chooseTenant' | 'otherMicrosoftAccount' | 'signInWithMicrosoft';

export interface Explanation {
  message: string;
  steps: NextStep[];
  error: AzdoError;
  /** What "Open Settings" should show. */
  settingsQuery?: string;
}

export interface ExplainContext {
  /** The organization or collection name, as the user knows it. */
  organization: string;
  /** Its URL. */
  url: string;
  kind: 'services' | 'server';
  /** What was being done: 'signIn' checks a new token, 'load' reads data with a stored one. */
  during: 'signIn' | 'load' | 'action';
  timeoutSeconds?: number;
}

/** Turns a failure into a message that says what happened and what to do next (never a bare status code). */
export function explain(err: unknown, ctx: ExplainContext): Explanation {
  const error = toAzdoError(err, ctx.during === 'signIn' ? `Signing in to ${ctx.organization}` : `Working with ${ctx.organization}`);
  const org = ctx.organization;
  const host = hostOf(ctx.url);
  const server = error.serverMessage ? ` ${vscode.l10n.t('The service said: {0}', trimServerMessage(error.serverMessage))}` : '';
  const tokenSteps: NextStep[] = ctx.during === 'signIn' ? ['enterToken', 'createToken', 'changeOrganization'] : ['enterToken', 'createToken'];
  const say = (message: string, steps: NextStep[], settingsQuery?: string): Explanation => ({ message, steps, error, settingsQuery });

  switch (error.kind) {
    case 'unauthorized':
      return say(vscode.l10n.t('{0} did not accept the personal access token: it is invalid, expired or revoked, or it was created for another organization. Create a token for {0} with the Code (Read & write) scope and enter it.', org), tokenSteps);
    case 'signInPage':
      return say(vscode.l10n.t('{0} answered with a sign-in page instead of data, so the token was not accepted. Enter a valid personal access token for {0}.', org), tokenSteps);
    case 'forbidden':
      return say(ctx.during === 'signIn'
        ? vscode.l10n.t('The token is valid for {0} but lacks the Code (Read & write) scope that repositories need. Create a token with Code (Read & write) and enter it.', org)
        : vscode.l10n.t('{0} refused access (403): the token lacks a scope or your account lacks a permission for this.{1} Create a token with the Code (Read & write) scope and enter it, or ask a project administrator for the permission.', org, server), tokenSteps);
    case 'notFound':
      if (ctx.during === 'action') {
        return say(vscode.l10n.t('{0} answered that what this works on was not found (404): it may have been deleted, renamed or moved, or you no longer have access to it.{1} Refresh, then try again.', org, server), ['retry', 'showLog']);
      }
      return say(ctx.kind === 'server'
        ? vscode.l10n.t('No Azure DevOps Server collection answered at {0}. Check the server address and the collection name (for example https://server/tfs/DefaultCollection).', ctx.url)
        : vscode.l10n.t('No Azure DevOps organization named "{0}" was found at {1}. Check the name: it is the part after dev.azure.com/ in your browser.', org, ctx.url),
      ctx.during === 'signIn' ? ['changeOrganization'] : ['retry']);
    case 'dns':
      return say(vscode.l10n.t('Cannot reach {0}: the host name does not resolve. Check the address and your network connection.', host),
        ctx.during === 'signIn' ? ['changeOrganization', 'retry'] : ['retry']);
    case 'network':
      return say(error.code === 'ECONNREFUSED' || error.code === 'ENETUNREACH' || error.code === 'EHOSTUNREACH'
        ? vscode.l10n.t('Cannot reach {0}: the connection was refused or the network is down. Check your network connection and proxy settings (http.proxy), then try again.', host)
        : vscode.l10n.t('Cannot reach {0}: the connection was interrupted before the answer arrived. Check your network connection or proxy, then try again.', host),
      ['retry', 'showLog']);
    case 'certificate':
      return say(vscode.l10n.t('The certificate of {0} was refused ({1}), so the connection is not trusted. If your company uses its own certificate authority, add it to the system certificates (or NODE_EXTRA_CA_CERTS); only for a server you trust, the setting "http.proxyStrictSSL": false turns the check off.', host, error.code ?? vscode.l10n.t('untrusted certificate')), ['showLog', 'retry', 'openSettings'], 'http.proxyStrictSSL');
    case 'timeout':
      return say(vscode.l10n.t('{0} did not answer within {1}. Try again, or raise the "azureDevOps.requestTimeout" setting on a slow connection.', org, seconds(error.timeoutSeconds ?? ctx.timeoutSeconds ?? 30)), ['retry', 'openSettings'], 'azureDevOps.requestTimeout');
    case 'throttled':
      return say(vscode.l10n.t('Azure DevOps is limiting requests for {0} right now. Wait {1} and try again.', org, seconds(Math.ceil(error.retryAfterSeconds ?? 30))), ['retry']);
    case 'server':
      return say(vscode.l10n.t('{0} failed to answer (server error {1}). This is usually temporary: try again in a moment.{2}', org, String(error.statusCode ?? ''), server), ['retry', 'showLog']);
    case 'malformed':
      return say(vscode.l10n.t('The answer from {0} could not be read. Try again; if it keeps happening, the log has the details.', org), ['retry', 'showLog']);
    case 'conflict':
      return say(ctx.during === 'action'
        ? vscode.l10n.t('{0} refused the change because of a conflict.{1} Refresh and try again.', org, server)
        : vscode.l10n.t('{0} answered with a conflict (409) although nothing was being changed.{1} This is usually temporary: refresh and try again.', org, server), ['retry']);
    case 'invalid':
      return say(error.serverMessage
        ? vscode.l10n.t('{0} refused the request: {1}', org, trimServerMessage(error.serverMessage))
        : vscode.l10n.t('{0} refused the request as it was sent. The log has the details.', org), ['showLog']);
    default:
      return say(error.serverMessage
        ? vscode.l10n.t('{0} refused the request: {1}', org, trimServerMessage(error.serverMessage))
        : vscode.l10n.t('Something went wrong with {0}: {1} The log has the details.', org, error.message), ['retry', 'showLog']);
  }
}

export function stepLabel(step: NextStep): string {
  switch (step) {
    case 'enterToken': return vscode.l10n.t('Enter Token Again');
    case 'createToken': return vscode.l10n.t('Create Token…');
    case 'changeOrganization': return vscode.l10n.t('Change Organization');
    case 'retry': return vscode.l10n.t('Try Again');
    case 'showLog': return vscode.l10n.t('Show Log');
    case 'openSettings': return vscode.l10n.t('Open Settings');
    case 'switchAccount': return vscode.l10n.t('Switch Account…');
    case 'useToken': return vscode.l10n.t('Use a Personal Access Token');
    case 'chooseTenant': return vscode.l10n.t('Choose Tenant…');
    case 'otherMicrosoftAccount': return vscode.l10n.t('Use Another Microsoft Account');
    case 'signInWithMicrosoft': return vscode.l10n.t('Sign In with Microsoft');
  }
}

function seconds(n: number): string {
  return n === 1 ? vscode.l10n.t('1 second') : vscode.l10n.t('{0} seconds', String(n));
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function trimServerMessage(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}…` : oneLine;
}

// ── Accounts: token diagnosis, Microsoft sign-in, organization tokens ────────────────────────────────────────────

export interface DiagnosisContext {
  organization: string;
  url: string;
  kind: 'services' | 'server';
  /** Where a token for this organization is created (`{orgUrl}/_usersSettings/tokens`). */
  tokenUrl: string;
  /** Microsoft sign-in: the account (email) the organization uses. */
  microsoftAccount?: string;
  tenant?: string;
}

export interface DiagnosisExplanation {
  /** A few words for a tree node or a report heading. */
  title: string;
  /** What happened and what to do, in full sentences. */
  message: string;
  steps: NextStep[];
  /** The page that fixes it, when there is one. */
  link?: { label: string; url: string };
}

function userName(user: { displayName: string; uniqueName?: string }): string {
  return user.uniqueName && user.uniqueName !== user.displayName ? `${user.displayName} (${user.uniqueName})` : user.displayName;
}

function inDays(days: number): string {
  if (days < 0) return vscode.l10n.t('expired {0} days ago', Math.abs(days));
  if (days === 0) return vscode.l10n.t('expires today');
  if (days === 1) return vscode.l10n.t('expires tomorrow');
  return vscode.l10n.t('expires in {0} days', days);
}

/** The words for a diagnosis (src/auth/diagnosis.ts): which cause applies, and the exact page that fixes it. */
export function explainDiagnosis(d: Diagnosis, ctx: DiagnosisContext): DiagnosisExplanation {
  const org = ctx.organization;
  const account = ctx.microsoftAccount ?? userName(d.expectedUser);
  const tokenLink = { label: vscode.l10n.t('Create a token for {0}', org), url: ctx.tokenUrl };
  const tokenSteps: NextStep[] = ['enterToken', 'createToken'];
  const say = (title: string, message: string, steps: NextStep[], link?: DiagnosisExplanation['link']): DiagnosisExplanation => ({ title, message, steps, link });
  const fromError = (): DiagnosisExplanation => {
    const error = new AzdoError(d.errorKind ?? 'unknown', `Checking ${org}`, { statusCode: d.statusCode, serverMessage: d.serverMessage });
    const e = explain(error, { organization: org, url: ctx.url, kind: ctx.kind, during: 'load' });
    return say(causeTitle(d.cause), e.message, e.steps);
  };
  switch (d.cause) {
    case 'ok':
      return say(causeTitle(d.cause), ctx.microsoftAccount
        ? vscode.l10n.t('Signed in with the Microsoft account {0}; {1} accepts it and its repositories can be read.', ctx.microsoftAccount, org)
        : vscode.l10n.t('Signed in as {0}; the token works for {1}, repositories included.', userName(d.actualUser ?? d.expectedUser), org), []);
    case 'expiresSoon':
      return say(vscode.l10n.t('Token {0}', inDays(d.expiry.daysLeft ?? 0)), vscode.l10n.t('The token for {0} still works but {1} ({2}). Create a new token before then and enter it with "Enter New Token".', org, inDays(d.expiry.daysLeft ?? 0), d.expiry.expires ?? ''), tokenSteps, tokenLink);
    case 'noToken':
      return say(causeTitle(d.cause), vscode.l10n.t('No token for {0} is stored on this computer (it was removed, perhaps in another window). Enter a token for {0}.', org), tokenSteps, tokenLink);
    case 'microsoftSignedOut':
      return say(causeTitle(d.cause), vscode.l10n.t('VS Code is no longer signed in to the Microsoft account {0} that {1} uses. Sign in again, or switch {1} to another account or a personal access token.', account, org), ['switchAccount']);
    case 'expired':
      return say(vscode.l10n.t('Token expired on {0}', d.expiry.expires ?? ''), vscode.l10n.t('The token for {0} expired on {1} (the date given when it was added), so {0} no longer accepts it. Create a new token for {0} and enter it.', org, d.expiry.expires ?? ''), tokenSteps, tokenLink);
    case 'otherOrganization': {
      const others = (d.worksFor ?? []).join(', ');
      return say(vscode.l10n.t('Token is for {0}', others), vscode.l10n.t('{0} did not accept the token, but it works for {1}: it was created for that organization only. Create a token for {0} (choose {0} under Organization) and enter it.', org, others), tokenSteps, tokenLink);
    }
    case 'expiredOrRevoked':
      return say(causeTitle(d.cause), vscode.l10n.t('{0} did not accept the personal access token: it is invalid, expired or revoked, or it was created for another organization. Create a token for {0} with the Code (Read & write) scope and enter it.', org), tokenSteps, tokenLink);
    case 'personalAccount':
      return say(causeTitle(d.cause), explainMicrosoftFailure('personalAccount', { account, organization: org }).message, ['useToken', 'otherMicrosoftAccount'], tokenLink);
    case 'outsideTenant':
      return say(causeTitle(d.cause), vscode.l10n.t('{0} did not accept the Microsoft account {1}{2}: the organization is connected to another Microsoft Entra directory (tenant), or the account is not a member. Choose the organization\'s tenant, use another account, or use a personal access token.', org, account, ctx.tenant ? ` (${vscode.l10n.t('tenant {0}', ctx.tenant)})` : ''), ['switchAccount'], tokenLink);
    case 'differentUser':
      return say(vscode.l10n.t('Token of {0}', d.actualUser?.displayName ?? ''), vscode.l10n.t('The token for {0} belongs to {1}, not to {2} who signed in to {0} before. If that is not intended, enter a token of {2}.', org, userName(d.actualUser ?? d.expectedUser), userName(d.expectedUser)), tokenSteps, tokenLink);
    case 'missingCodeScope':
      return say(causeTitle(d.cause), vscode.l10n.t('The token is valid for {0} but lacks the Code (Read & write) scope that repositories need. Create a token with Code (Read & write) and enter it.', org), tokenSteps, tokenLink);
    case 'noRepositoryAccess':
      return say(causeTitle(d.cause), vscode.l10n.t('{0} accepts the Microsoft account {1} but refuses to list its repositories (403): ask a project administrator of {0} for access.', org, account), ['retry']);
    default:
      return fromError();
  }
}

/** A short title for each cause (tree nodes, report headings). */
export function causeTitle(cause: Cause): string {
  switch (cause) {
    case 'ok': return vscode.l10n.t('Signed in');
    case 'expiresSoon': return vscode.l10n.t('Token expires soon');
    case 'noToken': return vscode.l10n.t('No token stored');
    case 'microsoftSignedOut': return vscode.l10n.t('Microsoft sign-in needed');
    case 'expired': return vscode.l10n.t('Token expired');
    case 'otherOrganization': return vscode.l10n.t('Token is for another organization');
    case 'expiredOrRevoked': return vscode.l10n.t('Token expired or revoked');
    case 'personalAccount': return vscode.l10n.t('Personal Microsoft account not accepted');
    case 'outsideTenant': return vscode.l10n.t('Microsoft account not accepted here');
    case 'differentUser': return vscode.l10n.t('Token of another user');
    case 'missingCodeScope': return vscode.l10n.t('Token lacks the Code scope');
    case 'noRepositoryAccess': return vscode.l10n.t('No access to repositories');
    case 'notFound': return vscode.l10n.t('Organization not found');
    case 'unreachable': return vscode.l10n.t('Not reachable');
    case 'serviceError': return vscode.l10n.t('Service error');
  }
}

/** Why Microsoft sign-in could not serve the user, and what to do instead. */
export function explainMicrosoftFailure(
  kind: MicrosoftFailureKind | 'noOrganizations' | 'refusedByService',
  ctx: { account?: string; tenant?: string; organization?: string; code?: string; detail?: string },
): { message: string; steps: NextStep[] } {
  const who = ctx.account ?? vscode.l10n.t('your Microsoft account');
  const code = ctx.code ? ` (${ctx.code})` : '';
  switch (kind) {
    case 'personalAccount':
      return { message: vscode.l10n.t('{0} is a personal Microsoft account: Microsoft Entra sign-in does not serve personal accounts for Azure DevOps{1}. Use a personal access token for each organization instead.', who, code), steps: ['useToken', 'otherMicrosoftAccount'] };
    case 'tenantRefused':
      return { message: vscode.l10n.t('The Microsoft Entra tenant{0} refused to sign in {1}{2}. The account may not belong to that directory, or its policies (conditional access, consent) do not allow it. Choose another tenant, use another account, or use a personal access token.', ctx.tenant ? ` ${ctx.tenant}` : '', who, code), steps: ['chooseTenant', 'otherMicrosoftAccount', 'useToken'] };
    case 'refusedByService':
      return { message: vscode.l10n.t('Azure DevOps did not accept the Microsoft sign-in of {0}{1}: the account has no Azure DevOps profile in this directory. Choose the tenant your organizations are connected to, or use a personal access token.', who, ctx.tenant ? ` (${vscode.l10n.t('tenant {0}', ctx.tenant)})` : ''), steps: ['chooseTenant', 'useToken'] };
    case 'noOrganizations':
      return { message: vscode.l10n.t('{0} is not a member of any Azure DevOps organization{1}. If your organization is connected to another directory, choose its tenant; otherwise sign in with a personal access token.', who, ctx.tenant ? ` ${vscode.l10n.t('in tenant {0}', ctx.tenant)}` : ''), steps: ['chooseTenant', 'useToken'] };
    case 'noProvider':
      return { message: vscode.l10n.t('VS Code\'s Microsoft sign-in is not available here (the built-in Microsoft Authentication extension is disabled or missing). Use a personal access token instead.'), steps: ['useToken'] };
    case 'cancelled':
      return { message: vscode.l10n.t('Microsoft sign-in was cancelled.'), steps: [] };
    default:
      return { message: vscode.l10n.t('Microsoft sign-in failed: {0} You can use a personal access token instead.', ctx.detail ?? ''), steps: ['useToken', 'retry', 'showLog'] };
  }
}

/** The profile service refused a token (401/403): it is an organization token, which is the norm now. */
export function explainOrganizationTokenOnly(): string {
  return vscode.l10n.t('This token works for one organization only, so it cannot list your organizations. Organization tokens are the norm now: tokens for all accessible organizations can no longer be created and stop working on 1 December 2026. Which organization is this token for?');
}

export interface GitFailureContext {
  /** The organization whose token git used, when one was signed in for the URL. */
  organization?: string;
  /** The repository URL git worked with. */
  url: string;
  operation: 'clone' | 'push' | 'fetch' | 'addRemote';
}

/** A failed git command (a GitError of the Git extension: gitErrorCode, stderr) → message and next steps. */
export function explainGitFailure(err: unknown, ctx: GitFailureContext): { message: string; steps: NextStep[]; detail: string } {
  const fields = (typeof err === 'object' && err !== null ? err : {}) as { gitErrorCode?: unknown; stderr?: unknown; message?: unknown };
  const code = typeof fields.gitErrorCode === 'string' ? fields.gitErrorCode : undefined;
  const stderr = typeof fields.stderr === 'string' ? fields.stderr : '';
  const raw = stderr || (typeof fields.message === 'string' ? fields.message : String(err));
  const detail = redactPatterns(raw.replace(/^(error|fatal|remote): /gim, '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(-3).join(' '));
  const host = hostOf(ctx.url);
  const org = ctx.organization;
  const say = (message: string, steps: NextStep[]) => ({ message, steps, detail });
  if (code === 'AuthenticationFailed' || /Authentication failed|returned error: 401|terminal prompts disabled|could not read Username/i.test(raw)) {
    return org
      ? say(vscode.l10n.t('{0} did not accept the token git was given for {1}: it is invalid, expired or revoked, or it belongs to another organization. Enter a new token for {0}.', org, host), ['enterToken', 'createToken'])
      : say(vscode.l10n.t('git could not sign in to {0}: you are not signed in to the organization of {1}. Sign in to it with "Azure DevOps: Sign In", then try again.', host, ctx.url), ['retry']);
  }
  if (/returned error: 403|TF401027|GenericContribute|GenericRead/i.test(raw) || code === 'PermissionDenied') {
    return say(vscode.l10n.t('{0} refused git access (403): the token lacks the Code (Read & write) scope, or your account may not {1} this repository. Create a token with Code (Read & write) and enter it.', org ?? host, ctx.operation === 'push' ? vscode.l10n.t('push to') : vscode.l10n.t('read')), ['enterToken', 'createToken']);
  }
  if (code === 'RepositoryNotFound' || /not found|returned error: 404|TF401019/i.test(raw)) {
    return say(vscode.l10n.t('{0} has no repository at {1} that you can reach: it may have been deleted, renamed or disabled.', org ?? host, ctx.url), ['showLog']);
  }
  if (code === 'PushRejected') {
    return say(vscode.l10n.t('{0} rejected the push: the branch on the server has commits you do not have, or a branch policy forbids pushing to it.', org ?? host), ['showLog']);
  }
  if (code === 'RemoteConnectionError' || /Could not resolve host|Failed to connect|Connection refused|timed out/i.test(raw)) {
    return say(vscode.l10n.t('git could not reach {0}. Check your network connection and proxy settings (http.proxy), then try again.', host), ['retry', 'showLog']);
  }
  return say(vscode.l10n.t('git failed: {0}', detail || vscode.l10n.t('no message')), ['showLog']);
}
