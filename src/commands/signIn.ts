import * as vscode from 'vscode';
import { parseOrganizationInput, type OrganizationRef } from '../azdo/organizationUrl';
import type { AccountRecord } from '../auth/accountStore';
import type { CommandDeps } from './deps';
import { looksLikeToken, signInWithTokenFlow } from './signInWithToken';
import { askAndSaveToken } from './verifyToken';

/**
 * "Azure DevOps: Sign In": the organization (name, URL, a pasted repository URL or a server collection URL),
 * then its personal access token, checked before it is kept. Returns the account, or undefined when cancelled.
 */
export function signIn(deps: CommandDeps) {
  return async (arg?: unknown): Promise<AccountRecord | undefined> => {
    const prompter = deps.prompter();
    let typed = typeof arg === 'string' ? arg : undefined;
    for (;;) {
      const serviceUrl = deps.settings().serviceUrl;
      const value = await prompter.input({
        title: vscode.l10n.t('Sign In to Azure DevOps (1/2)'),
        prompt: vscode.l10n.t('Organization name or URL, a repository URL, or an Azure DevOps Server collection URL'),
        placeholder: vscode.l10n.t('myorg, https://dev.azure.com/myorg or https://server/tfs/DefaultCollection'),
        value: typed,
        validate: (v) => {
          if (looksLikeToken(v)) return undefined; // a pasted token: handled below
          const parsed = parseOrganizationInput(v, { serviceUrl });
          return parsed.ok ? undefined : parsed.message;
        },
      });
      if (value === undefined) return undefined;
      if (looksLikeToken(value)) {
        // The token came first: list what it can open, or ask for its organization (never shown or kept as "typed").
        const added = await signInWithTokenFlow(deps, value);
        return added?.[0];
      }
      typed = value;
      const parsed = parseOrganizationInput(value, { serviceUrl });
      if (!parsed.ok) {
        await prompter.error(parsed.message);
        continue;
      }
      const org: OrganizationRef = parsed.organization;
      const outcome = await askAndSaveToken(deps, org, { title: vscode.l10n.t('Sign In to {0} (2/2)', org.name) });
      if (outcome.kind === 'changeOrganization') continue;
      if (outcome.kind === 'cancelled') return undefined;
      void prompter.info(vscode.l10n.t('Signed in to {0} as {1}.', org.name, outcome.account.user.displayName));
      return outcome.account;
    }
  };
}
