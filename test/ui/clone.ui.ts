// "Git: Clone" → "Clone from Azure DevOps" in the real workbench: the Azure DevOps source lists the emulator's
// repositories, searches as the user types, and clones with real git through the Git extension's own flow.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ui } from './context';
import { repositoriesOf } from './service';

describe('Clone from Azure DevOps (UI)', () => {
  it('"Git: Clone" offers Azure DevOps, lists and searches its repositories, and clones one', async () => {
    const { driver, emulator, imagesDir, workbench } = ui();
    const page = workbench.page;
    const organization = emulator.organizations[0];
    await driver.ready('Azure DevOps');
    await driver.clearNotifications();
    // Signed in (again) to the first organization, so the test also runs on its own.
    await driver.runCommand('Azure DevOps: Sign In');
    await driver.answerSignIn(organization, emulator.pat);
    await driver.notification(new RegExp(`Signed in to ${organization}`));
    await driver.clearNotifications();
    // Organizations that failed earlier (the previous UI test injects a fault) load again.
    await driver.runCommand('Azure DevOps: Refresh');

    await driver.runCommand('Git: Clone');
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await rows.filter({ hasText: 'Clone from Azure DevOps' }).first().click();
    const webApp = rows.filter({ hasText: 'web-app' }).filter({ hasText: `${organization} / Web` }).first();
    await webApp.waitFor({ state: 'visible', timeout: 30_000 });
    const listed = await rows.allInnerTexts();
    assert.ok(!listed.some((t) => /\blegacy\b/.test(t)), 'the disabled repository is not offered');
    const expected = (await repositoriesOf(emulator, organization, 'Web')).filter((r) => r !== 'legacy');
    for (const name of expected.slice(0, 3)) assert.ok(listed.some((t) => t.includes(name)), `${name} is listed (${listed.join(' | ')})`);
    await driver.screenshot(path.join(imagesDir, 'clone.png'));

    // Search as you type: only matching repositories remain.
    await driver.quickInput().fill(`${organization} tools`);
    await rows.filter({ hasText: 'scripts' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForFunction(() => ![...document.querySelectorAll('.quick-input-widget .monaco-list-row')].some((r) => r.textContent?.includes('web-app')));
    await driver.quickInput().fill('web-app');
    await webApp.waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForFunction(() => !document.querySelector('.quick-input-widget .progress-bit[style*="display: block"]'));
    await webApp.click();

    // The Git extension's folder dialog (VS Code's simple file dialog in the browser): type the folder, accept.
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'azdo-ui-clone-'));
    try {
      await page.locator('.quick-input-widget .quick-input-title', { hasText: /Choose a folder to clone/ }).waitFor({ state: 'visible', timeout: 30_000 });
      // The dialog lists a folder's contents once it has navigated there: a marker folder tells when it has.
      fs.mkdirSync(path.join(parent, 'marker-folder'));
      // It fills in its starting folder (the home folder) after opening: type only once it has.
      await page.waitForFunction(() => {
        const value = (document.querySelector('.quick-input-widget .quick-input-box input') as HTMLInputElement | null)?.value ?? '';
        return value.endsWith('/') && document.querySelectorAll('.quick-input-widget .monaco-list-row').length > 0;
      }, undefined, { timeout: 30_000 });
      await driver.quickInput().fill(`${parent}/`);
      await rows.filter({ hasText: 'marker-folder' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await driver.quickInput().inputValue(), `${parent}/`);
      await page.locator('.quick-input-widget .monaco-button', { hasText: /Select as Repository Destination/ }).click();
      // The clone runs with the token handed over by the credentials provider; then the Git extension asks what to do.
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible', timeout: 60_000 });
      assert.match(await dialog.innerText(), /Would you like to open the cloned repository/);
      await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
      assert.ok(fs.existsSync(path.join(parent, 'web-app', 'README.md')), 'web-app was cloned');
      const config = fs.readFileSync(path.join(parent, 'web-app', '.git', 'config'), 'utf8');
      assert.ok(config.includes(`${emulator.url}/${organization}/Web/_git/web-app`) && !config.includes(emulator.pat), 'origin is the plain URL, without the token');
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
