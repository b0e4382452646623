// Offline, as a user sees it: with every connection to the service dropped, a refresh keeps the organizations'
// last known content in the tree, marked offline; when the network returns, the tree recovers by itself.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ui } from './context';
import { poll } from './driver';
import { projectsOf } from './service';

const CONTAINER_TITLE = 'Azure DevOps';
const CONTAINER_ID = 'workbench.view.extension.azureDevOps';
const VIEW_NAME = 'Organizations';

describe('Offline (UI)', () => {
  it('marks the organizations offline with their last known content, then recovers without a click', async () => {
    const { driver, emulator, imagesDir, workbench } = ui();
    const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
    const tree = driver.tree(viewlet, VIEW_NAME);
    const [first] = emulator.organizations;
    const projects = await projectsOf(emulator, first);
    const signIn = viewlet.locator('.welcome-view-content').getByRole('button', { name: 'Sign In' });
    // Signed in by the files before, or not yet (this file alone): the welcome view or the tree, whichever shows.
    assert.ok(await poll(async () => await signIn.isVisible() || await driver.row(tree, first).isVisible(), 30_000), 'the view shows');
    if (await signIn.isVisible()) {
      await signIn.click();
      await driver.answerSignIn(first, emulator.pat);
    }
    await driver.expandUntil(driver.row(tree, first), driver.row(tree, projects[0]));
    await driver.runCommand('View: Close All Editors'); // the screenshot shows the view, not what earlier files opened

    const faultId = emulator.control.addFault({ fault: 'reset' }); // the network is gone
    try {
      const header = viewlet.locator('.pane-header', { hasText: VIEW_NAME });
      const refresh = header.locator('.actions a.action-label[aria-label="Refresh"]');
      const hits = (): number => emulator.control.listFaults().find((f) => f.id === faultId)?.hits ?? 0;
      for (let attempt = 1; ; attempt++) {
        await header.hover();
        await refresh.click();
        if (await poll(() => hits() > 0, 5_000)) break;
        assert.ok(attempt < 5, 'clicking Refresh did not make the extension ask the service again');
      }
      const offline = tree.locator('.monaco-list-row[role="treeitem"]', { hasText: /offline — showing last known content/ });
      await offline.first().waitFor({ state: 'visible', timeout: 30_000 });
      for (const project of projects) await driver.row(tree, project).first().waitFor({ state: 'visible' });
      await driver.clearNotifications();
      // The organization's tooltip says since when the content is shown and what happens next.
      await driver.calm();
      await offline.first().locator('.label-name').hover();
      const hover = workbench.page.locator('.workbench-hover', { hasText: /cannot be reached: showing what was loaded/ }).first();
      await hover.waitFor({ state: 'visible' });
      assert.match(await hover.innerText(), /tried again by itself \(next at .+\)/);
      await workbench.page.screenshot({ path: path.join(imagesDir, 'offline.png'), animations: 'disabled', caret: 'hide' });
    } finally {
      emulator.control.clearFaults();
    }
    // No click: the automatic retry finds the network back.
    const stillOffline = tree.locator('.monaco-list-row[role="treeitem"]', { hasText: /offline/ });
    assert.ok(await poll(async () => (await stillOffline.count()) === 0, 30_000), 'the tree recovered by itself');
    await driver.row(tree, projects[0]).first().waitFor({ state: 'visible' });
  });
});
