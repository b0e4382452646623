import * as vscode from 'vscode';

export const REPORT_SCHEME = 'azure-devops-report';

/**
 * Read-only Markdown documents of the extension (the sign-in check), served from memory under
 * `azure-devops-report:` and opened in VS Code's Markdown preview: plain links to the pages that fix things, no
 * webview. Nothing secret is ever written into one.
 */
export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The last report shown (the tests read it). */
  last?: { uri: vscode.Uri; markdown: string };

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Shows `markdown` as a rendered preview titled `name` (a file name ending in .md), replacing an earlier one. */
  async show(name: string, markdown: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name}` });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    this.last = { uri, markdown };
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // Without the built-in Markdown extension, the Markdown text itself still reads well.
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: true });
    }
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
