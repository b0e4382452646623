import * as vscode from 'vscode';
import type { CommandDeps } from './deps';
import { webUrlOfArg } from './pullRequestArg';

/** Copies a pull request's web address. */
export function copyPullRequestLink(deps: CommandDeps) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const url = await webUrlOfArg(deps, arg);
    if (!url) return undefined;
    await deps.platform.writeClipboard(url);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied {0}', url), 4000);
    return url;
  };
}
