// Every webview of the extension (the create form, a pull request's details): a strict Content-Security-Policy with
// a nonce, no inline handlers, local resources only from the extension's webview folder, no remote content; messages
// that are unknown or malformed are ignored, and the log says so.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/testing';
import { cleanSlate, emulator, EXTENSION_ID, extensionApi, signIn, signOutEverywhere, testSeed, waitFor } from './support/env';
import { repositoryRow } from './support/git';
import { createPullRequest, headOf, pushBranch } from './support/rest';

interface Panel { panel: vscode.WebviewPanel; channel: { posted: unknown[]; receive(raw: unknown): Promise<void> } }

/** The newest log file of the extension's output channel. */
function logFile(): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/Azure DevOps\.log$/.test(entry.name)) files.push(full);
    }
  };
  walk(process.env.AZDO_USER_DATA_DIR ?? '');
  const newest = files.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  assert.ok(newest, 'the extension has a log file');
  return newest;
}

function checkPage(name: string, webview: vscode.Webview): void {
  const html = webview.html;
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp, `${name}: a Content-Security-Policy`);
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives.get('default-src'), ["'none'"], `${name}: default-src 'none'`);
  const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(directives.get('script-src')?.join(' ') ?? '')?.[1];
  assert.ok(nonce, `${name}: scripts only with a nonce (script-src ${directives.get('script-src')?.join(' ')})`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${name}: nothing unsafe`);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length > 0);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, new RegExp(`nonce="${nonce.replace(/[+/=]/g, (c) => `\\${c}`)}"`), `${name}: every script carries the nonce`);
    assert.equal(body.trim(), '', `${name}: no inline script`);
  }
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${name}: no inline event handlers`);
  const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
  const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  assert.deepEqual(webview.options.localResourceRoots?.map(String), [root.toString()], `${name}: local resources only from dist/webview`);
  assert.ok(!webview.options.enableCommandUris, `${name}: no command links`);
  const local = webview.asWebviewUri(root).toString();
  const body = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  const remote = [...body.matchAll(/(?:https?:)?\/\/[^\s"'<>)]+/g)].map((m) => m[0]).filter((u) => !u.startsWith(local));
  assert.deepEqual(remote, [], `${name}: no remote content`);
}

describe('Webviews: CSP, resources and messages', function () {
  this.timeout(120_000);
  let api: TestingApi;
  const org = 'alpha';

  before(async () => {
    api = await extensionApi();
    await cleanSlate(api);
    await signIn(api, org);
  });
  after(async () => {
    api.deps.pullRequests.create.current?.panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutEverywhere(api);
  });

  async function ignoresAndLogs(name: string, panel: Panel, label: string): Promise<void> {
    const before = panel.channel.posted.length;
    const bad: unknown[] = [{ type: 'definitelyUnknown' }, 'submit', null, 42, { type: 'vote', vote: 7 }, { type: 'openLink', url: 'javascript:alert(1)' }, { type: 'submit', form: { title: 3 } }];
    for (const message of bad) await panel.channel.receive(message);
    assert.equal(panel.channel.posted.length, before, `${name}: nothing answered the bad messages`);
    const file = logFile();
    await waitFor(() => fs.readFileSync(file, 'utf8').includes(`${label}: ignored a malformed or unknown message from the webview (definitelyUnknown)`), `${name}: the log line for the unknown message`);
    const text = fs.readFileSync(file, 'utf8');
    for (const kind of ['(string)', '(object)', '(number)', '(vote)', '(openLink)', '(submit)']) {
      assert.ok(text.includes(`${label}: ignored a malformed or unknown message from the webview ${kind}`), `${name}: logged ${kind}`);
    }
  }

  it('the create form: strict CSP with a nonce, no inline handlers, own media only; bad messages ignored and logged', async () => {
    const row = await repositoryRow(api, org, 'Web', 'web-app');
    const panel = await vscode.commands.executeCommand<Panel>('azureDevOps.createPullRequest', row.node);
    await waitFor(() => panel.channel.posted.some((m) => (m as { type: string }).type === 'init'), 'the create form to be ready', 60_000);
    checkPage('create form', panel.panel.webview);
    await ignoresAndLogs('create form', panel, 'Create pull request');
  });

  it('a pull request\'s details: the same rules; bad messages ignored and logged', async () => {
    const alice = emulator().pat;
    const branch = `webview-check-${Date.now().toString(36)}`;
    await pushBranch(alice, org, 'Web', 'web-app', branch, await headOf(alice, org, 'Web', 'web-app', 'main'), { [`${branch}.txt`]: 'x\n' }, 'Check the webview');
    const pr = await createPullRequest(testSeed().tokens['bob-global'].token, org, 'Web', 'web-app', { sourceRefName: `refs/heads/${branch}`, targetRefName: 'refs/heads/main', title: 'Webview <img src=x onerror=alert(1)>' });
    const repo = (await api.treeChildren((await api.treeChildren((await api.treeChildren())[0].node)).find((r) => r.label === 'Web')!.node)).find((r) => r.label === 'web-app')!;
    const info = (repo.node as unknown as { repository: { id: string; projectId: string } }).repository;
    const ref = { accountKey: `${emulator().url}/${org}`.toLowerCase(), projectId: info.projectId, repositoryId: info.id, id: pr.pullRequestId };
    const panel = await vscode.commands.executeCommand<Panel>('azureDevOps.openPullRequest', ref);
    await waitFor(() => panel.channel.posted.some((m) => (m as { type: string }).type === 'state'), 'the details page to be ready', 60_000);
    checkPage('details page', panel.panel.webview);
    await ignoresAndLogs('details page', panel, `Pull request ${pr.pullRequestId}`);
    const audit = api.deps.pullRequests.audit;
    assert.ok(audit?.pages.some((p) => p.name === `Pull request ${pr.pullRequestId}`) && audit.pages.some((p) => p.name === 'Create pull request'), 'the audit saw both pages');
  });
});
