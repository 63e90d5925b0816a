// `check` shows files done/total on a terminal's stderr, and nothing extra when piped or under CI; --jobs is validated.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { wantsProgress } from '../../server/src/cli/io';
import { runCli } from '../../server/src/cli/main';
import { REPO_ROOT } from '../helpers';

const BIN = path.join(REPO_ROOT, 'bin', 'klp-callbacks.js');

test('progress: "checked done/total files" redrawn on one line, then erased; output unchanged', async () => {
  const lines: string[] = [];
  let out = '';
  const io = { out: (text: string) => (out += text), err: () => undefined, isTTY: false, cwd: REPO_ROOT };
  await runCli(['check', 'samples', '--jobs', '1'], { ...io, progress: (text) => lines.push(text) });
  assert.ok(lines.length >= 2);
  assert.match(lines[lines.length - 2], /^\rklp-callbacks: checked 15\/15 files$/);
  assert.equal(lines[lines.length - 1], '\r\u001b[K');
  let plain = '';
  await runCli(['check', 'samples', '--jobs', '1'], { ...io, out: (text) => (plain += text) });
  assert.equal(out, plain);
});

test('progress only for a terminal, and not under CI=true', () => {
  assert.equal(wantsProgress(true, {}), true);
  assert.equal(wantsProgress(false, {}), false);
  assert.equal(wantsProgress(true, { CI: 'true' }), false);
  assert.equal(wantsProgress(true, { CI: 'false' }), true);
});

/** Runs the bin under a pseudo-terminal (util-linux `script`), stdout and stderr both to it. */
function onTerminal(env: NodeJS.ProcessEnv): string {
  const command = `${process.execPath} ${BIN} check samples --jobs 1`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env,
  });
  return result.stdout;
}

test('a real process: the progress line on a terminal, none when stderr is piped or CI=true', () => {
  const env = { ...process.env };
  delete env.CI;
  assert.match(onTerminal(env), /klp-callbacks: checked 15\/15 files/);
  assert.doesNotMatch(onTerminal({ ...env, CI: 'true' }), /checked \d+\/\d+ files/);
  const piped = spawnSync(process.execPath, [BIN, 'check', 'samples'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env,
  });
  assert.equal(piped.stderr, '');
  assert.match(piped.stdout, / in 15 files\n$/);
});

test('--jobs takes a positive number; output is the same for any number of workers', async () => {
  const run = async (...args: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli(['check', ...args], {
      out: (text) => (out += text),
      err: (text) => (err += text),
      isTTY: false,
      cwd: REPO_ROOT,
    });
    return { code, out, err };
  };
  for (const bad of ['0', '-1', 'two', '1.5']) {
    const result = await run('samples', '--jobs', bad);
    assert.equal(result.code, 2, bad);
    assert.match(result.err, /--jobs takes a number of worker threads/);
  }
  const one = await run('test/fixtures/rules', '--jobs', '1');
  const three = await run('test/fixtures/rules', '--jobs=3');
  assert.equal(three.out, one.out);
});
