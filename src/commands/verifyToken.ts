import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import { diagnose } from '../auth/diagnosis';
import type { OrganizationRef } from '../azdo/organizationUrl';
import { organizationKey, tokenSettingsUrl } from '../azdo/organizationUrl';
import { isCredentialFailure, type AzdoError } from '../azdo/errors';
import type { AzdoUser } from '../azdo/types';
import { probeTokenElsewhere } from '../model/tokenProbe';
import { explain, explainDiagnosis, stepLabel, type NextStep } from '../ui/explain';
import { addOrganizationsWithToken, organizationNamed } from './addOrganizations';
import { askExpiry } from './askExpiry';
import type { CommandDeps } from './deps';
import { organizationsOfToken, verifyToken } from './tokenChecks';

export type TokenOutcome =
  | { kind: 'saved'; account: AccountRecord; alsoAdded: AccountRecord[] }
  | { kind: 'cancelled' }
  | { kind: 'changeOrganization' };

export { verifyToken, organizationsOfToken } from './tokenChecks';

/** Why the organization refused the token, made specific: does it work elsewhere (another organization's token)? */
async function explainRefusal(deps: CommandDeps, org: OrganizationRef, token: string, error: AzdoError): Promise<string | undefined> {
  const elsewhere = await probeTokenElsewhere(deps, token, { key: organizationKey(org), name: org.name });
  const diagnosis = diagnose({
    auth: 'pat', hasCredential: true, organization: org.name, expectedUser: { id: '', displayName: '' },
    connection: { ok: false, error: error.kind, statusCode: error.statusCode }, ...elsewhere,
  }, new Date());
  if (diagnosis.cause !== 'otherOrganization') return undefined;
  return explainDiagnosis(diagnosis, { organization: org.name, url: org.url, kind: org.kind, tokenUrl: tokenSettingsUrl(org) }).message;
}

/**
 * After a token worked for `org`: if it is a global token that lists more organizations that are not signed in
 * yet, offers to add them all (while global tokens last). Returns the extra organization names to add.
 */
async function offerAllOrganizations(deps: CommandDeps, org: OrganizationRef, token: string): Promise<string[]> {
  if (org.kind !== 'services') return [];
  const listed = await organizationsOfToken(deps, token);
  const others = (listed ?? []).filter((name) => {
    if (name.toLowerCase() === org.name.toLowerCase()) return false;
    const ref = organizationNamed(deps, name);
    return ref !== undefined && !deps.accounts.get(organizationKey(ref));
  });
  if (others.length === 0) return [];
  const all = vscode.l10n.t('Add All {0} Organizations', others.length + 1);
  const answer = await deps.prompter().info(
    vscode.l10n.t('This token can also open {0}. Add all {1} organizations with it? (Tokens for all organizations stop working on 1 December 2026; then each organization needs its own token.)', others.join(', '), others.length + 1),
    all, vscode.l10n.t('Only {0}', org.name),
  );
  return answer === all ? others : [];
}

/**
 * Asks for a token for `org` until one works or the user gives up. On failure the organization is kept and only
 * the token is asked again (or the user chooses to change the organization). The token is kept only once verified.
 * `token` is tried first without asking (a token the user already typed elsewhere).
 */
export async function askAndSaveToken(
  deps: CommandDeps,
  org: OrganizationRef,
  options: { title: string; expectedUser?: AzdoUser; token?: string; offerAll?: boolean },
): Promise<TokenOutcome> {
  const prompter = deps.prompter();
  const createUrl = tokenSettingsUrl(org);
  const key = organizationKey(org);
  // What the user typed last: kept (hidden) when they go back to the token box after a failure that was not the token's fault.
  let previous: string | undefined = options.token;
  let retryNow = options.token !== undefined;
  for (;;) {
    const token = retryNow && previous !== undefined ? previous : await prompter.input({
      title: options.title,
      prompt: vscode.l10n.t('Personal access token for {0}, with the Code (Read & write) scope. It is kept in VS Code\'s secret storage only.', org.name),
      placeholder: vscode.l10n.t('Paste the token'),
      password: true,
      value: previous,
      validate: (value) => /\s/.test(value.trim()) ? vscode.l10n.t('A token has no spaces: paste only the token.') : undefined,
      buttons: [{ tooltip: vscode.l10n.t('Create a token for {0} in the browser', org.name), icon: 'link-external', run: () => deps.platform.openExternal(createUrl) }],
    });
    retryNow = false;
    if (token === undefined) return { kind: 'cancelled' };
    const trimmed = token.trim();
    previous = token;
    deps.log.info(`Checking a token for ${org.url}`);
    try {
      const user = await deps.platform.withProgress(vscode.l10n.t('Checking the token for {0}…', org.name), () => verifyToken(deps, org, trimmed));
      if (options.expectedUser && options.expectedUser.id !== user.id) {
        const useIt = vscode.l10n.t('Use This Token');
        const answer = await prompter.warning(
          vscode.l10n.t('This token belongs to {0}, not to {1} who was signed in to {2}.', user.displayName, options.expectedUser.displayName, org.name),
          { modal: true, detail: vscode.l10n.t('Use it to switch the account for {0}, or cancel and enter a token of {1}.', org.name, options.expectedUser.displayName) },
          useIt,
        );
        if (answer !== useIt) continue;
      }
      const extra = options.offerAll === false ? [] : await offerAllOrganizations(deps, org, trimmed);
      const expires = await askExpiry(deps, extra.length > 0 ? vscode.l10n.t('{0} and {1} more', org.name, extra.length) : org.name);
      const account: AccountRecord = {
        key, kind: org.kind, name: org.name, url: org.url, auth: 'pat', user,
        addedAt: new Date().toISOString(), tokenState: 'valid', tokenExpires: expires,
      };
      const existing = deps.accounts.get(key);
      if (existing?.hidden) account.hidden = true;
      await deps.accounts.save(account, trimmed);
      deps.clients.reset(key);
      deps.catalog.invalidate(key);
      deps.log.info(`Signed in to ${org.url} as ${user.displayName}`);
      const alsoAdded = extra.length > 0 ? (await addOrganizationsWithToken(deps, extra, trimmed, expires)).added : [];
      return { kind: 'saved', account, alsoAdded };
    } catch (err) {
      const explanation = explain(err, { organization: org.name, url: org.url, kind: org.kind, during: 'signIn', timeoutSeconds: deps.settings().timeoutSeconds });
      deps.log.error(`Sign-in to ${org.url} failed`, explanation.error);
      // A refused token: say where it does work, if anywhere (a token created for another organization).
      const specific = isCredentialFailure(explanation.error) && org.kind === 'services'
        ? await Promise.resolve(deps.platform.withProgress(vscode.l10n.t('Finding out why {0} refused the token…', org.name),
          () => explainRefusal(deps, org, trimmed, explanation.error))).catch(() => undefined)
        : undefined;
      const steps: NextStep[] = explanation.steps;
      const choice = await prompter.error(specific ?? explanation.message, ...steps.map(stepLabel));
      const step = steps.find((s) => stepLabel(s) === choice);
      if (!step) return { kind: 'cancelled' };
      if (step === 'changeOrganization') return { kind: 'changeOrganization' };
      if (step === 'enterToken' || step === 'createToken') previous = undefined; // that token is no good
      if (step === 'createToken') await deps.platform.openExternal(createUrl);
      if (step === 'showLog') deps.showLog();
      if (step === 'openSettings') await deps.platform.openSettings(explanation.settingsQuery ?? 'azureDevOps');
      retryNow = step === 'retry';
      // Otherwise the token box opens again for the same organization (with the typed token kept, unless it was refused).
    }
  }
}
