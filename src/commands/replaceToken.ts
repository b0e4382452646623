import * as vscode from 'vscode';
import type { OrganizationRef } from '../azdo/organizationUrl';
import { accountOf, type CommandDeps } from './deps';
import { pickAccount } from './pickAccount';
import { askAndSaveToken } from './verifyToken';

/** "Azure DevOps: Enter New Token" for one signed-in organization (expired or rejected token, another account). */
export function replaceToken(deps: CommandDeps) {
  return async (arg?: unknown): Promise<boolean> => {
    const account = accountOf(deps, arg) ?? await pickAccount(deps, vscode.l10n.t('Enter a new token for which organization?'));
    if (!account) return false;
    const org: OrganizationRef = { kind: account.kind, name: account.name, url: account.url };
    const outcome = await askAndSaveToken(deps, org, { title: vscode.l10n.t('New Token for {0}', account.name), expectedUser: account.user });
    if (outcome.kind !== 'saved') return false;
    void deps.prompter().info(vscode.l10n.t('The new token for {0} is in use.', account.name));
    return true;
  };
}
