import * as vscode from 'vscode';
import { tokenSettingsUrl } from '../azdo/organizationUrl';
import { renderSignInReport, type ReportEntry } from '../accounts/signInReport';
import { diagnoseAccount } from '../model/tokenProbe';
import { explainDiagnosis } from '../ui/explain';
import { accountOf, type CommandDeps } from './deps';

/**
 * "Azure DevOps: Check Sign-in": diagnoses every organization's credential (or the one chosen in the tree): expired
 * or revoked, made for another organization, missing the Code scope, another user, another tenant, expiring soon,
 * and reports it all in one Markdown preview with links to the pages that fix it.
 */
export function checkSignIn(deps: CommandDeps) {
  return async (arg?: unknown): Promise<ReportEntry[]> => {
    const one = accountOf(deps, arg);
    const accounts = one ? [one] : deps.accounts.list();
    if (accounts.length === 0) {
      void deps.prompter().info(vscode.l10n.t('You are not signed in to any Azure DevOps organization.'));
      return [];
    }
    const now = new Date();
    const probeDeps = { accounts: deps.accounts, credentials: deps.credentials, settings: deps.settings, log: deps.log };
    const diagnoses = await deps.platform.withProgress(vscode.l10n.t('Checking the sign-in of {0} organizations…', accounts.length),
      () => Promise.all(accounts.map((a) => diagnoseAccount(probeDeps, a, now))));
    const entries: ReportEntry[] = accounts.map((account, i) => ({
      account: deps.accounts.get(account.key) ?? account,
      diagnosis: diagnoses[i],
      explanation: explainDiagnosis(diagnoses[i], {
        organization: account.name, url: account.url, kind: account.kind, tokenUrl: tokenSettingsUrl(account),
        microsoftAccount: account.microsoft?.label, tenant: account.microsoft?.tenant,
      }),
    }));
    for (const e of entries) {
      if (e.diagnosis.severity !== 'ok') {
        deps.clients.reset(e.account.key);
        deps.catalog.invalidate(e.account.key);
      }
    }
    await deps.reports.show(vscode.l10n.t('Azure DevOps Sign-in Check.md'), renderSignInReport(entries, now));
    return entries;
  };
}
