import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { classifyMicrosoftError, isPersonalTenant, tenantOfSession, validateTenantInput, type MicrosoftSession } from '../auth/microsoft';
import { isCredentialFailure, toAzdoError } from '../azdo/errors';
import { organizationKey } from '../azdo/organizationUrl';
import { createProfileClient } from '../model/clients';
import { explain, explainMicrosoftFailure, stepLabel, type NextStep } from '../ui/explain';
import { organizationNamed } from './addOrganizations';
import type { CommandDeps } from './deps';
import { signIn } from './signIn';

export interface MicrosoftSignInOptions {
  /** Ask VS Code for a token of this tenant (`VSCODE_TENANT:<tenant>`). */
  tenant?: string;
  /** Ask the user for the tenant first ("Choose Tenant…"). */
  chooseTenant?: boolean;
  /** Sign in with another Microsoft account than the one VS Code would use. */
  newAccount?: boolean;
}

type Attempt =
  | { kind: 'done'; accounts: AccountRecord[] }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string; steps: NextStep[] };

/** Asks for a tenant (directory) id or domain. */
export async function askTenant(deps: CommandDeps, value?: string): Promise<string | undefined> {
  const typed = await deps.prompter().input({
    title: vscode.l10n.t('Sign In with Microsoft: Choose Tenant'),
    prompt: vscode.l10n.t('The Microsoft Entra tenant (directory) your organizations are connected to: its id or a domain such as contoso.onmicrosoft.com. Organization settings → Microsoft Entra shows it.'),
    placeholder: vscode.l10n.t('Tenant id or domain'),
    value,
    validate: (v) => {
      const checked = validateTenantInput(v);
      return checked.ok ? undefined : checked.message;
    },
  });
  if (typed === undefined) return undefined;
  const checked = validateTenantInput(typed);
  return checked.ok ? checked.tenant : undefined;
}

/** Signs in once: a Microsoft session, the user's profile and organizations, saved as Microsoft-signed organizations. */
async function attempt(deps: CommandDeps, options: MicrosoftSignInOptions): Promise<Attempt> {
  const tenant = options.tenant;
  let session: MicrosoftSession | undefined;
  try {
    session = await deps.microsoft().getSession({ mode: options.newAccount ? 'newAccount' : 'interactive', tenant });
  } catch (err) {
    const failure = classifyMicrosoftError(err);
    deps.log.warn(`Microsoft sign-in failed (${failure.kind}): ${failure.message}`);
    if (failure.kind === 'cancelled') return { kind: 'cancelled' };
    return { kind: 'failed', ...explainMicrosoftFailure(failure.kind, { tenant, code: failure.code, detail: failure.message }) };
  }
  if (!session) return { kind: 'cancelled' };
  deps.redactor.add(session.accessToken);
  const label = session.account.label;
  const personal = isPersonalTenant(tenantOfSession(session));
  const settings = deps.settings();
  let listing;
  try {
    listing = await deps.platform.withProgress(vscode.l10n.t('Listing the Azure DevOps organizations of {0}…', label),
      () => createProfileClient(settings.profileServiceUrl, { kind: 'bearer', token: session.accessToken }, settings, deps.log).listOrganizations());
  } catch (err) {
    const error = toAzdoError(err, 'Listing your organizations');
    deps.log.error(`Listing the organizations of ${label} failed`, error);
    if (isCredentialFailure(error)) {
      return { kind: 'failed', ...explainMicrosoftFailure(personal ? 'personalAccount' : 'refusedByService', { account: label, tenant }) };
    }
    const e = explain(error, { organization: vscode.l10n.t('The Azure DevOps profile service'), url: settings.profileServiceUrl, kind: 'services', during: 'load', timeoutSeconds: settings.timeoutSeconds });
    return { kind: 'failed', message: e.message, steps: ['retry', 'useToken', 'showLog'] };
  }
  if (listing.organizations.length === 0) {
    return { kind: 'failed', ...explainMicrosoftFailure('noOrganizations', { account: label, tenant }) };
  }
  const records: AccountRecord[] = [];
  const keptTokens: string[] = [];
  for (const listed of listing.organizations) {
    const org = organizationNamed(deps, listed.name);
    if (!org) continue;
    const key = organizationKey(org);
    const existing = deps.accounts.get(key);
    if (existing && existing.auth === 'pat') {
      keptTokens.push(org.name); // a token the user chose for this organization stays; "Switch Account…" changes it
      continue;
    }
    records.push({
      key, kind: org.kind, name: org.name, url: org.url, auth: 'microsoft',
      user: { id: listing.profile.id, displayName: listing.profile.displayName, uniqueName: listing.profile.email },
      addedAt: existing?.addedAt ?? new Date().toISOString(), tokenState: 'valid',
      microsoft: { id: session.account.id, label, tenant }, hidden: existing?.hidden,
    });
  }
  await deps.accounts.saveMany(records);
  for (const r of records) {
    deps.clients.reset(r.key);
    deps.catalog.invalidate(r.key);
  }
  deps.log.info(`Signed in with Microsoft as ${label}: ${records.map((r) => r.url).join(', ')}`);
  const names = listing.organizations.map((o) => o.name).join(', ');
  void deps.prompter().info(keptTokens.length > 0
    ? vscode.l10n.t('Signed in with Microsoft as {0}: {1} organizations ({2}). {3} keep their personal access token.', label, listing.organizations.length, names, keptTokens.join(', '))
    : vscode.l10n.t('Signed in with Microsoft as {0}: {1} organizations ({2}). Hide the ones you do not need from the view.', label, listing.organizations.length, names));
  return { kind: 'done', accounts: records };
}

/**
 * "Azure DevOps: Sign In with Microsoft": VS Code's Microsoft sign-in, then every organization of that account is
 * listed and shown. When Entra cannot serve the user (a personal account, a tenant that refuses), the message says
 * so and offers the token path, another tenant or another account.
 */
export function signInWithMicrosoft(deps: CommandDeps) {
  return async (arg?: unknown): Promise<AccountRecord[] | undefined> => {
    let options: MicrosoftSignInOptions = typeof arg === 'object' && arg !== null ? arg as MicrosoftSignInOptions : {};
    for (;;) {
      if (options.chooseTenant) {
        const tenant = await askTenant(deps, options.tenant);
        if (!tenant) return undefined;
        options = { ...options, chooseTenant: false, tenant };
      }
      const result = await attempt(deps, options);
      if (result.kind === 'done') return result.accounts;
      if (result.kind === 'cancelled') return undefined;
      const choice = await deps.prompter().error(result.message, ...result.steps.map(stepLabel));
      const step = result.steps.find((s) => stepLabel(s) === choice);
      switch (step) {
        case 'chooseTenant': options = { chooseTenant: true, tenant: options.tenant }; continue;
        case 'otherMicrosoftAccount': options = { newAccount: true, tenant: options.tenant }; continue;
        case 'retry': continue;
        case 'useToken': {
          const account = await signIn(deps)();
          return account ? [account] : undefined;
        }
        case 'showLog': deps.showLog(); return undefined;
        default: return undefined;
      }
    }
  };
}
