// Playwright helpers for the VS Code 1.100 workbench DOM: activity bar, views, quick input, tree, status bar.
// Selectors lean on aria labels and roles; every step waits for a condition instead of sleeping.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

const STEP_TIMEOUT = 30_000;

/** Checks `condition` every 100 ms until it holds (true) or `timeoutMs` passes (false). */
export async function poll(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface TreeRowInfo {
  label: string;
  level: number;
  expanded: boolean | undefined;
}

export class WorkbenchDriver {
  constructor(readonly page: Page) {}

  /** Waits until the workbench has restored and extensions are registered (the activity bar shows `title`). */
  async ready(viewContainerTitle: string): Promise<void> {
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
    await this.activityTab(viewContainerTitle).waitFor({ timeout: 60_000 });
  }

  activityTab(title: string): Locator {
    return this.page.locator(`.part.activitybar li[role="tab"]:has(a.action-label[aria-label^="${title}"])`);
  }

  /** Clicks the view container in the activity bar (unless it is already open) and waits for its sidebar. */
  async openViewContainer(title: string, containerId: string): Promise<Locator> {
    const tab = this.activityTab(title);
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    const viewlet = this.page.locator(`.part.sidebar [id="${containerId}"]`);
    await viewlet.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    return viewlet;
  }

  /** Collapses a view's pane (when it is expanded), so the other views of the container get its height. */
  async collapsePane(scope: Locator, viewName: string): Promise<void> {
    const header = scope.locator('.pane-header', { hasText: viewName }).first();
    if ((await header.count()) === 0) return;
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }

  /** Expands a view's pane (when it is collapsed, e.g. by an earlier scenario). */
  async expandPane(scope: Locator, viewName: string): Promise<void> {
    const header = scope.locator('.pane-header', { hasText: viewName }).first();
    await header.waitFor({ state: 'visible' });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  }

  /** The tree of a view (role=tree, labelled with the view's name) inside `scope`. */
  tree(scope: Locator, viewName: string): Locator {
    return scope.locator(`.monaco-list[role="tree"][aria-label="${viewName}"]`);
  }

  /** The first tree row whose label is `label` (exactly, for a string) or matches the pattern. */
  row(tree: Locator, label: string | RegExp): Locator {
    const text = typeof label === 'string' ? new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) : label;
    return tree.locator('.monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name', { hasText: text }) }).first();
  }

  async rows(tree: Locator): Promise<TreeRowInfo[]> {
    return tree.locator('.monaco-list-row[role="treeitem"]').evaluateAll((els) => els.map((el) => ({
      label: (el.querySelector('.label-name')?.textContent ?? el.getAttribute('aria-label') ?? '').trim(),
      level: Number(el.getAttribute('aria-level') ?? '0'),
      expanded: el.hasAttribute('aria-expanded') ? el.getAttribute('aria-expanded') === 'true' : undefined,
    })));
  }

  /**
   * Expands a tree row (clicking its twistie) and waits until it reports expanded. Tree rows re-render when
   * data arrives, so the row is re-located on every check, and the click is repeated if it hit a stale row.
   * A refresh of the whole tree that was already under way when the twistie was clicked can land afterwards and
   * render the row collapsed again, so the row must still be expanded once the tree has settled (no collapse
   * within a short window), or it is expanded again.
   */
  async expand(row: Locator): Promise<void> {
    await row.waitFor({ timeout: STEP_TIMEOUT });
    const expanded = row.and(this.page.locator('[aria-expanded="true"]'));
    const collapsed = row.and(this.page.locator('[aria-expanded="false"]'));
    const deadline = Date.now() + STEP_TIMEOUT;
    for (;;) {
      while (!(await expanded.isVisible())) {
        if (Date.now() > deadline) throw new Error(`tree row ${row} did not expand within ${STEP_TIMEOUT / 1000} s`);
        if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
        await expanded.waitFor({ timeout: 5_000 }).catch(() => undefined);
      }
      const collapsedAgain = await collapsed.waitFor({ timeout: 750 }).then(() => true, () => false);
      if (!collapsedAgain) return;
    }
  }

  /**
   * Expands `row` until `child` shows. A refresh re-creates the rows and may collapse them again while data
   * arrives, so expanding is repeated until the child is there (or `timeoutMs` passes).
   */
  async expandUntil(row: Locator, child: Locator, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.expand(row);
      try {
        await child.waitFor({ state: 'visible', timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) });
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
      }
    }
  }

  /** Runs a command by its palette title, e.g. "Azure DevOps: Sign In". */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.quickInput();
    await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await input.fill(`>${title}`);
    // The row labelled exactly `title`: fuzzy matching also lists e.g. "Check Sign-in" for "Sign In", sorted first.
    const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const item = this.page.locator('.quick-input-widget .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exact }) }).first();
    await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await item.click();
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** Waits for an input box titled `title` (exact or pattern), types `value` and presses Enter. */
  async answerInputBox(title: string | RegExp, value: string, options: { password?: boolean } = {}): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    const input = this.quickInput();
    if (options.password) {
      await this.page.waitForFunction(() => document.querySelector('.quick-input-widget .quick-input-box input')
        ?.getAttribute('type') === 'password', undefined, { timeout: STEP_TIMEOUT });
    }
    await input.fill(value);
    await input.press('Enter');
  }

  /** Waits until the quick input has closed. */
  async quickInputClosed(): Promise<void> {
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  }

  /** Answers the sign-in's questions (once "Sign In" runs): organization, token, and "I don't know" its lifetime. */
  async answerSignIn(organization: string, token: string): Promise<void> {
    await this.answerInputBox('Sign In to Azure DevOps (1/2)', organization);
    await this.answerInputBox(`Sign In to ${organization} (2/2)`, token, { password: true });
    // The token's lifetime is optional: the first item after typing filters the list.
    await this.answerInputBox(`When does the token for ${organization} expire?`, 'I don\'t know');
    await this.quickInputClosed();
  }

  /** A status bar item by its id (extension items: `<publisher>.<name>.<id>`). */
  statusItem(id: string): Locator {
    return this.page.locator(`.part.statusbar [id="${id}"]`);
  }

  /** Waits for a notification toast containing `text`. */
  async notification(text: string | RegExp): Promise<Locator> {
    const toast = this.page.locator('.notification-toast-container .notification-list-item', { hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    return toast;
  }

  /** Closes every visible notification toast (toasts may also hide by themselves meanwhile). */
  async clearNotifications(): Promise<void> {
    const toasts = this.page.locator('.notification-toast-container .notification-list-item');
    for (let i = 0; i < 20 && (await toasts.count()) > 0; i++) {
      const first = toasts.first();
      try {
        await first.hover({ timeout: 2_000 });
        const close = first.locator('.codicon-notifications-clear');
        if (!(await close.isVisible())) break;
        await close.click({ timeout: 2_000 });
      } catch {
        // The toast went away by itself between finding and closing it: look again.
      }
    }
  }

  /** Moves the mouse off every hover target and waits for hovers/tooltips to disappear. */
  async calm(): Promise<void> {
    await this.page.mouse.move(900, 650);
    await this.page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => undefined);
    await this.page.locator('.monaco-progress-container.active').first().waitFor({ state: 'hidden', timeout: 10_000 })
      .catch(() => undefined);
  }

  /**
   * The frame of a webview whose document title matches. Webviews in the workbench are nested iframes (the
   * webview host frame, then the content frame): the content frame is found through Playwright's frame list.
   */
  async webviewFrame(title: string | RegExp, timeoutMs = STEP_TIMEOUT): Promise<Frame> {
    const matches = (t: string): boolean => (typeof title === 'string' ? t === title : title.test(t));
    let found: Frame | undefined;
    const ok = await poll(async () => {
      for (const frame of this.page.frames()) {
        const t = await frame.title().catch(() => '');
        if (matches(t) && (await frame.locator('main#app').count().catch(() => 0)) > 0) {
          found = frame;
          return true;
        }
      }
      return false;
    }, timeoutMs);
    if (!ok || !found) throw new Error(`no webview titled ${String(title)} within ${timeoutMs / 1000} s`);
    return found;
  }

  /** Saves a screenshot of the whole window (after calming hovers) and returns its path. */
  async screenshot(file: string): Promise<string> {
    await this.calm();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    return file;
  }
}
