import * as vscode from 'vscode';
import type { ClientProvider } from '../model/clients';

export const DIFF_SCHEME = 'azdo-pr';

interface BlobQuery {
  accountKey: string;
  projectId: string;
  repositoryId: string;
  /** Absent for the missing side of an added or deleted file. */
  objectId?: string;
}

/** A read-only document with the content of a blob of the service (or empty for the missing side of a diff). */
export function blobUri(path: string, query: BlobQuery): vscode.Uri {
  return vscode.Uri.from({ scheme: DIFF_SCHEME, path, query: JSON.stringify(query) });
}

/**
 * Serves `azdo-pr:` documents: file contents of a pull request read from the service by blob id, so a diff opens
 * whether or not the commits are in a local clone.
 */
export class BlobContentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly clients: ClientProvider) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let query: BlobQuery;
    try {
      query = JSON.parse(uri.query) as BlobQuery;
    } catch {
      return '';
    }
    if (!query.objectId) return '';
    const client = await this.clients.get(query.accountKey);
    if (!client) throw new Error(vscode.l10n.t('You are no longer signed in to the organization of this pull request.'));
    const content = await client.pullRequests().blob({ projectId: query.projectId, repositoryId: query.repositoryId }, query.objectId);
    return content.toString('utf8');
  }
}
