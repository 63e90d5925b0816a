// Checks driven like a person would, in the browser: the squiggle in the editor, the trace panel's rows, screenshots.
import { execFileSync } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { ARTIFACTS, REPO_ROOT, WORKSPACE } from './paths';

export interface UiCheck {
  title: string;
  run(page: Page): Promise<void>;
}

const LEAKY = 'leaky-counter.c';
const SCENARIO = 'target-not-present';
const SCENARIO_FILE = 'target-reversal.klpscenario';
const UI_TIMEOUT = 30_000;

export async function openFromExplorer(page: Page, name: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name });
  await row.waitFor({ timeout: UI_TIMEOUT });
  await row.click();
  await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor({ timeout: UI_TIMEOUT });
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: UI_TIMEOUT });
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: title })
    .first()
    .waitFor({ timeout: UI_TIMEOUT });
  await page.keyboard.press('Enter');
}

/** A webview is an iframe (VS Code's host page) holding another iframe with the extension's page. */
export function tracePanel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

interface CallbackEvent {
  callback: string;
  object: string;
  function: string;
  source: { range: { start: { line: number } } } | null;
}

/** The callbacks the engine predicts for the scenario, from the CLI bundle built with the extension. */
export function engineCallbacks(file: string, scenario: string): CallbackEvent[] {
  const output = execFileSync(
    process.execPath,
    [path.join(REPO_ROOT, 'dist', 'cli.js'), 'trace', file, '--scenario', scenario, '--format', 'json'],
    { encoding: 'utf8' },
  );
  const events = (JSON.parse(output) as { events: ({ type: string } & CallbackEvent)[] }).events;
  return events.filter((e) => e.type === 'callback');
}

function callbackRows(page: Page) {
  return tracePanel(page)
    .locator(`[data-testid="scenario"][data-scenario="${SCENARIO}"]`)
    .locator('[data-testid="event"][data-event-type="callback"]');
}

export const UI_CHECKS: UiCheck[] = [
  {
    title:
      'ui: the leaky module shows a warning squiggle whose hover names asymmetric-pair and when pre_patch runs',
    async run(page) {
      await openFromExplorer(page, LEAKY);
      // Code lenses arrive after the text: once drawn, lines stop moving under the pointer (drawn is
      // enough: the editor may open scrolled past them, where a reloaded workbench left it).
      await page.locator('.codelens-decoration').first().waitFor({ state: 'attached', timeout: UI_TIMEOUT });
      // The registration is below the fold: the Problems panel takes us there as it would a person.
      // The status bar item toggles the panel: the reloaded workbench may have restored it open.
      if (!(await page.locator('.markers-panel').isVisible()))
        await page.locator('#status\\.problems').click();
      const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'asymmetric-pair' });
      await problem.first().waitFor({ timeout: UI_TIMEOUT });
      await problem.first().dblclick();
      const squiggle = page.locator('.monaco-editor .view-overlays .squiggly-warning:visible').first();
      const hover = page.locator('.monaco-hover', { hasText: 'asymmetric-pair' });
      await hoverUntilShown(page, squiggle, hover.first());
      // The language server's own hover (when pre_patch runs) joins the problem's text in the same widget.
      await page
        .locator('.monaco-hover', { hasText: 'Before the object is patched' })
        .first()
        .waitFor({ timeout: UI_TIMEOUT });
      const text = await hover.first().innerText();
      assert.match(text, /has no post_unpatch counterpart/, `hover text: ${text}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'editor-squiggle.png') });
      await page.keyboard.press('Escape');
    },
  },
  {
    title: `ui: the trace preview panel lists the engine's callbacks for the ${SCENARIO} scenario`,
    async run(page) {
      await openFromExplorer(page, LEAKY);
      await runCommand(page, 'klp-callbacks: Show Callback Trace Preview');
      const panel = tracePanel(page);
      // The panel remembers the last scenario chosen (the reloaded workbench may restore another).
      await panel.locator('[data-testid="scenario-select"]').selectOption('all');
      const rows = callbackRows(page);
      await rows.first().waitFor({ timeout: UI_TIMEOUT });
      await assertText(panel.locator('[data-testid="trace-file"]'), LEAKY);
      const shown: string[] = [];
      for (const row of await rows.all()) {
        const kind = await row.locator('[data-testid="callback-kind"]').innerText();
        const object = await row.locator('[data-testid="callback-object"]').innerText();
        const fn = await row.locator('[data-testid="callback-function"]').innerText();
        shown.push(`${kind}(${object}) → ${fn}`);
      }
      const expected = engineCallbacks(path.join(WORKSPACE, LEAKY), SCENARIO).map(
        (e) => `${e.callback}(${e.object}) → ${e.function}`,
      );
      assert.ok(
        expected.includes('pre_patch(vmlinux) → counter_pre_patch'),
        `engine trace: ${expected.join('; ')}`,
      );
      assert.deepEqual(shown, expected, 'the panel shows the same callbacks, in order, as the engine');
      await rows.first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, 'trace-panel.png') });
    },
  },
  {
    title: "ui: clicking a callback's function in the trace panel reveals its definition in the editor",
    async run(page) {
      const [first] = engineCallbacks(path.join(WORKSPACE, LEAKY), SCENARIO);
      assert.ok(first?.source, 'the engine traced a callback with a source location');
      const line = first.source.range.start.line + 1;
      const link = callbackRows(page).first().locator('[data-testid="callback-function"]');
      await link.waitFor({ timeout: UI_TIMEOUT });
      assert.equal(await link.innerText(), first.function);
      const cursor = page.locator('#status\\.editor\\.selection');
      const before = await cursor.innerText();
      assert.ok(!before.startsWith(`Ln ${line},`), `the cursor is elsewhere before the click (${before})`);
      await link.click();
      // The cursor position shows in the status bar only while a text editor has focus.
      await page
        .locator('#status\\.editor\\.selection', { hasText: `Ln ${line},` })
        .waitFor({ timeout: UI_TIMEOUT });
    },
  },
  {
    title: 'ui: a .klpscenario file is highlighted, and its code lens runs it in the trace panel',
    async run(page) {
      // The scenario runs against the C file the panel follows: the leaky counter, opened before it.
      await openFromExplorer(page, LEAKY);
      await openFromExplorer(page, SCENARIO_FILE);
      // The first line with it is `load` (`unload leaky_counter` comes later).
      const line = page.locator('.monaco-editor .view-line', { hasText: 'load leaky_counter' }).first();
      await line.waitFor({ timeout: UI_TIMEOUT });
      // The TextMate grammar gives the action, the name and the comment tokens of their own.
      const tokenClass = async (locator: ReturnType<Page['locator']>, text: string) => {
        const token = locator.locator('span > span', { hasText: text }).first();
        await token.waitFor({ timeout: UI_TIMEOUT });
        return token.getAttribute('class');
      };
      const verb = await tokenClass(line, 'load');
      const name = await tokenClass(line, 'leaky_counter');
      const comment = await tokenClass(
        page.locator('.monaco-editor .view-line', { hasText: '# target-reversal' }),
        'target-reversal',
      );
      assert.ok(verb && name && comment, 'tokens have classes');
      assert.equal(new Set([verb, name, comment]).size, 3, `token classes: ${verb} / ${name} / ${comment}`);
      const lens = page.locator('.codelens-decoration a', { hasText: 'Run in trace panel' });
      await lens.first().waitFor({ timeout: UI_TIMEOUT });
      await page.screenshot({ path: path.join(ARTIFACTS, 'scenario-file.png') });
      await lens.first().click();
      const custom = tracePanel(page)
        .locator('[data-testid="scenario"][data-scenario="custom"]')
        .locator('[data-testid="event"][data-event-type="callback"]');
      await custom.first().waitFor({ timeout: UI_TIMEOUT });
      const expected = engineCallbacks(path.join(WORKSPACE, LEAKY), path.join(WORKSPACE, SCENARIO_FILE));
      assert.equal(await custom.count(), expected.length, "the custom scenario shows the engine's callbacks");
      await page.screenshot({ path: path.join(ARTIFACTS, 'scenario-trace.png') });
    },
  },
  {
    title: 'ui: with a file the server does not analyse active, the trace panel says so',
    async run(page) {
      await openFromExplorer(page, 'notes.txt');
      const notice = tracePanel(page).locator('[data-testid="trace-notice"]', {
        hasText: 'notes.txt is not analysed',
      });
      await notice.waitFor({ timeout: UI_TIMEOUT });
      await page.screenshot({ path: path.join(ARTIFACTS, 'panel-not-analysed.png') });
      // Back on the C file, its trace returns.
      await openFromExplorer(page, LEAKY);
      await tracePanel(page)
        .locator('[data-testid="trace-file"]', { hasText: LEAKY })
        .waitFor({ timeout: UI_TIMEOUT });
      await notice.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    },
  },
];

/**
 * Points at `target` until `shown` appears. Diagnostics published again (the workspace index
 * finishing, say) redraw the squiggles, and an element replaced between finding and pointing
 * counts as not visible: find it again and point again, for as long as UI_TIMEOUT.
 */
async function hoverUntilShown(page: Page, target: Locator, shown: Locator): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    try {
      await target.waitFor({ timeout: UI_TIMEOUT });
      // The squiggle is drawn under the text layer, which takes the pointer: point at it regardless.
      await target.hover({ force: true, timeout: 2_000 });
      await shown.waitFor({ timeout: 3_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.mouse.move(0, 0);
    }
  }
}

async function assertText(locator: ReturnType<FrameLocator['locator']>, needle: string): Promise<void> {
  await locator.waitFor({ timeout: UI_TIMEOUT });
  const text = await locator.innerText();
  assert.ok(text.includes(needle), `expected "${needle}" in "${text}"`);
}
