// Pull requests as a user sees them in the real workbench: the create form filled through the real webview
// (reviewer search, required, work item, label; a failure that keeps the form), the Pull Requests view and the
// details page (its files loading after the rest, then whole) with a vote. Saves docs/images/pr-create.png,
// pr-list.png and pr-details.png.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { ui } from './context';
import { poll } from './driver';

const ORG = 'alpha';
const PROJECT = 'Web';
const REPO = 'web-app';
const CONTAINER_TITLE = 'Azure DevOps';
const CONTAINER_ID = 'workbench.view.extension.azureDevOps';

interface Pr { pullRequestId: number; title: string; description: string; isDraft: boolean; reviewers: { displayName: string; vote: number; isRequired?: boolean; id: string }[]; workItemRefs?: { id: string }[]; labels?: { name: string }[] }

async function rest<T>(method: string, route: string, token: string, body?: unknown): Promise<T> {
  const { emulator } = ui();
  const res = await fetch(`${emulator.url}/${route}`, {
    method, headers: { authorization: `Basic ${Buffer.from(`:${token}`).toString('base64')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const repoApi = `${ORG}/${PROJECT}/_apis/git/repositories/${REPO}`;

/**
 * The workspace folder becomes a clone of web-app with a pushed topic branch (token only in the environment). git
 * runs asynchronously: the emulator answers from this very process.
 */
async function prepareWorkspace(): Promise<void> {
  const { emulator, workspaceFolder } = ui();
  const helperDir = fs.mkdtempSync(path.join(os.tmpdir(), 'azdo-ui-git-'));
  const helper = path.join(helperDir, 'credential-helper.sh');
  fs.writeFileSync(helper, '#!/bin/sh\n[ "$1" = get ] || exit 0\necho username=emulator-user\necho "password=$AZDO_EMULATOR_TOKEN"\n', { mode: 0o700 });
  const git = (...args: string[]): Promise<string> => new Promise((resolve, reject) => execFile('git', ['-c', `credential.helper=${helper}`, ...args], {
    cwd: workspaceFolder, encoding: 'utf8', env: { ...process.env, AZDO_EMULATOR_TOKEN: emulator.pat, GIT_TERMINAL_PROMPT: '0' },
  }, (err, stdout, stderr) => (err ? reject(new Error(`git ${args[0]}: ${stderr}`)) : resolve(stdout))));
  // An earlier UI file (the graph) may have made the workspace a clone of the same repository already.
  const remotes = (await git('remote')).split('\n');
  await git('remote', remotes.includes('origin') ? 'set-url' : 'add', 'origin', `${emulator.url}/${ORG}/${PROJECT}/_git/${REPO}`);
  await git('fetch', '-q', 'origin');
  await git('checkout', '-q', '-B', 'feature/ui-form', 'origin/main');
  fs.writeFileSync(path.join(workspaceFolder, 'form.md'), '# The form\n');
  await git('add', 'form.md');
  await git('commit', '-q', '-m', 'Add the UI form\n\nA form for pull requests.');
  await git('push', '-q', '-u', 'origin', 'feature/ui-form');
}

async function identity(query: string): Promise<string> {
  const { emulator } = ui();
  const res = await rest<{ results: { identities: { localId: string }[] }[] }>('POST', `${ORG}/_apis/IdentityPicker/Identities`, emulator.pat, { query, identityTypes: ['user', 'group'] });
  return res.results[0].identities[0].localId;
}

async function signedInTo(organization: string): Promise<void> {
  const { driver } = ui();
  const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
  if (await driver.row(driver.tree(viewlet, 'Organizations'), organization).isVisible()) return;
  await driver.runCommand('Azure DevOps: Sign In');
  await driver.answerSignIn(organization, ui().emulator.pat);
}

async function typeInto(frame: Frame, selector: string, text: string): Promise<void> {
  const input = frame.locator(`${selector} input, ${selector} textarea`).first();
  await input.click();
  await input.fill(text);
}

describe('Pull requests (UI)', () => {
  let created: number;

  before(async () => {
    const { emulator } = ui();
    await emulator.control.reset();
    await prepareWorkspace();
    const main = (await rest<{ value: { objectId: string }[] }>('GET', `${repoApi}/refs?filter=heads/main`, emulator.pat)).value[0].objectId;
    await rest('POST', `${repoApi}/pushes`, emulator.pat, {
      refUpdates: [{ name: 'refs/heads/fix/login', oldObjectId: '0000000000000000000000000000000000000000' }],
      commits: [{ comment: 'Fix the login page', parents: [main], changes: [{ changeType: 'edit', item: { path: '/README.md' }, newContent: { content: '# web-app\n\nLogin works.\n', contentType: 'rawtext' } }] }],
    });
    await rest('POST', `${repoApi}/pullrequests`, emulator.tokens['bob-global'], {
      sourceRefName: 'refs/heads/fix/login', targetRefName: 'refs/heads/main', title: 'Fix the login page',
      description: 'The login page showed a **blank screen**.\n\n- Loads the form again\n- Adds a test', workItemRefs: [{ id: '101' }],
      reviewers: [{ id: await identity('alice'), isRequired: true }, { id: await identity('web team') }, { id: await identity('carol') }],
    });
    await rest('POST', `${repoApi}/pullRequests/1/statuses`, emulator.pat, { state: 'succeeded', description: 'Build 42 passed', context: { name: 'build', genre: 'ci' } });
    await rest('PUT', `${repoApi}/pullRequests/1/reviewers/${await identity('bob')}`, emulator.tokens['bob-global'], { vote: 10 }).catch(() => undefined);
    await signedInTo(ORG);
    // The Git extension notices the new remote on its own schedule: the Pull Requests view shows the repository's
    // categories once it has (a refresh asks again).
    const { driver } = ui();
    const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
    // Earlier scenarios collapse the Pull Requests view to give the organizations the whole height.
    await driver.collapsePane(viewlet, 'Organizations');
    await driver.expandPane(viewlet, 'Pull Requests');
    const header = viewlet.locator('.pane-header', { hasText: 'Pull Requests' });
    const categories = driver.row(driver.tree(viewlet, 'Pull Requests'), 'Created by me');
    const found = await poll(async () => {
      if (await categories.isVisible()) return true;
      await header.hover();
      await header.locator('.actions a.action-label[aria-label="Refresh Pull Requests"]').click({ timeout: 2_000 }).catch(() => undefined);
      return categories.isVisible();
    }, 60_000);
    if (!found) await driver.screenshot(path.join(ui().imagesDir, '..', '..', 'test-results', 'ui', 'pull-requests-before-all.png'));
    assert.ok(found, 'the Pull Requests view found the workspace repository');
  });

  it('creates a pull request through the form: reviewer search, required, work item, label; a failure keeps the form', async () => {
    const { driver, emulator, imagesDir, workbench } = ui();
    await driver.clearNotifications();
    await driver.runCommand('Azure DevOps: Create Pull Request…');
    const frame = await driver.webviewFrame('Create Pull Request', 60_000);
    const title = frame.locator('#title input');
    await poll(async () => (await title.inputValue().catch(() => '')) === 'Add the UI form', 30_000);
    assert.equal(await title.inputValue(), 'Add the UI form', 'the title comes from the only commit');
    assert.equal(await frame.locator('#description textarea').inputValue(), 'A form for pull requests.');

    await typeInto(frame, '#title', 'Add the pull request form');
    await typeInto(frame, '#description', 'Lets you create pull requests **without the browser**.');
    await typeInto(frame, '#reviewer-search', 'bo');
    await frame.getByRole('option', { name: /Bob Builder/ }).click();
    await frame.locator('.chip.reviewer', { hasText: 'Bob Builder' }).locator('vscode-checkbox').click();
    await typeInto(frame, '#reviewer-search', 'web');
    await frame.getByRole('option', { name: /Web Team/ }).click();
    await typeInto(frame, '#workitem-search', 'blank');
    await frame.getByRole('option', { name: /Bug 101/ }).click();
    await typeInto(frame, '#label-input', 'ui');
    await frame.locator('#label-input input').press('Enter');
    await frame.locator('.chip.label', { hasText: 'ui' }).waitFor();
    await driver.screenshot(path.join(imagesDir, 'pr-create.png'));

    const fault = emulator.control.addFault({ method: 'POST', pathRegex: '/pull[Rr]equests$', fault: 'status', status: 500 });
    await frame.locator('#submit').click();
    await frame.locator('.banner.error', { hasText: /server error 500/ }).waitFor();
    // Its next step is a button (the Create button itself tries again).
    await frame.locator('.banner.error #step-showLog').waitFor();
    assert.equal(await frame.locator('.banner.error #step-retry').count(), 0);
    emulator.control.removeFault(fault);
    assert.equal(await title.inputValue(), 'Add the pull request form', 'the title stays as typed');
    assert.equal(await frame.locator('.chip.reviewer').count(), 2, 'the reviewers stay');
    assert.equal(await frame.locator('.chip.workitem').count(), 1, 'the work item stays');

    await frame.locator('#submit').click();
    const banner = frame.locator('.banner.info', { hasText: /Created pull request/ });
    await banner.waitFor();
    created = Number(/Created pull request (\d+)/.exec(await banner.innerText())?.[1]);
    const pr = await rest<Pr>('GET', `${repoApi}/pullrequests/${created}?includeWorkItemRefs=true`, emulator.pat);
    assert.equal(pr.title, 'Add the pull request form');
    assert.equal(pr.description, 'Lets you create pull requests **without the browser**.');
    assert.deepEqual(pr.reviewers.map((r) => [r.displayName, r.isRequired === true]), [['Bob Builder', true], ['[Web]\\Web Team', false]]);
    assert.deepEqual(pr.workItemRefs?.map((w) => w.id), ['101']);
    assert.deepEqual(pr.labels?.map((l) => l.name), ['ui']);
    void workbench;
  });

  it('lists pull requests in the Pull Requests view: created by me, assigned to me, all active', async () => {
    const { driver, imagesDir, workbench } = ui();
    await workbench.page.keyboard.press('Control+K');
    await workbench.page.keyboard.press('W');
    const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
    await driver.collapsePane(viewlet, 'Organizations');
    await driver.expandPane(viewlet, 'Pull Requests');
    const tree = driver.tree(viewlet, 'Pull Requests');
    const header = viewlet.locator('.pane-header', { hasText: 'Pull Requests' });
    await header.hover();
    await header.locator('.actions a.action-label[aria-label="Refresh Pull Requests"]').click();
    await driver.row(tree, 'Created by me').waitFor();
    await driver.row(tree, 'Add the pull request form').waitFor();
    await driver.row(tree, 'Fix the login page').waitFor();
    await driver.expandUntil(driver.row(tree, 'All active'), driver.row(tree, 'All active').locator('xpath=following-sibling::*[1]'));
    const rows = await driver.rows(tree);
    assert.deepEqual(rows.filter((r) => r.level === 1).map((r) => r.label), ['Created by me', 'Assigned to me', 'All active']);
    assert.deepEqual(rows.filter((r) => r.level === 2).map((r) => r.label), ['Add the pull request form', 'Fix the login page', 'Add the pull request form', 'Fix the login page']);
    // A wider sidebar shows the markers (number, votes, branches) next to each title.
    const box = await viewlet.boundingBox();
    if (box) {
      await workbench.page.mouse.move(box.x + box.width + 1, box.y + 200);
      await workbench.page.mouse.down();
      await workbench.page.mouse.move(box.x + box.width + 260, box.y + 200, { steps: 5 });
      await workbench.page.mouse.up();
    }
    await driver.screenshot(path.join(imagesDir, 'pr-list.png'));
  });

  it('shows the details and votes from the page', async () => {
    const { driver, emulator, imagesDir, workbench } = ui();
    const viewlet = await driver.openViewContainer(CONTAINER_TITLE, CONTAINER_ID);
    // The changed files wait until the page has shown the rest.
    const slowChanges = emulator.control.addFault({ pathRegex: '/iterations/\\d+/changes$', fault: 'hold', times: 1 });
    await driver.row(driver.tree(viewlet, 'Pull Requests'), 'Fix the login page').click();
    const frame = await driver.webviewFrame(/^Pull Request 1$/, 60_000);
    await frame.locator('h1', { hasText: 'Fix the login page' }).waitFor();
    const files = frame.locator('section[aria-labelledby="files-title"]');
    await frame.locator('section[aria-labelledby="files-title"][aria-busy="true"] vscode-progress-ring').waitFor();
    assert.equal(await files.locator('h2').innerText(), 'Files changed', 'no count while the files load');
    await frame.locator('[data-reviewer]', { hasText: 'Bob Builder' }).waitFor();
    await files.scrollIntoViewIfNeeded();
    await driver.screenshot(path.join(imagesDir, '..', '..', 'test-results', 'ui', 'pr-details-loading.png'));
    emulator.control.removeFault(slowChanges);
    await files.locator('[data-path]').first().waitFor({ timeout: 30_000 });
    assert.match(await files.locator('h2').innerText(), /^Files changed \(\d+\)$/);
    await frame.locator('h1').scrollIntoViewIfNeeded();
    await frame.locator('.markdown strong', { hasText: 'blank screen' }).waitFor();
    await driver.calm();
    await driver.screenshot(path.join(imagesDir, 'pr-details.png'));
    await frame.locator('vscode-button', { hasText: 'Approve' }).first().click();
    const alice = await identity('alice');
    assert.ok(await poll(async () => (await rest<Pr>('GET', `${repoApi}/pullrequests/1`, emulator.pat)).reviewers.find((r) => r.id === alice)?.vote === 10, 20_000), 'the vote reached the service');
    await frame.locator('[data-reviewer]', { hasText: /Alice Example.*Approved/ }).waitFor();

    // Choices made in the completion section outlive the page's updates (here a vote, its busy state and the new
    // details), and the button the user pressed keeps the keyboard focus; "Set Auto-Complete" sends those choices.
    const complete = frame.locator('section[aria-labelledby="complete-title"]');
    await frame.locator('#app[aria-busy="false"]').waitFor();
    // The section is made anew by each render; the control in it is the same element throughout.
    await frame.locator('#merge-strategy').scrollIntoViewIfNeeded();
    await frame.locator('#merge-strategy').click();
    await frame.locator('#merge-strategy [role="option"]', { hasText: 'Squash commit' }).click();
    const deleteBranch = complete.locator('vscode-checkbox').first();
    await deleteBranch.click();
    const checked = (locator: typeof deleteBranch) => locator.evaluate((el) => (el as HTMLElement & { checked: boolean }).checked);
    assert.equal(await checked(deleteBranch), true);
    await frame.locator('vscode-button', { hasText: 'Wait for author' }).click();
    assert.ok(await poll(async () => (await rest<Pr>('GET', `${repoApi}/pullrequests/1`, emulator.pat)).reviewers.find((r) => r.id === alice)?.vote === -5, 20_000), 'the second vote reached the service');
    await frame.locator('[data-reviewer]', { hasText: /Alice Example.*Waiting for author/ }).waitFor();
    await frame.locator('#app[aria-busy="false"]').waitFor();
    assert.equal(await frame.locator('#merge-strategy').evaluate((el) => (el as HTMLElement & { value: string }).value), 'squash', 'the merge type chosen is still chosen');
    assert.equal(await checked(deleteBranch), true, 'the box ticked is still ticked');
    assert.equal(await frame.locator(':focus').innerText(), 'Wait for author', 'the pressed button keeps the focus');
    await driver.screenshot(path.join(imagesDir, '..', '..', 'test-results', 'ui', 'pr-details-choices.png'));
    await complete.locator('vscode-button', { hasText: 'Set Auto-Complete' }).click();
    assert.ok(await poll(async () => {
      const pr = await rest<Pr & { completionOptions?: { mergeStrategy?: string; deleteSourceBranch?: boolean } }>('GET', `${repoApi}/pullrequests/1`, emulator.pat);
      return pr.completionOptions?.mergeStrategy === 'squash' && pr.completionOptions.deleteSourceBranch === true;
    }, 20_000), 'auto-complete was set with the choices made before the update');

    // Typed key by key, with search results coming in between (each a new render): every key lands in the box.
    const reviewerSearch = frame.locator('section[aria-labelledby="reviewers-title"] vscode-textfield');
    await reviewerSearch.locator('input').click();
    await reviewerSearch.locator('input').pressSequentially('carol', { delay: 400 });
    await frame.locator('[role="option"][data-identity]', { hasText: 'Carol Contoso' }).waitFor();
    assert.equal(await reviewerSearch.evaluate((el) => (el as HTMLElement & { value: string }).value), 'carol');

    // A failure shows its next steps as buttons; "Try Again" loads the page again once the service is back.
    const fault = emulator.control.addFault({ organization: ORG, fault: 'status', status: 503 });
    try {
      await frame.locator('vscode-button', { hasText: 'Refresh' }).first().click();
      const banner = frame.locator('.banner.error', { hasText: /server error 503/ });
      await banner.waitFor();
      await banner.locator('#step-showLog').waitFor();
      await driver.screenshot(path.join(imagesDir, '..', '..', 'test-results', 'ui', 'pr-details-error.png'));
      emulator.control.removeFault(fault);
      await banner.locator('#step-retry').click();
      await banner.waitFor({ state: 'detached' });
      await frame.locator('h1', { hasText: 'Fix the login page' }).waitFor();
    } finally {
      emulator.control.clearFaults();
    }
    void workbench;
  });
});
