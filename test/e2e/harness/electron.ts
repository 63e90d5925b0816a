// npm run test:electron: the extension-host suite in VS Code desktop (Electron) through @vscode/test-electron, for machines that can download VS Code.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { buildRunnerExtension, ensureVsix } from './extension';
import { ARTIFACTS, WORKSPACE, createRunDir, log } from './paths';
import { Results } from './results';

/** What VS Code's download asks first; unreachable here means the download would hang or fail later. */
const PROBE_URL =
  process.env.KLP_ELECTRON_PROBE_URL ?? 'https://update.code.visualstudio.com/api/releases/stable';
const PROBE_TIMEOUT_MS = Number(process.env.KLP_ELECTRON_PROBE_TIMEOUT_MS ?? 10_000);

/** The subset of @vscode/test-electron this runner uses. */
interface TestElectron {
  downloadAndUnzipVSCode(version?: string): Promise<string>;
  resolveCliArgsFromVSCodeExecutablePath(executable: string): string[];
  runTests(options: {
    vscodeExecutablePath: string;
    extensionDevelopmentPath: string;
    extensionTestsPath: string;
    launchArgs: string[];
  }): Promise<number>;
}

/** Resolves with why VS Code cannot be downloaded, or undefined when the update service answers. */
function probe(url: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const request = https.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode && response.statusCode < 500 ? undefined : `HTTP ${response.statusCode}`);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (error) => resolve(error.message));
  });
}

function fail(message: string): never {
  console.error(`test:electron: ${message}`);
  process.exit(1);
}

async function main(): Promise<number> {
  let executable = process.env.KLP_ELECTRON_VSCODE;
  if (!executable) {
    const unreachable = await probe(PROBE_URL, PROBE_TIMEOUT_MS);
    if (unreachable) {
      fail(
        `cannot download VS Code (${new URL(PROBE_URL).host}: ${unreachable}); set KLP_ELECTRON_VSCODE to a VS Code executable, or run npm run test:e2e (code-server)`,
      );
    }
  }
  const moduleName = '@vscode/test-electron';
  const electron = (await import(moduleName).catch(() =>
    fail(`${moduleName} is not installed: run npm ci`),
  )) as TestElectron;
  executable ??= await electron.downloadAndUnzipVSCode('stable');

  const runDir = createRunDir();
  try {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const vsix = ensureVsix(log, false);
    const runner = path.join(runDir, 'runner-extension');
    const suiteEntry = await buildRunnerExtension(runner);
    const extensionsDir = path.join(runDir, 'extensions');
    const userDataDir = path.join(runDir, 'user-data');
    const [cli, ...cliArgs] = electron.resolveCliArgsFromVSCodeExecutablePath(executable);
    const profile = [`--extensions-dir=${extensionsDir}`, `--user-data-dir=${userDataDir}`];
    const cliProfile = cliArgs.filter((a) => !/^--(extensions-dir|user-data-dir)/.test(a));
    const installed = spawnSync(cli, [...cliProfile, ...profile, '--install-extension', vsix], {
      encoding: 'utf8',
    });
    if (installed.status !== 0) fail(`installing ${vsix} failed: ${installed.stderr.trim()}`);
    // The extension under test is the installed .vsix; the development extension only carries the suite.
    const code = await electron.runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: runner,
      extensionTestsPath: suiteEntry,
      launchArgs: [
        WORKSPACE,
        ...profile,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
    const results = new Results();
    results.addHostReport(path.join(path.dirname(suiteEntry), 'report.json'), code);
    return results.finish(log);
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
);
