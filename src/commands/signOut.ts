import * as vscode from 'vscode';
import { accountOf, type CommandDeps } from './deps';
import { pickAccount } from './pickAccount';

/** "Azure DevOps: Sign Out" of one organization: its token leaves SecretStorage; the others stay signed in. */
export function signOut(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    const account = accountOf(deps, arg) ?? await pickAccount(deps, vscode.l10n.t('Sign out of which organization?'));
    if (!account) return false;
    const confirm = vscode.l10n.t('Sign Out');
    const answer = await deps.prompter().warning(
      vscode.l10n.t('Sign out of {0}?', account.name),
      { modal: true, detail: account.auth === 'microsoft' && account.microsoft
        ? vscode.l10n.t('{0} is removed from Azure DevOps here; the Microsoft account {1} stays signed in to VS Code. Other organizations stay signed in.', account.name, account.microsoft.label)
        : vscode.l10n.t('The token for {0} ({1}) is removed from this computer. Other organizations stay signed in.', account.name, account.user.displayName) },
      confirm,
    );
    if (answer !== confirm) return false;
    await deps.accounts.remove(account.key);
    deps.clients.reset(account.key);
    deps.catalog.invalidate(account.key);
    deps.log.info(`Signed out of ${account.url}`);
    return true;
  };
}
