// klp-callbacks-ls --help and --version, run as a process: text on stdout, exit 0, no server started.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers';

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'klp-callbacks-ls.js'), ...args],
      { timeout: 20_000 },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
    child.stdin?.end();
  });
}

for (const flag of ['--help', '-h']) {
  test(`${flag} prints usage and exits 0`, async () => {
    const { code, out, err } = await run([flag]);
    assert.equal(code, 0, err);
    assert.match(out, /^usage: klp-callbacks-ls /);
    assert.match(out, /--stdio/);
    assert.doesNotMatch(out + err, /\n\s+at /, 'no stack trace');
  });
}

for (const flag of ['--version', '-v']) {
  test(`${flag} prints the package's version and exits 0`, async () => {
    const { code, out, err } = await run([flag]);
    assert.equal(code, 0, err);
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(out, `klp-callbacks-ls ${version}\n`);
  });
}
