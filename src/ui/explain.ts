import * as vscode from 'vscode';
import { AzdoError, toAzdoError } from '../azdo/errors';

/** What the user can do next; commands turn these into buttons. */
export type NextStep = 'enterToken' | 'createToken' | 'changeOrganization' | 'retry' | 'showLog' | 'openSettings';

export interface Explanation {
  message: string;
  steps: NextStep[];
  error: AzdoError;
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
  const say = (message: string, steps: NextStep[]): Explanation => ({ message, steps, error });

  switch (error.kind) {
    case 'unauthorized':
      return say(vscode.l10n.t('{0} did not accept the personal access token: it is invalid, expired or revoked, or it was created for another organization. Create a token for {0} with the Code (Read & write) scope and enter it.', org), tokenSteps);
    case 'signInPage':
      return say(vscode.l10n.t('{0} answered with a sign-in page instead of data, so the token was not accepted. Enter a valid personal access token for {0}.', org), tokenSteps);
    case 'forbidden':
      return say(ctx.during === 'signIn'
        ? vscode.l10n.t('The token is valid for {0} but lacks the Code (Read & write) scope that repositories need. Create a token with Code (Read & write) and enter it.', org)
        : vscode.l10n.t('{0} refused access (403): the token lacks a scope or your account lacks a permission for this.{1}', org, server), tokenSteps);
    case 'notFound':
      return say(ctx.kind === 'server'
        ? vscode.l10n.t('No Azure DevOps Server collection answered at {0}. Check the server address and the collection name (for example https://server/tfs/DefaultCollection).', ctx.url)
        : vscode.l10n.t('No Azure DevOps organization named "{0}" was found at {1}. Check the name: it is the part after dev.azure.com/ in your browser.', org, ctx.url),
      ctx.during === 'signIn' ? ['changeOrganization'] : ['retry']);
    case 'dns':
      return say(vscode.l10n.t('{0} could not be found: the host name does not resolve. Check the address and your network connection.', host),
        ctx.during === 'signIn' ? ['changeOrganization', 'retry'] : ['retry']);
    case 'network':
      return say(vscode.l10n.t('Could not connect to {0}. Check your network connection and proxy settings (http.proxy), then try again.', host), ['retry', 'showLog']);
    case 'certificate':
      return say(vscode.l10n.t('The certificate of {0} was refused, so the connection is not trusted. If your company uses its own certificate authority, add it to the system certificates; see the log for the exact reason.', host), ['showLog', 'retry']);
    case 'timeout':
      return say(vscode.l10n.t('{0} did not answer within {1} seconds. Try again, or raise the "azureDevOps.requestTimeout" setting on a slow connection.', org, String(ctx.timeoutSeconds ?? 30)), ['retry', 'openSettings']);
    case 'throttled':
      return say(vscode.l10n.t('Azure DevOps is limiting requests for {0} right now. Wait {1} seconds and try again.', org, String(Math.ceil(error.retryAfterSeconds ?? 30))), ['retry']);
    case 'server':
      return say(vscode.l10n.t('{0} failed to answer (server error {1}). This is usually temporary: try again in a moment.{2}', org, String(error.statusCode ?? ''), server), ['retry', 'showLog']);
    case 'malformed':
      return say(vscode.l10n.t('The answer from {0} could not be read. Try again; if it keeps happening, the log has the details.', org), ['retry', 'showLog']);
    case 'conflict':
      return say(vscode.l10n.t('{0} refused the change because of a conflict.{1} Refresh and try again.', org, server), ['retry']);
    case 'invalid':
      return say(error.serverMessage
        ? vscode.l10n.t('{0} refused the request: {1}', org, trimServerMessage(error.serverMessage))
        : vscode.l10n.t('{0} refused the request as it was sent. The log has the details.', org), ['showLog']);
    default:
      return say(vscode.l10n.t('Something went wrong with {0}: {1} The log has the details.', org, error.message), ['retry', 'showLog']);
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
  }
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
