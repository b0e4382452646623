import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Repository } from '../git/git';
import type { PublishOutcome } from '../git/publisher';
import type { CommandDeps } from './deps';

/**
 * "Azure DevOps: Publish to Azure DevOps": the Git extension offers its publishers only while a repository has no
 * remote; this command publishes any open repository (with `origin` taken, it asks for another remote name).
 * Called from the Source Control title menu it gets the SourceControl (with its rootUri).
 */
export function publishRepository(deps: CommandDeps) {
  return async (arg?: unknown): Promise<PublishOutcome> => {
    const api = deps.git.api();
    if (!api) {
      void deps.prompter().error(vscode.l10n.t('The built-in Git extension is not available (is "git.enabled" off, or git not installed?), so nothing can be published.'));
      return { kind: 'cancelled' };
    }
    const root = rootUriOf(arg);
    let repository: Repository | undefined | null = root ? api.getRepository(root) : undefined;
    if (!repository) {
      const repositories = api.repositories;
      if (repositories.length === 0) {
        void deps.prompter().info(vscode.l10n.t('Open a folder with a git repository to publish it to Azure DevOps.'));
        return { kind: 'cancelled' };
      }
      repository = repositories.length === 1 ? repositories[0] : await deps.prompter().pick(
        repositories.map((r) => ({ label: path.basename(r.rootUri.fsPath), description: r.state.HEAD?.name, detail: r.rootUri.fsPath, value: r })),
        { title: vscode.l10n.t('Publish to Azure DevOps'), placeholder: vscode.l10n.t('Repository to publish') },
      );
    }
    if (!repository) return { kind: 'cancelled' };
    return deps.git.publisher.publish(repository);
  };
}

function rootUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const root = typeof arg === 'object' && arg !== null ? (arg as { rootUri?: unknown }).rootUri : undefined;
  return root instanceof vscode.Uri ? root : undefined;
}
