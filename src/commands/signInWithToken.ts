import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { isCredentialFailure, toAzdoError } from '../azdo/errors';
import { organizationKey, parseOrganizationInput } from '../azdo/organizationUrl';
import { createProfileClient } from '../model/clients';
import { explain, explainOrganizationTokenOnly, stepLabel } from '../ui/explain';
import { addOrganizationsWithToken, organizationNamed } from './addOrganizations';
import { askExpiry } from './askExpiry';
import type { CommandDeps } from './deps';
import { askAndSaveToken } from './verifyToken';

/** A pasted token rather than an organization: organization names have at most 50 characters, tokens 52 or more. */
export function looksLikeToken(text: string): boolean {
  const value = text.trim();
  return value.length >= 52 && /^[A-Za-z0-9]+$/.test(value);
}

/** Asks for the organization of an organization-scoped token, then checks and saves it (asking again on failure). */
async function organizationForToken(deps: CommandDeps, token: string): Promise<AccountRecord | undefined> {
  let typed: string | undefined;
  for (;;) {
    const serviceUrl = deps.settings().serviceUrl;
    const value = await deps.prompter().input({
      title: vscode.l10n.t('Organization of This Token'),
      prompt: explainOrganizationTokenOnly(),
      placeholder: vscode.l10n.t('myorg, https://dev.azure.com/myorg or https://server/tfs/DefaultCollection'),
      value: typed,
      validate: (v) => {
        const parsed = parseOrganizationInput(v, { serviceUrl });
        return parsed.ok ? undefined : parsed.message;
      },
    });
    if (value === undefined) return undefined;
    typed = value;
    const parsed = parseOrganizationInput(value, { serviceUrl });
    if (!parsed.ok) continue;
    const outcome = await askAndSaveToken(deps, parsed.organization, { title: vscode.l10n.t('Sign In to {0}', parsed.organization.name), token, offerAll: false });
    if (outcome.kind === 'changeOrganization') continue;
    if (outcome.kind === 'cancelled') return undefined;
    void deps.prompter().info(vscode.l10n.t('Signed in to {0} as {1}.', outcome.account.name, outcome.account.user.displayName));
    return outcome.account;
  }
}

/**
 * Token first ("Azure DevOps: Add Organizations from a Token…", or a token pasted where the organization is asked):
 * a token that can list its organizations (a global token, while they last) may add all of them at once; a token the
 * profile service refuses is an organization token, the norm now, so the organization is asked instead of failing.
 */
export async function signInWithTokenFlow(deps: CommandDeps, given?: string): Promise<AccountRecord[] | undefined> {
  const prompter = deps.prompter();
  const token = (given ?? await prompter.input({
    title: vscode.l10n.t('Add Organizations from a Token'),
    prompt: vscode.l10n.t('A personal access token. A token for one organization asks which one; a token for all accessible organizations (until 1 December 2026) can add them all.'),
    placeholder: vscode.l10n.t('Paste the token'),
    password: true,
    validate: (value) => /\s/.test(value.trim()) ? vscode.l10n.t('A token has no spaces: paste only the token.') : undefined,
  }))?.trim();
  if (!token) return undefined;
  deps.redactor.add(token);
  const settings = deps.settings();
  for (;;) {
    let listing;
    try {
      listing = await deps.platform.withProgress(vscode.l10n.t('Asking Azure DevOps which organizations the token can open…'),
        () => createProfileClient(settings.profileServiceUrl, { kind: 'pat', token }, settings, deps.log).listOrganizations());
    } catch (err) {
      const error = toAzdoError(err, 'Listing the organizations of a token');
      if (isCredentialFailure(error) || error.kind === 'forbidden') {
        // app.vssps refuses organization-scoped tokens (401): ask which organization, do not fail.
        deps.log.info(`The profile service refused the token (${error.kind}): asking for its organization`);
        const account = await organizationForToken(deps, token);
        return account ? [account] : undefined;
      }
      const e = explain(error, { organization: vscode.l10n.t('The Azure DevOps profile service'), url: settings.profileServiceUrl, kind: 'services', during: 'load', timeoutSeconds: settings.timeoutSeconds });
      const choice = await prompter.error(e.message, ...e.steps.map(stepLabel));
      if (choice === stepLabel('retry')) continue;
      if (choice === stepLabel('showLog')) deps.showLog();
      return undefined;
    }
    const names = listing.organizations.map((o) => o.name);
    const fresh = names.filter((n) => {
      const ref = organizationNamed(deps, n);
      return ref !== undefined && !deps.accounts.get(organizationKey(ref));
    });
    if (fresh.length === 0) {
      const account = await organizationForToken(deps, token);
      return account ? [account] : undefined;
    }
    type Choice = { kind: 'all' } | { kind: 'one'; name: string } | { kind: 'other' };
    const picked = await prompter.pick<Choice>([
      { label: vscode.l10n.t('Add All {0} Organizations', fresh.length), description: fresh.join(', '), value: { kind: 'all' } },
      ...fresh.map((name) => ({ label: name, description: vscode.l10n.t('only this organization'), value: { kind: 'one', name } as Choice })),
      { label: vscode.l10n.t('Another Organization…'), description: vscode.l10n.t('type its name or URL'), value: { kind: 'other' } },
    ], {
      title: vscode.l10n.t('This token opens {0} organizations of {1}', names.length, listing.profile.displayName),
      placeholder: vscode.l10n.t('Global tokens stop working on 1 December 2026; then each organization needs its own token'),
    });
    if (!picked) return undefined;
    if (picked.kind === 'other') {
      const account = await organizationForToken(deps, token);
      return account ? [account] : undefined;
    }
    const chosen = picked.kind === 'all' ? fresh : [picked.name];
    const expires = await askExpiry(deps, chosen.length === 1 ? chosen[0] : vscode.l10n.t('{0} organizations', chosen.length));
    const { added, failed } = await addOrganizationsWithToken(deps, chosen, token, expires);
    if (failed.length > 0) {
      void prompter.warning(vscode.l10n.t('Added {0} of {1} organizations. Not added: {2}', added.length, chosen.length, failed.map((f) => `${f.name} (${f.message})`).join(' ')), {});
    } else {
      void prompter.info(vscode.l10n.t('Signed in to {0} as {1}.', added.map((a) => a.name).join(', '), listing.profile.displayName));
    }
    return added;
  }
}

/** "Azure DevOps: Add Organizations from a Token…" (the token is always typed into a password box, never passed in). */
export function signInWithToken(deps: CommandDeps) {
  return async (): Promise<AccountRecord[] | undefined> => signInWithTokenFlow(deps);
}
