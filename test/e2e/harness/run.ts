// The end-to-end run: install, build, start code-server, run the extension-host suite and the UI checks, clean up.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, openWorkbench, runHostSuite } from './browser';
import { createProfile, installExtension, startCodeServer, type RunningServer } from './code-server';
import { buildRunnerExtension, ensureVsix } from './extension';
import { ARTIFACTS, WORKSPACE, createRunDir, log } from './paths';
import { Results } from './results';
import { ensureCodeServer } from './tools';
import { SCREENSHOT_CHECKS } from './screenshots';
import { UI_CHECKS } from './ui-checks';
import { PANEL_CHECKS } from './ui-checks-panel';
import { EDITOR_UI_CHECKS } from './ui-checks-editor';

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
    const serverLog = path.join(runDir, 'code-server.log');
    if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(ARTIFACTS, 'code-server.log'));
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
    // The panel's review checks run on the panel the first checks opened.
    for (const [index, check] of [
      ...UI_CHECKS,
      ...PANEL_CHECKS,
      ...EDITOR_UI_CHECKS,
      ...SCREENSHOT_CHECKS,
    ].entries()) {
      const passed = await results.time(check.title, () => check.run(page));
      if (!passed) await page.screenshot({ path: path.join(ARTIFACTS, `failed-ui-check-${index + 1}.png`) });
    }
  } catch (error) {
    results.fail(`harness: ${step}`, error);
  } finally {
    await cleanUp();
  }
  return results.finish(log);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
