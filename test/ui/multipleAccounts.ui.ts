// Accounts as a user sees them, in the real workbench (continues from accounts.ui.ts: alpha and beta are signed in
// with Alice's token): a second user's organization next to them, a token expiring soon in the status bar, the
// sign-in check report, and the "Azure DevOps" entries of VS Code's Accounts menu, whose "Sign Out" removes one
// organization. Saves docs/images/two-accounts.png, expiry.png, diagnosis.png and accounts-menu.png.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ui } from './context';

const CONTAINER_TITLE = 'Azure DevOps';
const CONTAINER_ID = 'workbench.view.extension.azureDevOps';
const VIEW_NAME = 'Organizations';
const STATUS_ITEM = 'azdo-vscode.azure-devops-vscode.azureDevOps.status';

/** A token of the test seed by name (the UI tests read the seed the emulator serves). */
function seedToken(name: string): string {
  const secret = ui().emulator.tokens[name];
  if (!secret) throw new Error(`the test seed has no token ${name}`);
  return secret;
}

/** Answers an open quick pick by typing `text` to filter it and pressing Enter. */
async function answerQuickPick(text: string): Promise<void> {
  const { driver } = ui();
  const input = driver.quickInput();
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(text);
  await driver.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await input.press('Enter');
}

async function signIn(organization: string, token: string, expiry: string): Promise<void> {
  const { driver } = ui();
  await driver.clearNotifications();
  await driver.runCommand('Azure DevOps: Sign In');
  await driver.answerInputBox('Sign In to Azure DevOps (1/2)', organization);
  await driver.answerInputBox(`Sign In to ${organization} (2/2)`, token, { password: true });
  await driver.page.locator('.quick-input-widget .quick-input-title', { hasText: `When does the token for ${organization} expire?` }).waitFor({ timeout: 30_000 });
  await answerQuickPick(expiry);
  await driver.notification(new RegExp(`Signed in to ${organization}`));
}

describe('Accounts (UI)', () => {
  it('a second user\'s organization next to Alice\'s: each row says which account it uses', async () => {
    const { driver, imagesDir } = ui();
    await driver.runCommand('Azure DevOps: Refresh'); // the fault of the previous scenario is gone
    await signIn('gamma', seedToken('gamma-only'), 'I don\'t know');
    const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
    // The Pull Requests view shares the container: collapsed, it leaves the organizations the whole height.
    await driver.collapsePane(viewlet, 'Pull Requests');
    const tree = driver.tree(viewlet, VIEW_NAME);
    for (const org of ['alpha', 'beta', 'gamma']) await driver.row(tree, org).waitFor({ state: 'visible' });
    // Earlier scenarios left organizations open (a failed refresh keeps its projects on screen): close them, so that
    // gamma's projects open within the view.
    const header = viewlet.locator('.pane-header', { hasText: VIEW_NAME });
    await header.hover();
    await header.locator('.actions a.action-label[aria-label^="Collapse All"]').click();
    const gamma = driver.row(tree, 'gamma');
    await gamma.locator('.label-description', { hasText: 'Bob Builder · token' }).waitFor();
    await driver.row(tree, 'alpha').locator('.label-description', { hasText: 'Alice Example · token' }).waitFor();
    await driver.expand(gamma);
    await driver.row(tree, 'Secret').waitFor({ state: 'visible', timeout: 30_000 });
    await driver.row(tree, /Could not load/).waitFor({ state: 'detached', timeout: 30_000 });
    await driver.clearNotifications();
    await driver.screenshot(path.join(imagesDir, 'two-accounts.png'));
  });

  it('a token that expires within seven days turns the status bar into a warning that offers a new token', async () => {
    const { driver, emulator, imagesDir, workbench } = ui();
    await driver.clearNotifications();
    await driver.runCommand('Azure DevOps: Enter New Token');
    await answerQuickPick('alpha');
    await driver.answerInputBox('New Token for alpha', emulator.pat, { password: true });
    await driver.page.locator('.quick-input-widget .quick-input-title', { hasText: 'When does the token for alpha expire?' }).waitFor({ timeout: 30_000 });
    await answerQuickPick('7 days');
    await driver.notification(/The new token for alpha is in use/);
    const status = driver.statusItem(STATUS_ITEM);
    await workbench.page.waitForFunction((id) => /expires on/.test(document.getElementById(id)?.getAttribute('aria-label') ?? ''), STATUS_ITEM);
    assert.match(await status.innerText(), /token expires in 7 days/);
    await driver.clearNotifications();
    await driver.calm();
    // The tooltip says which organization and when; a click replaces the token.
    await status.hover();
    await workbench.page.locator('.workbench-hover, .monaco-hover', { hasText: 'The token for alpha expires on' }).first().waitFor({ timeout: 15_000 });
    await workbench.page.screenshot({ path: path.join(imagesDir, 'expiry.png'), animations: 'disabled', caret: 'hide' });
    await driver.calm();
  });

  it('"Check Sign-in" reports every organization with the cause and the page that fixes it', async () => {
    const { driver, emulator, imagesDir } = ui();
    const secret = 'ui-delta-token-0123456789abcdefghijklmnopqrstuv';
    emulator.control.addToken('ui-delta', { token: secret, user: 'alice', organizations: ['delta'] });
    await signIn('delta', secret, 'I don\'t know');
    emulator.control.revokeToken('ui-delta'); // revoked in the browser, say
    await driver.clearNotifications();
    await driver.runCommand('Azure DevOps: Check Sign-in');
    const preview = driver.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await preview.locator('h1', { hasText: 'Azure DevOps sign-in check' }).waitFor({ timeout: 60_000 });
    await preview.locator('h2', { hasText: 'delta: Token expired or revoked' }).waitFor();
    await preview.locator('a', { hasText: 'Create a token for delta' }).first().waitFor();
    const href = await preview.locator('a', { hasText: 'Create a token for delta' }).first().getAttribute('href');
    assert.equal(href, `${emulator.url}/delta/_usersSettings/tokens`);
    await driver.clearNotifications();
    await driver.screenshot(path.join(imagesDir, 'diagnosis.png'));
  });

  it('the Accounts menu lists one "Azure DevOps" entry per token organization; "Sign Out" there removes that one', async () => {
    const { driver, imagesDir, workbench } = ui();
    const page = workbench.page;
    await page.keyboard.press('Escape');
    await page.locator('.part.activitybar a.action-label[aria-label^="Accounts"]').click();
    const entry = page.getByRole('menuitem', { name: /delta — alice@example\.com \(Azure DevOps\)/ });
    await entry.waitFor({ state: 'visible', timeout: 30_000 });
    for (const org of ['alpha', 'beta']) await page.getByRole('menuitem', { name: new RegExp(`${org} — alice@example\\.com \\(Azure DevOps\\)`) }).waitFor();
    await page.getByRole('menuitem', { name: /gamma — bob@example\.com \(Azure DevOps\)/ }).waitFor();
    await entry.hover();
    const signOut = page.getByRole('menuitem', { name: 'Sign Out' });
    await signOut.waitFor({ state: 'visible', timeout: 15_000 });
    await page.screenshot({ path: path.join(imagesDir, 'accounts-menu.png'), animations: 'disabled', caret: 'hide' });
    await signOut.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Sign Out', exact: true }).click();
    const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
    // The Pull Requests view shares the container: collapsed, it leaves the organizations the whole height.
    await driver.collapsePane(viewlet, 'Pull Requests');
    const tree = driver.tree(viewlet, VIEW_NAME);
    await driver.row(tree, 'delta').waitFor({ state: 'detached', timeout: 30_000 });
    for (const org of ['alpha', 'beta', 'gamma']) await driver.row(tree, org).waitFor({ state: 'visible' });
  });
});
