import * as vscode from 'vscode';
import { projectWebUrl, repositoryWebUrl } from '../azdo/organizationUrl';
import { OrganizationNode } from '../views/nodes/organizationNode';
import { ProjectNode } from '../views/nodes/projectNode';
import { RepositoryNode } from '../views/nodes/repositoryNode';
import type { CommandDeps } from './deps';

/** The web page of an organization, project or repository node. */
export function webUrlOf(node: unknown): string | undefined {
  if (node instanceof RepositoryNode) {
    return node.repository.webUrl ?? repositoryWebUrl(node.account, node.project.name, node.repository.name);
  }
  if (node instanceof ProjectNode) return projectWebUrl(node.account, node.project.name);
  if (node instanceof OrganizationNode) return node.account.url;
  return undefined;
}

export function openInBrowser(deps: CommandDeps) {
  return async (node?: unknown): Promise<boolean> => {
    const url = webUrlOf(node);
    if (!url) {
      void deps.prompter().info(vscode.l10n.t('Choose an organization, project or repository in the Azure DevOps view to open it in the browser.'));
      return false;
    }
    return deps.platform.openExternal(url);
  };
}
