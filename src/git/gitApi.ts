import * as vscode from 'vscode';
import type { API, GitExtension } from './git';

/**
 * The built-in Git extension's API (version 1), once it has initialized. `extensionDependencies` guarantees the
 * extension is installed; it may still be disabled by the user (`git.enabled: false`), which is reported clearly.
 */
export async function getGitApi(): Promise<API> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) throw new Error(vscode.l10n.t('The built-in Git extension is missing: Azure DevOps needs it for git work.'));
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (!exports.enabled) {
    throw new Error(vscode.l10n.t('Git is disabled in VS Code (setting "git.enabled"). Enable it to clone and work with Azure Repos.'));
  }
  const api = exports.getAPI(1);
  if (api.state !== 'initialized') {
    await new Promise<void>((resolve) => {
      const sub = api.onDidChangeState((state) => {
        if (state === 'initialized') { sub.dispose(); resolve(); }
      });
    });
  }
  return api;
}

/**
 * The Git extension's API right now, without waiting, or undefined when the extension is not active or git is
 * disabled. Registering providers does not need the initial repository scan to finish, and `extensionDependencies`
 * activates the Git extension before this one, so activation can register synchronously (no race with a
 * "Git: Clone" that activated us).
 */
export function gitApiIfActive(): { api?: API; extension?: GitExtension } {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension?.isActive) return {};
  const exports = extension.exports;
  return { api: exports.enabled ? exports.getAPI(1) : undefined, extension: exports };
}

/**
 * Hands the Git API to `use` once git is enabled and initialized: soon, or when the user turns `git.enabled` on
 * later (the Git extension announces that; turning it off takes a reload). `unavailable` is told why it is not
 * there yet (git disabled, or the Git extension missing). Disposing stops the wait.
 */
export function whenGitEnabled(use: (api: API) => void, unavailable: (reason: string) => void): vscode.Disposable {
  let done = false;
  let enablement: vscode.Disposable | undefined;
  const attempt = (): void => {
    void getGitApi().then((api) => {
      if (done) return;
      done = true;
      enablement?.dispose();
      use(api);
    }, (err: unknown) => {
      if (done) return;
      unavailable(err instanceof Error ? err.message : String(err));
      enablement ??= gitApiIfActive().extension?.onDidChangeEnablement((enabled) => { if (enabled) attempt(); });
    });
  };
  attempt();
  return { dispose: () => { done = true; enablement?.dispose(); } };
}
