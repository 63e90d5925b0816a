// Editor features driven like a person, in the browser: the code lens and its trace panel focus, completion, go to counterpart.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { ARTIFACTS, WORKSPACE } from './paths';
import type { UiCheck } from './ui-checks';

const CLEAN = 'clean-counter.c';
const UI_TIMEOUT = 30_000;

/** 1-based line and column of `needle` in a workspace fixture (offset `into` characters into it). */
function lineAndColumn(name: string, needle: string, into = 0): { line: number; column: number } {
  const lines = fs.readFileSync(path.join(WORKSPACE, name), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `"${needle}" in ${name}`);
  return { line: index + 1, column: lines[index].indexOf(needle) + 1 + into };
}

async function openFromExplorer(page: Page, name: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });
  await row.waitFor({ timeout: UI_TIMEOUT });
  await row.click();
  await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor({ timeout: UI_TIMEOUT });
}

async function quickInput(page: Page, text: string, rowText?: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: UI_TIMEOUT });
  await input.fill(text);
  if (rowText) {
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: rowText })
      .first()
      .waitFor({ timeout: UI_TIMEOUT });
  }
  await page.keyboard.press('Enter');
}

/** Quick open's `:line:column` moves the cursor; the status bar confirms it. */
async function goTo(page: Page, line: number, column: number): Promise<void> {
  await quickInput(page, `:${line}:${column}`);
  await page
    .locator('#status\\.editor\\.selection', { hasText: `Ln ${line},` })
    .waitFor({ timeout: UI_TIMEOUT });
}

function tracePanel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export const EDITOR_UI_CHECKS: UiCheck[] = [
  {
    title: 'ui: a code lens above pre_patch; clicking it opens the trace panel focused on that callback',
    async run(page) {
      await page.keyboard.press('Escape');
      await openFromExplorer(page, CLEAN);
      const lens = page.locator('.codelens-decoration a', { hasText: 'pre_patch of vmlinux' });
      await lens.first().waitFor({ timeout: UI_TIMEOUT });
      const title = await lens.first().innerText();
      assert.match(title, /pairs with counter_post_unpatch · runs in \d+ of \d+ scenarios/, title);
      await page.screenshot({ path: path.join(ARTIFACTS, 'code-lens.png') });
      await lens.first().click();
      const focused = tracePanel(page).locator('li.event.focused [data-testid="callback-function"]');
      await focused.first().waitFor({ timeout: UI_TIMEOUT });
      assert.equal(await focused.first().innerText(), 'counter_pre_patch');
      await page.screenshot({ path: path.join(ARTIFACTS, 'code-lens-trace-panel.png') });
    },
  },
  {
    title: 'ui: typing `.` inside `.callbacks = { }` suggests the callback members with their docs',
    async run(page) {
      await openFromExplorer(page, CLEAN);
      const anchor = '.post_unpatch = counter_post_unpatch,';
      const at = lineAndColumn(CLEAN, anchor, anchor.length);
      await goTo(page, at.line, at.column);
      await page.keyboard.press('Enter');
      await page.keyboard.type('.');
      const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'pre_unpatch' });
      await row.first().waitFor({ timeout: UI_TIMEOUT });
      const rows = await page.locator('.suggest-widget .monaco-list-row').allInnerTexts();
      assert.ok(
        rows.some((r) => r.includes('.post_patch')),
        `suggestions: ${rows.join(' | ')}`,
      );
      await page.screenshot({ path: path.join(ARTIFACTS, 'completion.png') });
      await page.keyboard.press('Escape');
      // Undo the typing (never save: the fixture is shared by every check and run).
      const dirty = page.locator(`.tab.active.dirty[data-resource-name="${CLEAN}"]`);
      for (let i = 0; i < 4 && (await dirty.count()) > 0; i++) await page.keyboard.press('Control+z');
      await dirty.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    },
  },
  {
    title: 'ui: "Go to Counterpart Callback" from the command palette moves from pre_patch to post_unpatch',
    async run(page) {
      await openFromExplorer(page, CLEAN);
      const from = lineAndColumn(CLEAN, 'static int counter_pre_patch', 'static int '.length + 2);
      const to = lineAndColumn(CLEAN, 'static void counter_post_unpatch');
      await goTo(page, from.line, from.column);
      await quickInput(page, '>klp-callbacks: Go to Counterpart Callback', 'Go to Counterpart Callback');
      await page
        .locator('#status\\.editor\\.selection', { hasText: `Ln ${to.line},` })
        .waitFor({ timeout: UI_TIMEOUT });
      await page.screenshot({ path: path.join(ARTIFACTS, 'go-to-counterpart.png') });
    },
  },
];
