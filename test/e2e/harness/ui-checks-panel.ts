// The trace panel's review parts driven in the browser: summary, pr_debug toggle, exports, save, compare, themes.
import { execFileSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { findToolchain } from '../../../server/src/host/verify/toolchain';
import { ARTIFACTS, REPO_ROOT, WORKSPACE } from './paths';
import { runCommand, tracePanel, type UiCheck } from './ui-checks';

const LEAKY = path.join(WORKSPACE, 'leaky-counter.c');
const SCENARIO = 'target-not-present';
const SAVED = path.join(WORKSPACE, 'e2e-saved.klpscenario');
const UI_TIMEOUT = 30_000;
/** A real-kernel run: the mirror modules' build and one qemu boot (about 20 s alone, more on a loaded host). */
const VERIFY_TIMEOUT = 300_000;

function cli(...args: string[]): string {
  return execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], {
    encoding: 'utf8',
  });
}

function section(page: Page, name = SCENARIO) {
  return tracePanel(page).locator(`[data-testid="scenario"][data-scenario="${name}"]`);
}

/** Waits until `read` returns a value `accept` takes, re-reading every 200 ms; the timeout says what was seen. */
async function waitUntil<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${String(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

const readClipboard = (page: Page) => () =>
  page.evaluate<string>('navigator.clipboard.readText()').catch((e: unknown) => `(unreadable: ${String(e)})`);

/** Toggles between the preferred light and dark themes, from the command palette as a person would. */
async function toggleTheme(page: Page): Promise<void> {
  // Keys pressed while the webview has focus stay in its iframe: give the focus back to the workbench.
  await page.locator('.tab', { hasText: 'leaky-counter.c' }).first().click();
  await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
}

/** The summary at the top of the panel in view (earlier checks scrolled the trace into view). */
async function showSummary(page: Page): Promise<void> {
  await tracePanel(page)
    .locator('[data-testid="trace-panel"]')
    .evaluate((main: unknown) =>
      (main as { scrollIntoView(options: unknown): void }).scrollIntoView({ block: 'start' }),
    );
}

export const PANEL_CHECKS: UiCheck[] = [
  {
    title:
      'ui: "Verify on a real kernel" runs the shown scenario in qemu and the panel says the kernel agrees',
    async run(page) {
      const panel = tracePanel(page);
      await panel.locator('[data-testid="scenario-select"]').selectOption(SCENARIO);
      const button = panel.locator('[data-testid="verify-button"]');
      await button.waitFor({ timeout: UI_TIMEOUT });
      if ('missing' in findToolchain()) {
        // Without qemu or the kernel the button stays, disabled, and its tooltip says what to install.
        await waitUntil(
          'the button to say what is missing',
          () => button.getAttribute('title'),
          (title) => /missing/.test(title ?? ''),
        );
        assert.equal(await button.isDisabled(), true);
        return;
      }
      await waitUntil(
        'the probe to enable the button',
        () => button.isEnabled(),
        (enabled) => enabled,
      );
      await button.click();
      const summary = panel.locator('[data-testid="verify-summary"]');
      await summary.waitFor({ timeout: VERIFY_TIMEOUT });
      assert.match((await summary.textContent()) ?? '', /agrees with the prediction/);
      assert.equal(await panel.locator('[data-testid="verify-result"]').getAttribute('data-status'), 'agree');
      await page.screenshot({ path: path.join(ARTIFACTS, 'panel-verify.png') });
    },
  },
  {
    title: 'ui: the summary on top has a row per scenario; clicking a cell opens that scenario at that event',
    async run(page) {
      const panel = tracePanel(page);
      // The built-ins (a custom scenario typed earlier would add its own row).
      const rows = panel.locator('[data-testid="summary-row"]:not([data-scenario="custom"])');
      await rows.first().waitFor({ timeout: UI_TIMEOUT });
      const builtins = (JSON.parse(cli('scenarios', LEAKY, '--format', 'json')) as { scenarios: unknown[] })
        .scenarios.length;
      assert.equal(await rows.count(), builtins, 'one summary row per built-in scenario');
      await showSummary(page);
      await page.screenshot({ path: path.join(ARTIFACTS, 'panel-summary.png') });
      const cell = panel
        .locator(`[data-testid="summary-row"][data-scenario="${SCENARIO}"]`)
        .locator('[data-testid="summary-cell"][data-status="runs"]')
        .first();
      await cell.click();
      assert.equal(await panel.locator('[data-testid="scenario-select"]').inputValue(), SCENARIO);
      const highlighted = section(page).locator('[data-testid="event"][data-highlighted="true"]');
      await highlighted.waitFor({ timeout: UI_TIMEOUT });
      assert.equal(await highlighted.getAttribute('data-event-type'), 'callback');
    },
  },
  {
    title: 'ui: pr_debug lines are dimmed and the toggle hides and shows them',
    async run(page) {
      const debug = section(page).locator('.event-kernel.level-debug');
      await debug.first().waitFor({ timeout: UI_TIMEOUT });
      const shown = await debug.count();
      const toggle = tracePanel(page).locator('[data-testid="toggle-debug"]');
      await toggle.uncheck();
      await debug.first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
      assert.equal(await debug.count(), 0);
      await toggle.check();
      await debug.first().waitFor({ timeout: UI_TIMEOUT });
      assert.equal(await debug.count(), shown);
    },
  },
  {
    title: "ui: Copy as dmesg and Copy as JSON put the kernel's lines and the CLI's JSON on the clipboard",
    async run(page) {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      const text = cli('trace', LEAKY, '--scenario', SCENARIO, '--format', 'text');
      const dmesg =
        text
          .split('\n')
          .filter((l) => l.startsWith('livepatch: '))
          .join('\n') + '\n';
      await section(page).locator('[data-testid="copy-dmesg"]').click();
      await waitUntil('the dmesg lines on the clipboard', readClipboard(page), (v) => v === dmesg);
      const json = cli('trace', LEAKY, '--scenario', SCENARIO, '--format', 'json');
      await section(page).locator('[data-testid="copy-json"]').click();
      await waitUntil("the CLI's JSON on the clipboard", readClipboard(page), (v) => v === json);
    },
  },
  {
    title: 'ui: Save as .klpscenario writes the custom scenario to the file chosen in the save dialog',
    async run(page) {
      fs.rmSync(SAVED, { force: true });
      const panel = tracePanel(page);
      const custom = panel.locator('[data-testid="custom-scenario"]');
      if ((await custom.getAttribute('open')) === null) await custom.locator('summary').click();
      const scenario = 'load leaky_counter\ndisable leaky_counter\n';
      await panel.locator('[data-testid="custom-scenario-input"]').fill(scenario);
      await panel.locator('[data-testid="custom-scenario-save"]').click();
      // code-server's save dialog is the workbench's simple file dialog: a quick input holding the path.
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: UI_TIMEOUT });
      // Typing before the dialog has filled in its default path would be overwritten by it.
      await waitUntil(
        'the default path in the save dialog',
        () => input.inputValue(),
        (v) => v.endsWith('.klpscenario'),
      );
      await input.fill(SAVED);
      await waitUntil(
        'our path in the save dialog',
        () => input.inputValue(),
        (v) => v === SAVED,
      );
      await page.keyboard.press('Enter');
      try {
        const saved = await waitUntil(
          `${path.basename(SAVED)} on disk`,
          async () => (fs.existsSync(SAVED) ? fs.readFileSync(SAVED, 'utf8') : ''),
          (v) => v !== '',
        );
        assert.equal(saved, scenario);
      } finally {
        fs.rmSync(SAVED, { force: true });
        // Where the dialog would have saved by default, had our path not been taken.
        fs.rmSync(path.join(WORKSPACE, 'scenario.klpscenario'), { force: true });
      }
    },
  },
  {
    title: 'ui: compare shows two scenarios side by side with the differences marked',
    async run(page) {
      const panel = tracePanel(page);
      await panel.locator('[data-testid="scenario-select"]').selectOption('all');
      await section(page).locator('[data-testid="compare-with"]').click();
      const compare = panel.locator('[data-testid="compare-table"]');
      await compare.waitFor({ timeout: UI_TIMEOUT });
      await panel.locator('[data-testid="compare-right"]').selectOption('disable-reversed');
      await panel
        .locator('[data-testid="compare-line"][data-change="added"]')
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
      assert.ok((await panel.locator('[data-testid="compare-line"][data-change="same"]').count()) > 0);
      assert.match(await panel.locator('[data-testid="compare-count"]').innerText(), /\d+ lines? differ/);
      await panel
        .locator('[data-testid="compare-line"]:not([data-change="same"])')
        .first()
        .scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, 'panel-compare.png') });
      await panel.locator('[data-testid="compare-close"]').click();
      await compare.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    },
  },
  {
    title: 'ui: the panel follows the colour theme (screenshots in the default light theme and in dark)',
    async run(page) {
      const panel = tracePanel(page);
      const background = () =>
        panel.locator('body').evaluate(
          (body: unknown) =>
            // Runs in the page (the test's tsconfig has no DOM types).
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
            ).getComputedStyle(body).backgroundColor,
        );
      const light = await background();
      await toggleTheme(page);
      const dark = await waitUntil('the dark theme in the panel', background, (v) => v !== light);
      await panel.locator('[data-testid="summary-table"]').waitFor({ timeout: UI_TIMEOUT });
      await showSummary(page);
      await page.screenshot({ path: path.join(ARTIFACTS, 'panel-summary-dark.png') });
      await section(page)
        .locator('[data-testid="event"][data-event-type="callback"]')
        .first()
        .scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, 'panel-trace-dark.png') });
      await toggleTheme(page);
      await waitUntil('the light theme back', background, (v) => v !== dark);
    },
  },
];
