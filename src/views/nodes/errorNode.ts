import * as vscode from 'vscode';
import type { AccountRecord } from '../../auth/accountStore';
import { needsNewCredential, type Diagnosis } from '../../auth/diagnosis';
import { isCredentialFailure, isUnreachable, type AzdoError } from '../../azdo/errors';
import { tokenSettingsUrl } from '../../azdo/organizationUrl';
import { features } from '../../lazyFeatures';
import { MessageNode } from './messageNode';

/**
 * The node an organization shows instead of its content when loading failed; a click takes the next step. When the
 * failure was diagnosed (token expired, for another organization, lacking a scope, another tenant…) the node says so.
 * After a failed refresh (`during: 'refresh'`) the node stands above the last loaded content, which stays.
 */
export function errorNode(account: AccountRecord, error: AzdoError, id: string, diagnosis?: Diagnosis, during: 'load' | 'refresh' = 'load'): MessageNode {
  if (diagnosis && needsNewCredential(diagnosis.cause)) {
    // explain.ts is in dist/features.js: the words for a failure load with the first failure.
    const explained = features().explainDiagnosis(diagnosis, {
      organization: account.name, url: account.url, kind: account.kind, tokenUrl: tokenSettingsUrl(account),
      microsoftAccount: account.microsoft?.label, tenant: account.microsoft?.tenant,
    });
    const tooltip = explained.link ? `${explained.message}\n\n${explained.link.label}: ${explained.link.url}` : explained.message;
    if (account.auth === 'microsoft' || explained.steps.includes('switchAccount')) {
      return new MessageNode(id, 'warning', vscode.l10n.t('{0}: click to switch account', explained.title), {
        tooltip,
        command: { command: 'azureDevOps.switchAccount', title: vscode.l10n.t('Switch Account…'), arguments: [account.key] },
      });
    }
    const prefix = diagnosis.cause === 'missingCodeScope' ? explained.title : vscode.l10n.t('Token not accepted ({0})', tokenReason(diagnosis));
    return new MessageNode(id, 'warning', vscode.l10n.t('{0}: click to enter a new one', prefix), {
      tooltip,
      command: { command: 'azureDevOps.replaceToken', title: vscode.l10n.t('Enter New Token'), arguments: [account.key] },
    });
  }
  const explanation = features().explain(error, { organization: account.name, url: account.url, kind: account.kind, during: 'load' });
  if (isCredentialFailure(error)) {
    const microsoft = account.auth === 'microsoft';
    return new MessageNode(id, 'warning', microsoft
      ? vscode.l10n.t('Microsoft sign-in not accepted: click to switch account')
      : vscode.l10n.t('Token not accepted: click to enter a new one'), {
      tooltip: explanation.message,
      command: microsoft
        ? { command: 'azureDevOps.switchAccount', title: vscode.l10n.t('Switch Account…'), arguments: [account.key] }
        : { command: 'azureDevOps.replaceToken', title: vscode.l10n.t('Enter New Token'), arguments: [account.key] },
    });
  }
  const offline = during === 'refresh' && isUnreachable(explanation.error);
  const label = offline
    ? vscode.l10n.t('Offline: cannot reach Azure DevOps (click to try now)')
    : during === 'refresh'
    ? vscode.l10n.t('Could not refresh: {0} (showing the last loaded content)', shortReason(error))
    : vscode.l10n.t('Could not load: {0}', shortReason(error));
  return new MessageNode(id, offline ? 'warning' : 'error', label, {
    tooltip: `${explanation.message}\n\n${vscode.l10n.t('Click to try again.')}`,
    command: { command: 'azureDevOps.refresh', title: vscode.l10n.t('Refresh'), arguments: [account.key] },
  });
}

function tokenReason(d: Diagnosis): string {
  switch (d.cause) {
    case 'expired': return vscode.l10n.t('expired on {0}', d.expiry.expires ?? '');
    case 'otherOrganization': return vscode.l10n.t('it is for {0}', (d.worksFor ?? []).join(', '));
    case 'noToken': return vscode.l10n.t('none stored');
    default: return vscode.l10n.t('expired or revoked');
  }
}

function shortReason(error: AzdoError): string {
  switch (error.kind) {
    case 'forbidden': return vscode.l10n.t('access denied');
    case 'notFound': return vscode.l10n.t('organization not found');
    case 'dns': return vscode.l10n.t('host not found');
    case 'network': return vscode.l10n.t('no connection');
    case 'certificate': return vscode.l10n.t('certificate refused');
    case 'timeout': return vscode.l10n.t('no answer in time');
    case 'throttled': return vscode.l10n.t('too many requests, wait a moment');
    case 'server': return vscode.l10n.t('server error {0}', String(error.statusCode ?? ''));
    case 'malformed': return vscode.l10n.t('unreadable answer');
    default: return vscode.l10n.t('click for details');
  }
}
