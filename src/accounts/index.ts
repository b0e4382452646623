import * as vscode from 'vscode';
import { parseOrganizationInput } from '../azdo/organizationUrl';
import type { CommandDeps } from '../commands/deps';
import { features } from '../lazyFeatures';
import { PAT_PROVIDER_ID, PAT_PROVIDER_LABEL, PatAuthenticationProvider } from './authProvider';

export interface AccountsFeature {
  authProvider: PatAuthenticationProvider;
}

/**
 * Accounts beyond the commands: the "Azure DevOps" authentication provider (Accounts menu, sessions for other
 * extensions) and the read-only report documents. Sign-in and sign-out anywhere reach every window through the
 * AccountStore's SecretStorage mirror; the provider then tells VS Code.
 */
export function initializeAccounts(context: vscode.ExtensionContext, deps: CommandDeps): AccountsFeature {
  context.subscriptions.push(deps.reports.register(), deps.reports);
  const authProvider = new PatAuthenticationProvider(
    deps.accounts,
    () => deps.settings().serviceUrl,
    async (scope) => {
      // Another extension (or the Accounts menu) asks for a session: sign in to the organization it names.
      const parsed = scope ? parseOrganizationInput(scope, { serviceUrl: deps.settings().serviceUrl }) : undefined;
      const { signIn, askAndSaveToken } = features();
      if (!parsed?.ok) return signIn(deps)();
      const outcome = await askAndSaveToken(deps, parsed.organization, { title: vscode.l10n.t('Sign In to {0}', parsed.organization.name), offerAll: false });
      return outcome.kind === 'saved' ? outcome.account : undefined;
    },
    async (key) => {
      // VS Code asked the user already ("Sign Out" in the Accounts menu); other organizations stay signed in.
      await deps.accounts.remove(key);
      deps.clients.reset(key);
      deps.catalog.invalidate(key);
      deps.log.info(`Signed out of ${key} from the Accounts menu`);
    },
  );
  context.subscriptions.push(authProvider, vscode.authentication.registerAuthenticationProvider(
    // One account per organization: several at once. (With this, VS Code lets the user pick the session when an
    // extension asks for access, in a quick pick rather than a yes/no dialog.)
    PAT_PROVIDER_ID, PAT_PROVIDER_LABEL, authProvider, { supportsMultipleAccounts: true },
  ));
  return { authProvider };
}
