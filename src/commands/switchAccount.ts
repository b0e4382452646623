import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { diagnose } from '../auth/diagnosis';
import { classifyMicrosoftError, isPersonalTenant, tenantOfSession, type MicrosoftAccount, type MicrosoftSession } from '../auth/microsoft';
import { toAzdoError } from '../azdo/errors';
import { tokenSettingsUrl, type OrganizationRef } from '../azdo/organizationUrl';
import { createClient } from '../model/clients';
import { explainDiagnosis, explainMicrosoftFailure, stepLabel } from '../ui/explain';
import { accountOf, type CommandDeps } from './deps';
import { pickAccount } from './pickAccount';
import { askTenant } from './signInWithMicrosoft';
import { askAndSaveToken } from './verifyToken';

type Choice = { kind: 'microsoft'; account?: MicrosoftAccount } | { kind: 'token' };

/** Uses a Microsoft session for one organization once the organization accepts it (connectionData). */
async function useMicrosoft(deps: CommandDeps, target: AccountRecord, choice: { account?: MicrosoftAccount }): Promise<boolean> {
  let tenant = target.microsoft?.tenant;
  for (;;) {
    let session: MicrosoftSession | undefined;
    try {
      session = await deps.microsoft().getSession({ mode: choice.account ? 'interactive' : 'newAccount', account: choice.account, tenant });
    } catch (err) {
      const failure = classifyMicrosoftError(err);
      if (failure.kind === 'cancelled') return false;
      const explained = explainMicrosoftFailure(failure.kind, { tenant, code: failure.code, detail: failure.message });
      const answer = await deps.prompter().error(explained.message, ...explained.steps.map(stepLabel));
      if (answer === stepLabel('chooseTenant')) { tenant = await askTenant(deps, tenant); if (tenant) continue; }
      if (answer === stepLabel('useToken')) return useToken(deps, target);
      return false;
    }
    if (!session) return false;
    deps.redactor.add(session.accessToken);
    const s = session;
    try {
      const connection = await deps.platform.withProgress(vscode.l10n.t('Checking {0} with {1}…', target.name, s.account.label),
        () => createClient(target.url, { kind: 'bearer', token: s.accessToken }, deps.settings(), deps.log).getConnectionData());
      const record: AccountRecord = {
        ...target, auth: 'microsoft', user: connection.user, tokenState: 'valid', tokenExpires: undefined,
        microsoft: { id: s.account.id, label: s.account.label, tenant },
      };
      await deps.accounts.save(record);
      deps.clients.reset(target.key);
      deps.catalog.invalidate(target.key);
      void deps.prompter().info(vscode.l10n.t('{0} now uses the Microsoft account {1}.', target.name, s.account.label));
      return true;
    } catch (err) {
      const error = toAzdoError(err, `Signing in to ${target.name}`);
      const diagnosis = diagnose({
        auth: 'microsoft', hasCredential: true, organization: target.name, expectedUser: target.user,
        personalAccount: isPersonalTenant(tenantOfSession(s)),
        connection: { ok: false, error: error.kind, statusCode: error.statusCode, serverMessage: error.serverMessage },
      }, new Date());
      const explained = explainDiagnosis(diagnosis, {
        organization: target.name, url: target.url, kind: target.kind, tokenUrl: tokenSettingsUrl(target), microsoftAccount: s.account.label, tenant,
      });
      const steps = diagnosis.cause === 'outsideTenant' ? ['chooseTenant', 'useToken'] as const : ['useToken'] as const;
      const answer = await deps.prompter().error(explained.message, ...steps.map(stepLabel));
      if (answer === stepLabel('chooseTenant')) { tenant = await askTenant(deps, tenant); if (tenant) { choice = { account: s.account }; continue; } }
      if (answer === stepLabel('useToken')) return useToken(deps, target);
      return false;
    }
  }
}

async function useToken(deps: CommandDeps, target: AccountRecord): Promise<boolean> {
  const org: OrganizationRef = { kind: target.kind, name: target.name, url: target.url };
  const outcome = await askAndSaveToken(deps, org, { title: vscode.l10n.t('Token for {0}', target.name), offerAll: false });
  if (outcome.kind !== 'saved') return false;
  void deps.prompter().info(vscode.l10n.t('{0} now uses a personal access token of {1}.', target.name, outcome.account.user.displayName));
  return true;
}

/**
 * "Switch Account…" of one organization: one of VS Code's Microsoft accounts, another Microsoft account, or a
 * personal access token (e.g. of another user). Other organizations keep their accounts.
 */
export function switchAccount(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    const target = accountOf(deps, arg) ?? await pickAccount(deps, vscode.l10n.t('Switch the account of which organization?'));
    if (!target) return false;
    const known = await deps.microsoft().accounts().catch(() => [] as MicrosoftAccount[]);
    const current = target.auth === 'microsoft' ? target.microsoft?.id : undefined;
    const items = [
      ...known.map((a) => ({
        label: `$(account) ${a.label}`,
        description: a.id === current ? vscode.l10n.t('Microsoft account · in use') : vscode.l10n.t('Microsoft account'),
        value: { kind: 'microsoft', account: a } as Choice,
      })),
      { label: `$(add) ${vscode.l10n.t('Another Microsoft Account…')}`, description: vscode.l10n.t('sign in with Microsoft'), value: { kind: 'microsoft' } as Choice },
      { label: `$(key) ${vscode.l10n.t('Personal Access Token…')}`, description: target.auth === 'pat' ? vscode.l10n.t('a new token, of this or another user') : vscode.l10n.t('a token for {0}', target.name), value: { kind: 'token' } as Choice },
    ];
    const choice = await deps.prompter().pick(items, {
      title: vscode.l10n.t('Switch Account of {0}', target.name),
      placeholder: vscode.l10n.t('{0} now uses {1}', target.name, target.auth === 'microsoft' && target.microsoft ? target.microsoft.label : vscode.l10n.t('a token of {0}', target.user.displayName)),
    });
    if (!choice) return false;
    return choice.kind === 'token' ? useToken(deps, target) : useMicrosoft(deps, target, choice);
  };
}
