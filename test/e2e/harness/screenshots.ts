// The extension page's screenshots, taken in the real workbench: diagnostics, hover, quick fix, trace panel, counterexample.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { analyzeText } from '../../../server/src/core/analyze';
import { engine } from '../../helpers';
import { ARTIFACTS, REPO_ROOT, WORKSPACE } from './paths';
import { runCommand, tracePanel, type UiCheck } from './ui-checks';

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
  await goToLine(page, REGISTRATION_LINE);
  // From the end of `.pre_patch = counter_pre_patch,` back over the comma, into the name.
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
}

/** Opens the leaky module at a 1-based line through quick open. */
async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: UI_TIMEOUT });
  await input.fill(`${LEAKY}:${line}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: LEAKY }).first();
  await row.waitFor({ timeout: UI_TIMEOUT });
  // Click that row: Enter would take whichever row is selected, often a recently opened other file.
  await row.click();
  // The pointer, left where the row was, would raise a tab's tooltip over the screenshot.
  await page.mouse.move(150, 700);
  await page.locator(`.tab.active[data-resource-name="${LEAKY}"]`).waitFor({ timeout: UI_TIMEOUT });
  await page
    .locator('#status\\.editor\\.selection', { hasText: `Ln ${line},` })
    .waitFor({ timeout: UI_TIMEOUT });
}

export const SCREENSHOT_CHECKS: UiCheck[] = [
  {
    title: 'screenshot: the Problems panel and the squiggle of a planted asymmetric-pair',
    async run(page) {
      // The extension-host suite left its editors open in this profile: the page shows one module.
      await runCommand(page, 'View: Close All Editors');
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
  {
    // Last of these: it hides the bottom panel, which the next checks open again.
    title:
      'screenshot: "Show the scenario where this happens" opens the panel with the violating events highlighted',
    async run(page) {
      const expected = await leakyCounterexample();
      await goToRegistration(page);
      // The bottom panel would take the height the highlighted events need.
      if (await page.locator('.part.panel.bottom').isVisible()) await page.keyboard.press('Control+J');
      await page.keyboard.press('Control+.');
      const title = 'Show the scenario where this happens';
      await page
        .locator('.action-widget .monaco-list-row', { hasText: title })
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
      // By keyboard, as the light bulb's menu is used: a pointer block over the menu swallows a click until the mouse moves.
      const focused = page.locator('.action-widget .monaco-list-row.focused');
      const focusedText = async () => ((await focused.count()) > 0 ? await focused.first().innerText() : '');
      for (let step = 0; step < 8 && !(await focusedText()).includes(title); step++)
        await page.keyboard.press('ArrowDown');
      assert.ok((await focusedText()).includes(title), `the menu's focused row is "${await focusedText()}"`);
      await page.keyboard.press('Enter');
      const panel = tracePanel(page);
      const highlighted = panel.locator(
        '[data-testid="scenario"][data-scenario="custom"] [data-highlighted="true"]',
      );
      await highlighted.first().waitFor({ timeout: UI_TIMEOUT });
      const indices = await highlighted.evaluateAll((rows) => rows.map((row) => Number(row.dataset.index)));
      assert.deepEqual(indices, expected.highlight, "the panel highlights the counterexample's events");
      assert.ok(
        (await highlighted.allInnerTexts()).some((text) => text.includes('counter_pre_patch')),
        'the pre_patch that nothing undoes is among the highlighted events',
      );
      await save(page, 'counterexample.png');
      // The checks after these expect the panel on all scenarios (the extension remembers the choice)
      // and the module from its first line.
      await panel.locator('[data-testid="scenario-select"]').selectOption('all');
      await panel
        .locator('[data-testid="scenario"][data-scenario="target-not-present"]')
        .waitFor({ timeout: UI_TIMEOUT });
      await goToLine(page, 1);
      await runCommand(page, 'View: Close All Editors');
    },
  },
];

/** The counterexample of the planted asymmetric-pair, computed by the engine the extension bundles. */
async function leakyCounterexample(): Promise<{ scenario: string; highlight: number[] }> {
  const file = path.join(WORKSPACE, LEAKY);
  const analysis = analyzeText(await engine(), file, fs.readFileSync(file, 'utf8'));
  const counterexample = analysis.findings.find((f) => f.rule === 'asymmetric-pair')?.counterexample;
  assert.ok(
    counterexample && counterexample.highlight.length > 0,
    `no counterexample for ${LEAKY}'s asymmetric-pair`,
  );
  return counterexample;
}
