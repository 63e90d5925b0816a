// Debian's Chromium through playwright-core: loads the workbench, optionally with the extension-test payload.
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Log } from './paths';

const CHROMIUM = process.env.KLP_E2E_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function workbenchUrl(origin: string, folder: string, payload?: [string, string][]): string {
  const query = new URLSearchParams({ folder });
  if (payload) query.set('payload', JSON.stringify(payload));
  return `${origin}/?${query.toString()}`;
}

/** The workbench addresses files on the server through the remote authority, not file://. */
function remoteUri(origin: string, file: string): string {
  return `vscode-remote://${new URL(origin).host}${file}`;
}

/**
 * Loads the workbench with extensionDevelopmentPath/extensionTestsPath and resolves with the exit
 * code the workbench reports through codeAutomationExit once the suite's run() settles.
 */
export async function runHostSuite(
  context: BrowserContext,
  options: { origin: string; folder: string; runnerExtension: string; suiteEntry: string; timeoutMs: number },
  log: Log,
): Promise<number> {
  const page = await context.newPage();
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    if (type === 'error') log(`extension host: ${args.map(String).join(' ')}`);
  });
  const url = workbenchUrl(options.origin, options.folder, [
    ['extensionDevelopmentPath', remoteUri(options.origin, options.runnerExtension)],
    ['extensionTestsPath', remoteUri(options.origin, options.suiteEntry)],
    ['skipWelcome', 'true'],
  ]);
  log(`extension-host suite: loading the workbench with ${path.basename(options.suiteEntry)}`);
  // A loaded machine (parallel builds) can take well over the default 30 s to serve the workbench.
  await page.goto(url, { timeout: 120_000 });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the extension-host suite did not finish within ${options.timeoutMs / 1000}s`)),
      options.timeoutMs,
    );
  });
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
    await page.close();
  }
}

export async function openWorkbench(context: BrowserContext, origin: string, folder: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(workbenchUrl(origin, folder), { timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}
