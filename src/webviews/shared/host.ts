import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Logger } from '../../log';

/** Where the webview bundles (and the codicons) are: the only local resources a webview may load. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [webviewRoot(extensionUri)] };
}

/**
 * The page of a webview: a strict Content-Security-Policy with a nonce (no inline handlers, no remote content),
 * the codicons stylesheet, the bundle's stylesheet and script. The app builds everything else.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, entry: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const root = webviewRoot(extensionUri);
  const uri = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const escapedTitle = title.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapedTitle}</title>
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${uri('codicon.css')}" nonce="${nonce}">
<link rel="stylesheet" href="${uri(`${entry}.css`)}" nonce="${nonce}">
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${nonce}" src="${uri(`${entry}.js`)}"></script>
</body>
</html>`;
}

/**
 * What the extension gave its webviews (each page's HTML and options, every message posted), kept only while tests
 * run (ExtensionMode.Test): the end-of-run leak scan and the webview checks read it.
 */
export class WebviewAudit {
  readonly pages: { name: string; html: string; options: vscode.WebviewOptions }[] = [];
  readonly posted: string[] = [];

  page(name: string, webview: vscode.Webview): void {
    this.pages.push({ name, html: webview.html, options: webview.options });
  }
}

/** Sets a webview's page (and tells the audit, when tests run). */
export function setPage(webview: vscode.Webview, html: string, name: string, audit: WebviewAudit | undefined): void {
  webview.html = html;
  audit?.page(name, webview);
}

/**
 * The extension's end of a webview conversation: messages from the webview are validated before use (unknown or
 * malformed ones are logged and dropped); messages to it wait until it said `ready`. What was posted is kept for
 * the tests (the last 200).
 */
export class MessageChannel<In extends { type: string }, Out extends { type: string }> implements vscode.Disposable {
  private readyResolve!: () => void;
  private isReady = false;
  readonly ready: Promise<void>;
  readonly posted: Out[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly parse: (raw: unknown) => In | undefined,
    private readonly handle: (message: In) => Promise<void>,
    private readonly log: Logger,
    private readonly name: string,
    private readonly audit?: WebviewAudit,
  ) {
    this.ready = new Promise((resolve) => { this.readyResolve = resolve; });
    this.subscription = webview.onDidReceiveMessage((raw: unknown) => { void this.receive(raw); });
  }

  /** Handles one message as if the webview had sent it (also the entry point of the tests). */
  async receive(raw: unknown): Promise<void> {
    const message = this.parse(raw);
    if (!message) {
      const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type).slice(0, 40) : typeof raw;
      this.log.warn(`${this.name}: ignored a malformed or unknown message from the webview (${type})`);
      return;
    }
    if (message.type === 'ready') {
      this.log.info(`${this.name}: the webview is ready`);
      this.isReady = true;
      this.readyResolve();
    }
    try {
      await this.handle(message);
    } catch (err) {
      this.log.error(`${this.name}: handling "${message.type}" failed`, err);
    }
  }

  /** Posts once the webview is ready; false when it went away. */
  async post(message: Out): Promise<boolean> {
    this.posted.push(message);
    this.audit?.posted.push(JSON.stringify(message));
    if (this.posted.length > 200) this.posted.splice(0, this.posted.length - 200);
    if (!this.isReady) await this.ready;
    try {
      return await this.webview.postMessage(message);
    } catch {
      return false;
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
