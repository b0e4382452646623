import * as vscode from 'vscode';
import { cloneUrlFor } from '../git/repositoryIndex';
import { RepositoryNode } from '../views/nodes/repositoryNode';
import type { CommandDeps } from './deps';

/** The URL to clone a repository over HTTPS or SSH, as the service reports it (computed when it does not). */
export function cloneUrlOf(node: RepositoryNode, protocol: 'https' | 'ssh', serviceUrl?: string): string | undefined {
  return cloneUrlFor(node.repository, protocol, serviceUrl);
}

export function copyCloneUrl(deps: CommandDeps, protocol: 'https' | 'ssh') {
  return async (node?: unknown): Promise<string | undefined> => {
    if (!(node instanceof RepositoryNode)) {
      void deps.prompter().info(vscode.l10n.t('Choose a repository in the Azure DevOps view to copy its clone URL.'));
      return undefined;
    }
    const url = cloneUrlOf(node, protocol, deps.settings().serviceUrl);
    if (!url) {
      void deps.prompter().error(vscode.l10n.t('Azure DevOps reported no {0} clone URL for {1}.', protocol.toUpperCase(), node.repository.name));
      return undefined;
    }
    await deps.platform.writeClipboard(url);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied {0}', url), 4000);
    return url;
  };
}
