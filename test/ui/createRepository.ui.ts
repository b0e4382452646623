// "Azure DevOps: Create Repository" through the real quick picks and input boxes: the name checked as it is typed,
// GitHub's .gitignore templates searched by typing, a license, a README, then the new repository in the tree.
// Runs after accounts.ui.ts (signed in to two organizations). Saves docs/images/create-repository*.png.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ui } from './context';
import { repositoriesOf } from './service';

const CONTAINER_TITLE = 'Azure DevOps';
const CONTAINER_ID = 'workbench.view.extension.azureDevOps';
const VIEW_NAME = 'Organizations';
const PROJECT = 'Tools';

/** Waits for the quick pick whose placeholder contains `placeholder`, types `filter`, and clicks the item `label`. */
async function pickItem(placeholder: string, filter: string, label: string): Promise<void> {
  const { page } = ui().workbench;
  const input = page.locator(`.quick-input-widget .quick-input-box input[placeholder*="${placeholder}"]`);
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(filter);
  const row = page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[aria-label*="${label}"]`).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

/** Waits for the input box whose prompt contains `prompt`, types `value` (or keeps the proposed one) and presses Enter. */
async function answerBox(prompt: string, value?: string): Promise<void> {
  const { page } = ui().workbench;
  await page.locator('.quick-input-widget .quick-input-message', { hasText: prompt }).waitFor({ state: 'visible', timeout: 30_000 });
  const input = ui().driver.quickInput();
  if (value !== undefined) await input.fill(value);
  await input.press('Enter');
}

describe('Create Repository (UI)', () => {
  const name = 'hello-azure-repos';

  after(async () => {
    // Leave the seed as other UI files expect it.
    const { emulator } = ui();
    const auth = { Authorization: `Basic ${Buffer.from(`:${emulator.pat}`).toString('base64')}` };
    const org = emulator.organizations[0];
    const res = await fetch(`${emulator.url}/${org}/${PROJECT}/_apis/git/repositories/${name}?api-version=7.1`, { headers: auth });
    if (res.ok) {
      const { id } = (await res.json()) as { id: string };
      await fetch(`${emulator.url}/${org}/${PROJECT}/_apis/git/repositories/${id}?api-version=7.1`, { method: 'DELETE', headers: auth });
    }
  });

  it('creates a repository with a .gitignore, a license and a README through the real boxes; the tree shows it', async () => {
    const { driver, emulator, imagesDir, workbench } = ui();
    const { page } = workbench;
    const organization = emulator.organizations[0];
    const existing = await repositoriesOf(emulator, organization, PROJECT);
    assert.ok(existing.length > 0, `${organization}/${PROJECT} has a repository in the seed`);

    assert.ok(!existing.includes(name));
    const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
    const tree = driver.tree(viewlet, VIEW_NAME);
    // An organization left failing by an earlier test loads again.
    await driver.runCommand('Azure DevOps: Refresh');
    await driver.row(tree, /Could not (load|refresh)/).waitFor({ state: 'hidden', timeout: 30_000 });
    await driver.clearNotifications();
    await driver.runCommand('Azure DevOps: Create Repository');
    await pickItem('Create a repository in which organization?', organization, organization);
    await pickItem('Create the repository in which project', PROJECT, PROJECT);

    // The name is checked while it is typed: an existing name (in another case) is refused in the box.
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'Name of the new repository' }).waitFor({ state: 'visible' });
    await driver.quickInput().fill(existing[0]!.toUpperCase());
    await page.locator('.quick-input-widget .quick-input-message', { hasText: `already has a repository named "${existing[0]!.toUpperCase()}"` })
      .waitFor({ state: 'visible' });
    await driver.quickInput().fill('bad/name');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: 'must not contain "/"' }).waitFor({ state: 'visible' });
    await driver.quickInput().fill(name);
    await driver.quickInput().press('Enter');

    // GitHub's templates, searched by typing.
    const gitignore = page.locator('.quick-input-widget .quick-input-box input[placeholder*="Add a .gitignore?"]');
    await gitignore.waitFor({ state: 'visible' });
    await gitignore.fill('Visual');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="VisualStudioCode"]').waitFor({ state: 'visible' });
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="VisualStudio,"], .quick-input-widget .quick-input-list .monaco-list-row[aria-label="VisualStudio"]')
      .first().waitFor({ state: 'visible' });
    await driver.screenshot(path.join(imagesDir, 'create-repository.png'));
    await pickItem('Add a .gitignore?', 'Node', 'Node');

    await pickItem('Add a license?', 'MIT', 'MIT License');
    await answerBox('Copyright holder for the MIT notice');
    await pickItem('Add a README?', '', 'Add a README.md');
    await answerBox('Default branch');

    await driver.notification(`Created the repository ${name} in ${PROJECT} with README.md, .gitignore and LICENSE on main.`);
    assert.ok((await repositoriesOf(emulator, organization, PROJECT)).includes(name), 'the service lists the new repository');
    const orgRow = driver.row(tree, organization);
    await driver.expand(orgRow);
    await driver.expand(driver.row(tree, PROJECT));
    const repoRow = driver.row(tree, name);
    await repoRow.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await repoRow.innerText(), /main/);
    await driver.screenshot(path.join(imagesDir, 'create-repository-done.png'));
    await driver.clearNotifications();
  });
});
