// The Azure DevOps view as a user sees it, driven through the real workbench: signed out, signing in through
// the real input boxes, the organization tree, and one failing organization. Saves the docs screenshots.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ui } from './context';
import { poll } from './driver';
import { projectsOf, repositoriesOf } from './service';

const CONTAINER_TITLE = 'Azure DevOps';
const CONTAINER_ID = 'workbench.view.extension.azureDevOps';
const VIEW_NAME = 'Organizations';
const STATUS_ITEM = 'azdo-vscode.azure-devops-vscode.azureDevOps.status';

describe('Azure DevOps view (UI)', () => {
  it('signed out: the activity bar opens the welcome view with a "Sign In" button', async () => {
    const { driver, imagesDir } = ui();
    await driver.ready(CONTAINER_TITLE);
    const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
    // The welcome view says "Loading…" until the extension has set azureDevOps.state.
    const welcome = viewlet.locator('.welcome-view-content', { hasText: 'Sign in to an Azure DevOps organization' });
    await welcome.waitFor({ state: 'visible' });
    await welcome.getByRole('button', { name: 'Sign In' }).waitFor({ state: 'visible' });
    const status = driver.statusItem(STATUS_ITEM);
    await status.waitFor({ state: 'visible' });
    assert.match(await status.getAttribute('aria-label') ?? '', /not signed in/i);
    assert.match(await status.innerText(), /Sign in to Azure DevOps/);
    await driver.screenshot(path.join(imagesDir, 'signed-out.png'));
  });

  it('signs in through the real input boxes; the tree lists projects and repositories', async () => {
    const { driver, emulator, imagesDir, workbench } = ui();
    const organization = emulator.organizations[0];
    const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
    await viewlet.locator('.welcome-view-content').getByRole('button', { name: 'Sign In' }).click();
    await driver.answerSignIn(organization, emulator.pat);
    await driver.notification(new RegExp(`Signed in to ${organization}`));

    const tree = driver.tree(viewlet, VIEW_NAME);
    const orgRow = driver.row(tree, organization);
    await orgRow.waitFor({ state: 'visible' });
    const projects = await projectsOf(emulator, organization);
    assert.ok(projects.length > 0, `${organization} has projects in the seed`);
    // A single organization opens expanded; expandUntil() confirms it (and expands it if it did not).
    await driver.expandUntil(orgRow, driver.row(tree, projects[0]));
    for (const project of projects) await driver.row(tree, project).waitFor({ state: 'visible' });

    const project = projects[0];
    const repositories = await repositoriesOf(emulator, organization, project);
    assert.ok(repositories.length > 0, `${organization}/${project} has repositories in the seed`);
    await driver.expandUntil(driver.row(tree, project), driver.row(tree, repositories[0]));
    for (const repository of repositories) await driver.row(tree, repository).waitFor({ state: 'visible' });

    const rows = await driver.rows(tree);
    assert.deepEqual(rows.filter((r) => r.level === 1).map((r) => r.label), [organization]);
    assert.deepEqual(rows.filter((r) => r.level === 2).map((r) => r.label).sort((a, b) => a.localeCompare(b)), projects);

    const status = driver.statusItem(STATUS_ITEM);
    await workbench.page.waitForFunction(([id, org]) =>
      document.getElementById(id)?.getAttribute('aria-label')?.includes(`signed in to ${org}`) === true,
    [STATUS_ITEM, organization]);
    assert.match(await status.innerText(), new RegExp(organization));
    await driver.screenshot(path.join(imagesDir, 'tree.png'));
  });

  it('a failing organization shows an error node (above what it showed before) while the others still show', async () => {
    const { driver, emulator, imagesDir, workbench } = ui();
    assert.ok(emulator.organizations.length >= 2, 'the test seed needs two organizations');
    const [first, second] = emulator.organizations;
    await driver.clearNotifications();
    await driver.runCommand('Azure DevOps: Sign In');
    await driver.answerSignIn(second, emulator.pat);
    await driver.notification(new RegExp(`Signed in to ${second}`));

    const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
    const tree = driver.tree(viewlet, VIEW_NAME);
    // Let the second organization finish loading first, so the fault below meets the refresh, not this load.
    const secondProjects = await projectsOf(emulator, second);
    await driver.expandUntil(driver.row(tree, second), driver.row(tree, secondProjects[0]));
    // The service now fails every request for the second organization.
    const faultId = emulator.control.addFault({ organization: second, fault: 'status', status: 500 });
    try {
      // Refresh from the view's title bar, until the service has seen the refreshed requests (a click that
      // lands while the toolbar re-renders does nothing).
      // With several views in the container, each view's actions sit in its own header (shown on hover).
      const header = viewlet.locator('.pane-header', { hasText: VIEW_NAME });
      const refresh = header.locator('.actions a.action-label[aria-label="Refresh"]');
      const faultHits = (): number => emulator.control.listFaults().find((f) => f.id === faultId)?.hits ?? 0;
      for (let attempt = 1; ; attempt++) {
        await header.hover();
        await refresh.click();
        if (await poll(() => faultHits() > 0, 5_000)) break;
        assert.ok(attempt < 5, 'clicking Refresh did not make the extension ask the service again');
      }
      // A failed refresh keeps what was loaded, below the error.
      const errorRow = driver.row(tree, /Could not refresh/);
      await driver.expandUntil(driver.row(tree, second), errorRow);
      assert.match(await errorRow.innerText(), /server error 500/);
      await driver.row(tree, secondProjects[0]).waitFor({ state: 'visible' });

      const projects = await projectsOf(emulator, first);
      await driver.expandUntil(driver.row(tree, first), driver.row(tree, projects[0]));
      for (const project of projects) await driver.row(tree, project).waitFor({ state: 'visible' });
      const status = driver.statusItem(STATUS_ITEM);
      await workbench.page.waitForFunction((id) => /signed in to/.test(document.getElementById(id)?.getAttribute('aria-label') ?? ''), STATUS_ITEM);
      await driver.clearNotifications();
      assert.match(await status.innerText(), /2 organizations/);
      await driver.screenshot(path.join(imagesDir, 'error.png'));
    } finally {
      emulator.control.clearFaults();
    }
  });
});
