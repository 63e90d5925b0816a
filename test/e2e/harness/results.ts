// Collects test outcomes from both sides and prints them like node's test runner, ending with "N passed, N failed".
import * as fs from 'node:fs';
import type { TestOutcome } from '../suite/index';
import type { Log } from './paths';

export class Results {
  private readonly outcomes: TestOutcome[] = [];

  /** Reads the suite's report; an exit code without a report (the suite never ran) is a failure of its own. */
  addHostReport(file: string, exitCode: number): void {
    if (!fs.existsSync(file)) {
      this.outcomes.push({
        title: 'extension-host suite',
        state: 'failed',
        durationMs: 0,
        error: `the workbench reported exit code ${exitCode} but the suite wrote no report (${file})`,
      });
      return;
    }
    const reported = JSON.parse(fs.readFileSync(file, 'utf8')) as TestOutcome[];
    this.outcomes.push(...reported);
    if (exitCode !== 0 && !reported.some((o) => o.state === 'failed')) {
      this.fail('extension-host suite', new Error(`the workbench reported exit code ${exitCode}`));
    }
  }

  /** Runs one check and records its outcome; resolves with whether it passed. */
  async time(title: string, body: () => Promise<void>): Promise<boolean> {
    const started = Date.now();
    try {
      await body();
      this.outcomes.push({ title, state: 'passed', durationMs: Date.now() - started });
      return true;
    } catch (error) {
      this.fail(title, error, Date.now() - started);
      return false;
    }
  }

  fail(title: string, error: unknown, durationMs = 0): void {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.outcomes.push({ title, state: 'failed', durationMs, error: text });
  }

  /** Prints every outcome and the summary; returns the process exit code. */
  finish(log: Log): number {
    for (const outcome of this.outcomes) {
      const mark = outcome.state === 'passed' ? '✔' : '✖';
      console.log(`${mark} ${outcome.title} (${outcome.durationMs}ms)`);
      if (outcome.error) console.log(outcome.error.replace(/^/gm, '    '));
    }
    const passed = this.outcomes.filter((o) => o.state === 'passed').length;
    const failed = this.outcomes.length - passed;
    log('done');
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 && passed > 0 ? 0 : 1;
  }
}
