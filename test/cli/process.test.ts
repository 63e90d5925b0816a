// The installed bin as a real process: help, version, unknown commands, and a reader that leaves early.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers';

const BIN = path.join(REPO_ROOT, 'bin', 'klp-callbacks.js');

function run(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
}

test('--help lists every command; no arguments is a usage error', () => {
  const help = run('--help');
  assert.equal(help.status, 0);
  for (const command of ['check', 'extract', 'trace', 'scenarios'])
    assert.match(help.stdout, new RegExp(`\\n  ${command} `));
  assert.equal(run().status, 2);
});

test('--version prints the package version', () => {
  const result = run('--version');
  assert.equal(result.status, 0);
  assert.equal(
    result.stdout.trim(),
    (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version,
  );
});

test('an unknown command exits 2 with a message', () => {
  const result = run('lint');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown command 'lint'/);
});

test('a reader that closes the pipe early (| head) is not a crash', async () => {
  // Far more output than a pipe buffers, so the writer is still writing when the reader leaves.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-callbacks-epipe-'));
  const sample = fs.readFileSync(path.join(REPO_ROOT, 'samples', 'livepatch-callbacks-demo.c'), 'utf8');
  for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(dir, `copy-${i}.c`), sample);
  const child = spawn(process.execPath, [BIN, 'extract', dir], { cwd: REPO_ROOT });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
  assert.equal(code, 0);
  fs.rmSync(dir, { recursive: true, force: true });
});
