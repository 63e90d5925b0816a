// The end-to-end run: install, build, start code-server, run the extension-host suite and the UI checks, clean up.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openWorkbench, runHostSuite } from './browser';
import { createProfile, installExtension, startCodeServer, type RunningServer } from './code-server';
import { buildRunnerExtension, ensureVsix } from './extension';
import { ARTIFACTS, WORKSPACE, createRunDir, log } from './paths';
import { Results } from './results';
import { ensureCodeServer } from './tools';
import { SCREENSHOT_CHECKS } from './screenshots';
import { UI_CHECKS, type UiCheck } from './ui-checks';
import { PANEL_CHECKS } from './ui-checks-panel';
import { EDITOR_UI_CHECKS } from './ui-checks-editor';
import { WEB_HOST_CHECKS, WEB_HOST_SETTINGS } from './web-host';

const HOST_SUITE_TIMEOUT = 120_000;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const results = new Results();
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const runDir = createRunDir();
  let server: RunningServer | undefined;
  let browser: BrowserContext | undefined;
  const cleanUp = async () => {
    await browser?.close().catch(() => undefined);
    browser = undefined;
    await server?.stop();
    server = undefined;
    for (const [from, to] of [
      ['code-server.log', 'code-server.log'],
      [path.join('web-host', 'code-server.log'), 'code-server-web-host.log'],
    ]) {
      const serverLog = path.join(runDir, from);
      if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(ARTIFACTS, to));
    }
    fs.rmSync(runDir, { recursive: true, force: true });
  };
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  let step = 'setup';
  try {
    step = 'installing code-server';
    const entry = ensureCodeServer(log);
    step = 'building the extension';
    const vsix = ensureVsix(log, args.includes('--rebuild'));
    step = 'bundling the extension-host suite';
    const runnerExtension = path.join(runDir, 'runner-extension');
    const suiteEntry = await buildRunnerExtension(runnerExtension);
    step = 'installing the extension into code-server';
    const profile = createProfile(runDir);
    installExtension(entry, profile, vsix, log);
    step = 'starting code-server';
    server = await startCodeServer(entry, profile, log);
    step = 'starting Chromium';
    browser = await launchBrowser(path.join(runDir, 'chromium'));

    step = 'running the extension-host suite';
    const code = await runHostSuite(
      browser,
      {
        origin: server.origin,
        folder: WORKSPACE,
        runnerExtension,
        suiteEntry,
        timeoutMs: HOST_SUITE_TIMEOUT,
      },
      log,
    );
    results.addHostReport(path.join(path.dirname(suiteEntry), 'report.json'), code);

    step = 'loading the workbench for the UI checks';
    const page = await openWorkbench(browser, server.origin, WORKSPACE);
    // The extension page's screenshots first, on a workbench no other check has changed yet; they
    // close their editors again, and the other checks get the workbench loaded afresh.
    await runChecks(results, page, SCREENSHOT_CHECKS, 'screenshot');
    step = 'reloading the workbench after the screenshots';
    await page.reload({ timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The panel's review checks run on the panel the first UI checks opened.
    await runChecks(results, page, [...UI_CHECKS, ...PANEL_CHECKS, ...EDITOR_UI_CHECKS], 'ui-check');

    // The same .vsix in a second code-server whose profile runs it in the web worker extension host.
    step = 'starting code-server for the web worker extension host';
    await page.close();
    await server.stop();
    server = undefined;
    const webProfile = createProfile(path.join(runDir, 'web-host'), WEB_HOST_SETTINGS);
    installExtension(entry, webProfile, vsix, log);
    server = await startCodeServer(entry, webProfile, log);
    step = 'loading the workbench with the web worker extension host';
    const webPage = await openWorkbench(browser, server.origin, WORKSPACE);
    await runChecks(results, webPage, WEB_HOST_CHECKS, 'web-host-check');
  } catch (error) {
    results.fail(`harness: ${step}`, error);
  } finally {
    await cleanUp();
  }
  return results.finish(log);
}

/** Runs the checks in order on one page; a failed one leaves `failed-<kind>-<n>.png`. */
async function runChecks(results: Results, page: Page, checks: UiCheck[], kind: string): Promise<void> {
  for (const [index, check] of checks.entries()) {
    const passed = await results.time(check.title, () => check.run(page));
    if (!passed) await page.screenshot({ path: path.join(ARTIFACTS, `failed-${kind}-${index + 1}.png`) });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
