// The extension page's screenshots, taken in the real workbench: diagnostics, hover, quick fix, trace panel.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, REPO_ROOT } from './paths';
import type { UiCheck } from './ui-checks';

const LEAKY = 'leaky-counter.c';
/** `.pre_patch = counter_pre_patch,` (1-based line). */
const REGISTRATION_LINE = 47;
const UI_TIMEOUT = 30_000;
/** `KLP_E2E_UPDATE_SCREENSHOTS=1` (npm run screenshots) also writes them where EXTENSION.md shows them. */
const PUBLISHED = path.join(REPO_ROOT, 'images', 'screenshots');

async function save(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, name) });
  if (process.env.KLP_E2E_UPDATE_SCREENSHOTS) {
    fs.mkdirSync(PUBLISHED, { recursive: true });
    fs.copyFileSync(path.join(ARTIFACTS, name), path.join(PUBLISHED, name));
  }
}

async function closeWidgets(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
}

/** Opens the leaky module at the registration, the cursor inside the registered function's name. */
async function goToRegistration(page: Page): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: UI_TIMEOUT });
  await input.fill(`${LEAKY}:${REGISTRATION_LINE}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: LEAKY }).first();
  await row.waitFor({ timeout: UI_TIMEOUT });
  // Click that row: Enter would take whichever row is selected, often a recently opened other file.
  await row.click();
  await page.locator(`.tab.active[data-resource-name="${LEAKY}"]`).waitFor({ timeout: UI_TIMEOUT });
  await page
    .locator('#status\\.editor\\.selection', { hasText: `Ln ${REGISTRATION_LINE},` })
    .waitFor({ timeout: UI_TIMEOUT });
  // From the end of `.pre_patch = counter_pre_patch,` back over the comma, into the name.
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
}

export const SCREENSHOT_CHECKS: UiCheck[] = [
  {
    title: 'screenshot: the Problems panel and the squiggle of a planted asymmetric-pair',
    async run(page) {
      await goToRegistration(page);
      await page
        .locator('.monaco-editor .view-overlays .squiggly-warning')
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
      if ((await page.locator('.markers-panel').count()) === 0)
        await page.locator('#status\\.problems').click();
      await page
        .locator('.markers-panel .monaco-list-row', { hasText: 'asymmetric-pair' })
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
      await save(page, 'diagnostics.png');
    },
  },
  {
    title: 'screenshot: the hover on a registration says when the kernel runs the callback',
    async run(page) {
      await goToRegistration(page);
      // "Show or Focus Hover": the hover at the cursor, as a keyboard user opens it.
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await page
        .locator('.monaco-hover', { hasText: 'Before the object is patched' })
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
      await save(page, 'hover.png');
      await closeWidgets(page);
    },
  },
  {
    title: 'screenshot: the quick fix registers the existing counterpart',
    async run(page) {
      await goToRegistration(page);
      await page.keyboard.press('Control+.');
      await page
        .locator('.action-widget', { hasText: 'Register counter_post_unpatch as post_unpatch' })
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
      await save(page, 'quick-fix.png');
      await closeWidgets(page);
    },
  },
  {
    title: 'screenshot: the Callback Trace panel beside the module',
    async run(page) {
      await goToRegistration(page);
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: UI_TIMEOUT });
      await input.fill('>klp-callbacks: Show Callback Trace Preview');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'Show Callback Trace Preview' })
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
      await page.keyboard.press('Enter');
      await page
        .frameLocator('iframe.webview.ready')
        .frameLocator('iframe#active-frame')
        .locator('[data-testid="event"][data-event-type="callback"]')
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
      await save(page, 'trace-panel.png');
    },
  },
];
