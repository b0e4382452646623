import * as vscode from 'vscode';
import type { AccountRecord } from '../auth/accountStore';
import type { CommandDeps } from './deps';

/** Asks which signed-in organization a palette command is for (skipped when there is only one). */
export async function pickAccount(deps: CommandDeps, placeholder: string): Promise<AccountRecord | undefined> {
  const accounts = deps.accounts.list();
  if (accounts.length === 0) {
    void deps.prompter().info(vscode.l10n.t('You are not signed in to any Azure DevOps organization.'));
    return undefined;
  }
  if (accounts.length === 1) return accounts[0];
  return deps.prompter().pick(
    accounts.map((a) => ({ label: a.name, description: a.user.displayName, detail: a.url, value: a })),
    { placeholder },
  );
}
