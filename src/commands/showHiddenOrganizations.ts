import * as vscode from 'vscode';
import type { CommandDeps } from './deps';

/** "Show Hidden Organizations": brings back one hidden organization, or all of them. */
export function showHiddenOrganizations(deps: CommandDeps) {
  return async (): Promise<string[]> => {
    const hidden = deps.accounts.hidden();
    if (hidden.length === 0) {
      void deps.prompter().info(vscode.l10n.t('No organization is hidden.'));
      return [];
    }
    const all = hidden.map((a) => a.key);
    const keys = await deps.prompter().pick([
      ...(hidden.length > 1 ? [{ label: vscode.l10n.t('Show All {0}', hidden.length), description: hidden.map((a) => a.name).join(', '), value: all }] : []),
      ...hidden.map((a) => ({ label: a.name, description: a.auth === 'microsoft' ? a.microsoft?.label : a.user.displayName, detail: a.url, value: [a.key] })),
    ], { placeholder: vscode.l10n.t('Show which hidden organization in the Azure DevOps view?') });
    if (!keys) return [];
    await deps.accounts.setHidden(keys, false);
    return keys;
  };
}
