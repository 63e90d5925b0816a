// `klp-callbacks verify` without a kernel run (usage errors, the missing-packages answer), and trace's limit warnings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import type { CliIO } from '../../server/src/cli/io';
import { aptLine, findToolchain } from '../../server/src/host/verify/toolchain';
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

test('trace warns (stderr and JSON) when a stall asks a callback-only patch to be held', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-trace-limits-'));
  const scenario = path.join(dir, 's.klpscenario');
  fs.writeFileSync(scenario, 'stall\nload only_callbacks\nsettle\n');
  const source = path.join(dir, 'only-callbacks.c');
  fs.writeFileSync(
    source,
    [
      '#include <linux/livepatch.h>',
      'static int pre(struct klp_object *obj) { return 0; }',
      'static struct klp_func none[] = { { } };',
      'static struct klp_object objs[] = { { .name = NULL, .funcs = none, .callbacks = { .pre_patch = pre } }, { } };',
      'static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };',
      '',
    ].join('\n'),
  );
  const { code, out, err } = await cli('trace', source, '--scenario', scenario);
  assert.equal(code, 0);
  const parsed = JSON.parse(out) as { warnings?: { line: number; message: string }[] };
  assert.equal(parsed.warnings?.[0]?.line, 2);
  assert.match(err, /warning: .*:2: 'only_callbacks' changes no function/);
});

test('--real-callbacks refuses what it cannot run on code built as written, before building anything', async () => {
  const scenario = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'klp-real-')), 'fail.klpscenario');
  fs.writeFileSync(scenario, 'fail livepatch_callbacks_demo:vmlinux\nload livepatch_callbacks_demo\n');
  const refused = await cli(
    'verify',
    'samples/livepatch-callbacks-demo.c',
    '--scenario',
    scenario,
    '--real-callbacks',
  );
  assert.equal(refused.code, 2);
  assert.match(
    refused.err,
    /--real-callbacks: scenario line 1 \(fail livepatch_callbacks_demo:vmlinux\): real callbacks return/,
  );
  const macros = await cli(
    'verify',
    'samples/kpatch-callbacks.c',
    '--scenario',
    'target-not-present',
    '--real-callbacks',
  );
  assert.equal(macros.code, 2);
  assert.match(macros.err, /built by kpatch-build or klp-build, not as a plain module/);
});

test('--real-callbacks on a module that does not compile: exit 2 with the compiler’s first errors', async (t) => {
  if ('missing' in findToolchain()) {
    t.skip('no kernel headers or compiler here');
    return;
  }
  const { code, err } = await cli(
    'verify',
    'samples/buggy/added-object.c',
    '--scenario',
    'target-not-present',
    '--real-callbacks',
  );
  assert.equal(code, 2);
  assert.match(err, /building the modules against .* failed/);
  assert.match(err, /added_object\.c:\d+:\d+: error: implicit declaration of function ‘klp_add_object’/);
});
