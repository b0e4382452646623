// The Source Control Graph of a repository with an Azure Repos remote: author pictures from the organization and
// linked work items in the commit hover. Saves docs/images/graph.png. Runs after accounts.ui.ts, which signed in
// to the first organization (the UI tests share one workbench and stop at the first failure).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ui } from './context';
import { poll } from './driver';

/** git, asynchronously: the emulator answers from this same process, so a blocking call would wait forever. */
async function git(cwd: string, args: string[], token?: string): Promise<string> {
  const helper = path.join(os.tmpdir(), 'azdo-ui-credential-helper.sh');
  if (token !== undefined) fs.writeFileSync(helper, '#!/bin/sh\n[ "$1" = get ] || exit 0\necho username=pat\necho "password=$AZDO_UI_GIT_TOKEN"\n', { mode: 0o700 });
  const auth = token === undefined ? [] : ['-c', 'credential.helper=', '-c', `credential.helper=${helper}`];
  const { stdout } = await promisify(execFile)('git', [...auth, ...args], {
    cwd, encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...(token === undefined ? {} : { AZDO_UI_GIT_TOKEN: token }) },
  });
  return stdout;
}

describe('Source Control Graph (UI)', () => {
  it('shows author pictures from Azure DevOps and links work items in the commit hover', async () => {
    const { driver, emulator, imagesDir, workbench, workspaceFolder } = ui();
    const page = workbench.page;
    const organization = emulator.organizations[0];
    // The workspace repository becomes a clone of alpha/Web/web-app (commits by Alice and Bob) with one more commit.
    const url = `${emulator.url}/${organization}/Web/_git/web-app`;
    await git(workspaceFolder, ['remote', 'add', 'origin', url]);
    await git(workspaceFolder, ['fetch', '-q', 'origin'], emulator.pat);
    await git(workspaceFolder, ['reset', '-q', '--hard', 'origin/main']);
    await git(workspaceFolder, ['branch', '-q', '-u', 'origin/main']);
    fs.mkdirSync(path.join(workspaceFolder, 'src'), { recursive: true });
    fs.writeFileSync(path.join(workspaceFolder, 'src', 'greeting.ts'), 'export const greeting = (name: string): string => `Hello, ${name}!`;\n');
    await git(workspaceFolder, ['add', '-A']);
    await git(workspaceFolder, ['-c', 'user.name=Alice Example', '-c', 'user.email=alice@example.com', 'commit', '-q',
      '-m', 'Greet guests by name AB#42\n\nFollow-up to !7, see the design notes.']);

    await driver.clearNotifications();
    await page.keyboard.press('Control+Shift+G');
    const scm = page.locator('.part.sidebar [id="workbench.view.scm"]');
    await scm.waitFor({ state: 'visible' });
    const graph = scm.locator('.monaco-list[aria-label="Source Control History"]');
    const row = graph.locator('.monaco-list-row', { hasText: 'Greet guests by name' });
    await row.waitFor({ state: 'visible' });
    await graph.locator('.monaco-list-row', { hasText: 'Fix greeting' }).waitFor({ state: 'visible' });
    await row.hover();
    const hover = page.locator('.workbench-hover').filter({ hasText: 'Alice Example' }).first();
    await hover.waitFor({ state: 'visible' });
    const picture = hover.locator('img').first();
    await picture.waitFor({ state: 'attached' });
    await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0, await picture.elementHandle());
    // The picture is the file the extension wrote, served by the VS Code server (no token in the address).
    const src = await picture.getAttribute('src') ?? '';
    assert.match(src, /vscode-remote-resource\?path=.*%2Favatars%2F[0-9a-f]{40}\.png/);
    assert.ok(!src.includes(emulator.pat));
    assert.equal(await picture.getAttribute('alt'), 'Alice Example');
    const workItem = hover.locator('a', { hasText: 'AB#42' });
    assert.equal(await workItem.getAttribute('data-href'), `${emulator.url}/${organization}/Web/_workitems/edit/42`);
    const pullRequest = hover.locator('a', { hasText: '!7' });
    assert.equal(await pullRequest.getAttribute('data-href'), `${url}/pullrequest/7`);
    await page.screenshot({ path: path.join(imagesDir, 'graph.png'), animations: 'disabled', caret: 'hide' });

    // Bob's commit (published) gets Bob's picture: another file.
    await page.mouse.move(900, 650);
    await hover.waitFor({ state: 'hidden' });
    await graph.locator('.monaco-list-row', { hasText: 'Fix greeting' }).hover();
    const bobHover = page.locator('.workbench-hover').filter({ hasText: 'Bob Builder' }).first();
    await bobHover.waitFor({ state: 'visible' });
    const bobPicture = bobHover.locator('img').first();
    await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0, await bobPicture.elementHandle());
    assert.notEqual(await bobPicture.getAttribute('src'), src);
    await driver.calm();

    // "Add Remote" sits in the Source Control view's "…" menu and opens its picker.
    await scm.locator('.pane-header', { hasText: 'Changes' }).hover();
    await scm.locator('.pane-header', { hasText: 'Changes' }).locator('a.action-label[aria-label^="More Actions"]').click();
    const menuItem = page.locator('.monaco-menu .action-item', { hasText: /^Add Remote$/ });
    await menuItem.waitFor({ state: 'visible' });
    // A click that lands while the menu is still settling is dropped (the menu stays open): then choose it by keyboard.
    const pickerTitle = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Add Azure DevOps Remote' });
    await menuItem.click();
    if (!(await poll(() => pickerTitle.isVisible(), 5_000)) && await menuItem.isVisible()) {
      await menuItem.hover();
      await page.keyboard.press('Enter');
    }
    await pickerTitle.waitFor({ state: 'visible' });
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'web-app-fork' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await driver.quickInputClosed();
  });
});
