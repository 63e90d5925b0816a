// The extension-host side of the end-to-end run: mocha runs the suites and writes a JSON report for the harness.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

/** Where the harness reads the outcome; mocha's own console output reaches it only with raw %s placeholders. */
export const REPORT_FILE = path.join(__dirname, 'report.json');

class JsonFileReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const outcomes: TestOutcome[] = [];
    runner.on('pass', (test) =>
      outcomes.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }),
    );
    runner.on('fail', (test, error: Error) =>
      outcomes.push({
        title: test.fullTitle(),
        state: 'failed',
        durationMs: test.duration ?? 0,
        error: error.stack ?? error.message,
      }),
    );
    runner.once('end', () => fs.writeFileSync(REPORT_FILE, JSON.stringify(outcomes, null, 2)));
  }
}

/** Called by the extension host (extensionTestsPath); rejecting makes the workbench report exit code 1. */
export async function run(): Promise<void> {
  fs.rmSync(REPORT_FILE, { force: true });
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, reporter: JsonFileReporter });
  // The suites are bundled into this file: define mocha's globals, then evaluate them.
  mocha.suite.emit('pre-require', globalThis, 'bundled suites', mocha);
  await import('./diagnostics.e2e.js');
  await import('./hover.e2e.js');
  await import('./panel.e2e.js');
  await import('./editor-lsp.e2e.js');
  await import('./navigation.e2e.js');
  await import('./workspace.e2e.js');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed`);
}
