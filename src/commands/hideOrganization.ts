import * as vscode from 'vscode';
import { accountOf, type CommandDeps } from './deps';

/** "Hide Organization": leaves an organization out of the view; it stays signed in (git keeps using it). */
export function hideOrganization(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    let account = accountOf(deps, arg);
    if (!account) {
      const visible = deps.accounts.visible();
      if (visible.length === 0) {
        void deps.prompter().info(vscode.l10n.t('No organization is shown in the Azure DevOps view.'));
        return false;
      }
      account = await deps.prompter().pick(
        visible.map((a) => ({ label: a.name, description: a.auth === 'microsoft' ? a.microsoft?.label : a.user.displayName, detail: a.url, value: a })),
        { placeholder: vscode.l10n.t('Hide which organization? It stays signed in; "Show Hidden Organizations" brings it back.') },
      );
      if (!account) return false;
    }
    await deps.accounts.setHidden([account.key], true);
    deps.log.info(`Hid ${account.url}`);
    return true;
  };
}
