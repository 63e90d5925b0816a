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

test(
  'output to a full device is one clear line and exit 2, not a stack trace',
  { skip: !fs.existsSync('/dev/full') },
  () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [BIN, 'extract', 'samples'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', full, 'pipe'],
      });
      assert.equal(result.status, 2);
      assert.match(result.stderr, /^klp-callbacks: cannot write the output: ENOSPC/);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    } finally {
      fs.closeSync(full);
    }
  },
);

test(
  'a FIFO or a device never blocks: as a source, and as a scenario file',
  { skip: process.platform === 'win32' },
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-callbacks-fifo-'));
    const fifo = path.join(dir, 'module.c');
    try {
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const check = spawnSync(process.execPath, [BIN, 'check', fifo, '/dev/zero'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(check.status, 2);
      assert.match(check.stderr, /module\.c: skipped: not a regular file \(a FIFO\)/);
      assert.match(check.stderr, /\/dev\/zero: skipped: not a regular file \(a character device\)/);
      const trace = spawnSync(
        process.execPath,
        [BIN, 'trace', 'samples/livepatch-callbacks-demo.c', '--scenario', fifo],
        { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 },
      );
      assert.equal(trace.status, 2);
      assert.match(trace.stderr, /cannot read scenario .*: skipped: not a regular file \(a FIFO\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

const SERVER_BIN = path.join(REPO_ROOT, 'bin', 'klp-callbacks-ls.js');

test('klp-callbacks-ls --help and --version answer and exit 0; no transport is one line and exit 2', () => {
  const runServer = (...args: string[]) =>
    spawnSync(process.execPath, [SERVER_BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 });
  const help = runServer('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: klp-callbacks-ls --stdio/);
  assert.equal(help.stderr, '');
  const version = runServer('--version');
  assert.equal(version.status, 0);
  assert.equal(
    version.stdout.trim(),
    `klp-callbacks-ls ${(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version}`,
  );
  const bare = runServer();
  assert.equal(bare.status, 2);
  assert.equal(bare.stdout, '');
  assert.match(
    bare.stderr,
    /^klp-callbacks-ls: no transport given .*\nRun 'klp-callbacks-ls --help' for its options\.\n$/,
  );
});

test('--debug on the real binary: a usage error stays the error and its hint', () => {
  const usage = run('check', '--rule', 'x=off=y', '--debug');
  assert.equal(usage.status, 2);
  assert.equal(
    usage.stderr,
    "klp-callbacks check: --rule takes one id=severity (e.g. asymmetric-pair=off), not 'x=off=y'\nRun 'klp-callbacks check --help' for its options.\n",
  );
});
