import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import type { OrganizationRef } from '../azdo/organizationUrl';
import { organizationKey, tokenSettingsUrl } from '../azdo/organizationUrl';
import type { AzdoUser } from '../azdo/types';
import { createClient } from '../model/clients';
import { explain, stepLabel, type NextStep } from '../ui/explain';
import type { CommandDeps } from './deps';

export type TokenOutcome =
  | { kind: 'saved'; account: AccountRecord }
  | { kind: 'cancelled' }
  | { kind: 'changeOrganization' };

/** Checks a token against the organization: who it belongs to (connectionData) and that git answers (Code scope). */
export async function verifyToken(deps: CommandDeps, org: OrganizationRef, token: string): Promise<AzdoUser> {
  const client = createClient(org.url, token, deps.settings(), deps.log);
  const connection = await client.getConnectionData();
  await client.listRepositories();
  return connection.user;
}

/**
 * Asks for a token for `org` until one works or the user gives up. On failure the organization is kept and only
 * the token is asked again (or the user chooses to change the organization). The token is kept only once verified.
 */
export async function askAndSaveToken(
  deps: CommandDeps,
  org: OrganizationRef,
  options: { title: string; expectedUser?: AzdoUser },
): Promise<TokenOutcome> {
  const prompter = deps.prompter();
  const createUrl = tokenSettingsUrl(org);
  const key = organizationKey(org);
  // What the user typed last: kept (hidden) when they go back to the token box after a failure that was not the token's fault.
  let previous: string | undefined;
  let retryNow = false;
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
      const account: AccountRecord = {
        key, kind: org.kind, name: org.name, url: org.url, auth: 'pat', user,
        addedAt: new Date().toISOString(), tokenState: 'valid',
      };
      await deps.accounts.save(account, trimmed);
      deps.clients.reset(key);
      deps.catalog.invalidate(key);
      deps.log.info(`Signed in to ${org.url} as ${user.displayName}`);
      return { kind: 'saved', account };
    } catch (err) {
      const explanation = explain(err, { organization: org.name, url: org.url, kind: org.kind, during: 'signIn', timeoutSeconds: deps.settings().timeoutSeconds });
      deps.log.error(`Sign-in to ${org.url} failed`, explanation.error);
      const steps: NextStep[] = explanation.steps;
      const choice = await prompter.error(explanation.message, ...steps.map(stepLabel));
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
