// The .vsix forced into code-server's web worker extension host: its browser entry and the server on a MessageChannel.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, WORKSPACE } from './paths';
import { engineCallbacks, openFromExplorer, runCommand, tracePanel, type UiCheck } from './ui-checks';

const LEAKY = 'leaky-counter.c';
const SCENARIO = 'target-not-present';
const UI_TIMEOUT = 30_000;

/**
 * The user setting that makes the workbench run the extension in its web worker extension host
 * (package.json `browser`) instead of the remote Node one (`main`), as VS Code for the Web would.
 */
export const WEB_HOST_SETTINGS = {
  'remote.extensionKind': { 'klp-callbacks.klp-callbacks': ['web'] },
};

/**
 * The text of an Output channel, picked as a user would (only the lines in view: the first
 * screenful), or no text while the drop-down does not list it yet (with what it lists): the
 * workbench learns of an extension's channel a moment after the extension creates it, so callers poll.
 */
async function outputChannelText(page: Page, channel: string): Promise<{ text?: string; listed: string[] }> {
  await runCommand(page, 'Output: Focus on Output View');
  // The Output view's title bar has the channel drop-down (a <select>, drawn by VS Code).
  const picker = page.locator('.part.panel select.monaco-select-box').first();
  await picker.waitFor({ timeout: UI_TIMEOUT });
  const labels = await picker
    .locator('option')
    .evaluateAll((options) => options.map((o) => o.textContent ?? ''));
  const label = labels.find((text) => text.startsWith(channel));
  if (!label) return { listed: labels };
  await picker.selectOption({ label });
  const lines = page.locator('.part.panel .monaco-editor .view-lines').first();
  await lines.waitFor({ timeout: UI_TIMEOUT });
  // The editor draws spaces as no-break spaces and wraps long lines.
  return { text: (await lines.innerText()).replace(/\s+/g, ' '), listed: labels };
}

export const WEB_HOST_CHECKS: UiCheck[] = [
  {
    title:
      'web host: klp-callbacks runs in the web worker extension host, and its server is the browser build',
    async run(page) {
      await openFromExplorer(page, LEAKY);
      await runCommand(page, 'Developer: Show Running Extensions');
      await page
        .locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'klp-callbacks' })
        .filter({ hasText: 'web worker' })
        .waitFor({ timeout: UI_TIMEOUT });
      await page.screenshot({ path: path.join(ARTIFACTS, 'web-host-running-extensions.png') });
      // The server names its build in its first line: `klp-callbacks-ls <version> (browser)`.
      const line = /klp-callbacks-ls \S+ \(browser\), engine loaded/;
      let output: { text?: string; listed: string[] } = { listed: [] };
      const deadline = Date.now() + UI_TIMEOUT;
      while (!line.test(output.text ?? '') && Date.now() < deadline) {
        output = await outputChannelText(page, 'klp-callbacks');
        if (output.text === undefined) await page.waitForTimeout(500);
      }
      const text = output.text;
      assert.ok(
        text !== undefined,
        `an Output channel named klp-callbacks; the drop-down lists: ${output.listed.join(', ')}`,
      );
      assert.match(text, line, `Output → klp-callbacks:\n${text}`);
      await runCommand(page, 'View: Close All Editors');
    },
  },
  {
    title: 'web host: the leaky module gets its asymmetric-pair warning from the web worker server',
    async run(page) {
      await openFromExplorer(page, LEAKY);
      await page.locator('#status\\.problems').click();
      const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'asymmetric-pair' });
      await problem.first().waitFor({ timeout: UI_TIMEOUT });
      await problem.first().dblclick();
      await page
        .locator('.monaco-editor .view-overlays .squiggly-warning')
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
      // The status bar item counts the findings of the module's patch.
      await page
        .locator('.statusbar-item', { hasText: 'leaky_counter: 1 finding' })
        .waitFor({ timeout: UI_TIMEOUT });
      await page.screenshot({ path: path.join(ARTIFACTS, 'web-host-diagnostics.png') });
    },
  },
  {
    title: `web host: the trace panel lists the engine's callbacks for the ${SCENARIO} scenario`,
    async run(page) {
      await openFromExplorer(page, LEAKY);
      await runCommand(page, 'klp-callbacks: Show Callback Trace Preview');
      const rows = tracePanel(page)
        .locator(`[data-testid="scenario"][data-scenario="${SCENARIO}"]`)
        .locator('[data-testid="event"][data-event-type="callback"]');
      await rows.first().waitFor({ timeout: UI_TIMEOUT });
      const shown = await rows
        .locator('[data-testid="callback-function"]')
        .evaluateAll((links) => links.map((link) => link.textContent));
      const expected = engineCallbacks(path.join(WORKSPACE, LEAKY), SCENARIO).map((e) => e.function);
      assert.ok(expected.length > 0, 'the engine traces callbacks in that scenario');
      assert.deepEqual(shown, expected, 'the panel shows the callbacks the CLI computes, in order');
      await page.screenshot({ path: path.join(ARTIFACTS, 'web-host-trace-panel.png') });
    },
  },
];
