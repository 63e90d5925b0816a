// `klp-callbacks verify` without a kernel run: usage errors and the missing-packages answer (exit 2).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import type { CliIO } from '../../server/src/cli/io';
import { aptLine } from '../../server/src/host/verify/toolchain';
import { REPO_ROOT } from '../helpers';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTTY: false,
    cwd: REPO_ROOT,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

test('verify needs a scenario', async () => {
  const { code, err } = await cli('verify', 'samples/livepatch-callbacks-demo.c');
  assert.equal(code, 2);
  assert.match(err, /--scenario is required/);
});

test('--kernel without --headers is a usage error', async () => {
  const { code, err } = await cli(
    'verify',
    'samples/livepatch-callbacks-demo.c',
    '--scenario',
    'target-not-present',
    '--kernel',
    '/boot/x',
  );
  assert.equal(code, 2);
  assert.match(err, /--kernel and --headers go together/);
});

test('a kernel that is not there: exit 2, saying what is missing and the apt-get line', async () => {
  const { code, out, err } = await cli(
    'verify',
    'samples/livepatch-callbacks-demo.c',
    '--scenario',
    'target-not-present',
    '--kernel',
    '/nonexistent/vmlinuz',
    '--headers',
    '/nonexistent/headers',
  );
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.match(err, /cannot run a real kernel: missing .*the kernel \/nonexistent\/vmlinuz/);
  assert.match(
    err,
    /install them with: apt-get install -y --no-install-recommends .*linux-image-amd64 linux-headers-amd64/,
  );
});

test('a built-in scenario that does not apply is refused before anything is built', async () => {
  const { code, err } = await cli(
    'verify',
    'samples/livepatch-callbacks-demo.c',
    '--scenario',
    'atomic-replace',
  );
  assert.equal(code, 2);
  assert.match(err, /does not apply/);
});

test('the apt-get line names the packages', () => {
  assert.equal(aptLine(['a', 'b']), 'apt-get install -y --no-install-recommends a b');
});
