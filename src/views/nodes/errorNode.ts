import * as vscode from 'vscode';
import type { AccountRecord } from '../../auth/accountStore';
import { isCredentialFailure, type AzdoError } from '../../azdo/errors';
import { explain } from '../../ui/explain';
import { MessageNode } from './messageNode';

/** The node an organization shows instead of its content when loading failed; a click takes the next step. */
export function errorNode(account: AccountRecord, error: AzdoError, id: string, during: 'load' | 'refresh' = 'load'): MessageNode {
  const explanation = explain(error, { organization: account.name, url: account.url, kind: account.kind, during: 'load' });
  if (isCredentialFailure(error)) {
    return new MessageNode(id, 'warning', vscode.l10n.t('Token not accepted: click to enter a new one'), {
      tooltip: explanation.message,
      command: { command: 'azureDevOps.replaceToken', title: vscode.l10n.t('Enter New Token'), arguments: [account.key] },
    });
  }
  const label = during === 'refresh'
    ? vscode.l10n.t('Could not refresh: {0} (showing the last loaded content)', shortReason(error))
    : vscode.l10n.t('Could not load: {0}', shortReason(error));
  return new MessageNode(id, 'error', label, {
    tooltip: `${explanation.message}\n\n${vscode.l10n.t('Click to try again.')}`,
    command: { command: 'azureDevOps.refresh', title: vscode.l10n.t('Refresh'), arguments: [account.key] },
  });
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
