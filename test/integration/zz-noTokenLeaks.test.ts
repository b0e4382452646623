// Runs last (files run in name order): after everything else in the integration run, no token used in the run may
// appear in the extension's log, VS Code's settings, state and extension storage, the workspace and any clone under
// the scratch folder (.git/config included), the arguments of any git process the run started, or any webview's
// page or message.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { emulator, extensionApi, testSeed } from './support/env';

/** Every form in which a token could leak: as is, URL-encoded, and inside Basic credentials. */
function needles(): { label: string; bytes: Buffer }[] {
  const secrets = new Set<string>([emulator().pat, ...Object.values(testSeed().tokens).map((t) => t.token)]);
  const out: { label: string; bytes: Buffer }[] = [];
  for (const secret of secrets) {
    const forms = [secret, encodeURIComponent(secret), ...['', 'PAT', 'pat', 'x'].map((u) => Buffer.from(`${u}:${secret}`).toString('base64'))];
    for (const form of new Set(forms)) out.push({ label: `${secret.slice(0, 4)}… (${form === secret ? 'plain' : 'encoded'})`, bytes: Buffer.from(form) });
  }
  return out;
}

function walk(dir: string, files: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return files;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, files);
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

describe('No token leaks (after the whole run)', function () {
  this.timeout(120_000);

  it('no token in logs, settings, state, storage, workspace, clones or git command lines', async () => {
    await new Promise((r) => setTimeout(r, 1500)); // let log channels flush to disk
    const userData = process.env.AZDO_USER_DATA_DIR;
    const scratch = process.env.AZDO_TEST_SCRATCH;
    const gitArgs = process.env.AZDO_GIT_ARGS_LOG;
    assert.ok(userData && scratch && gitArgs, 'the runner must pass AZDO_USER_DATA_DIR, AZDO_TEST_SCRATCH and AZDO_GIT_ARGS_LOG');
    const roots = [userData, scratch, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
    const files = [...roots.flatMap((r) => walk(r)), gitArgs];

    // The scan must not be vacuous: the extension's log and the git argument log have content from this run.
    const ourLog = files.find((f) => /Azure DevOps\.log$/.test(f));
    assert.ok(ourLog, `the extension's log file was not found among ${files.length} files`);
    assert.match(fs.readFileSync(ourLog, 'utf8'), /Signed in to /, 'the extension log should show the run\'s sign-ins');
    assert.ok(fs.statSync(gitArgs).size > 0, 'git ran during the run, so its arguments were recorded');

    const patterns = needles();
    const leaks: string[] = [];
    for (const file of files) {
      let content: Buffer;
      try {
        if (fs.statSync(file).size > 50 * 1024 * 1024) continue;
        content = fs.readFileSync(file);
      } catch {
        continue;
      }
      for (const { label, bytes } of patterns) {
        if (content.includes(bytes)) leaks.push(`${path.relative('/', file)}: ${label}`);
      }
    }
    // Every page the extension gave a webview, and every message it posted to one.
    const audit = (await extensionApi()).deps.pullRequests.audit;
    assert.ok(audit && audit.pages.length > 0 && audit.posted.length > 0, 'the run opened webviews, so their pages and messages were recorded');
    const webviewTexts = [...audit.pages.map((p, i) => ({ where: `webview page ${i} (${p.name})`, text: p.html })), ...audit.posted.map((m, i) => ({ where: `webview message ${i}`, text: m }))];
    for (const { where, text } of webviewTexts) {
      const content = Buffer.from(text);
      for (const { label, bytes } of patterns) if (content.includes(bytes)) leaks.push(`${where}: ${label}`);
    }
    console.log(`    scanned ${files.length} files (${roots.length} folders + git command lines), ${audit.pages.length} webview pages and ${audit.posted.length} webview messages for ${patterns.length} token forms`);
    assert.deepEqual(leaks, [], `tokens found:\n${leaks.join('\n')}`);
  });
});
