// --real-callbacks: what can run on the user's own module, the kprobe lines, and the traced callbacks merged into the kernel's lines.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { livepatchModulesOf } from '../../../server/src/core/lifecycle/file-modules';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import type { LivepatchModule } from '../../../server/src/core/lifecycle/state';
import { extractFileModel } from '../../../server/src/core/model/extract';
import { targetModuleSource } from '../../../server/src/host/verify/mirror-targets';
import {
  callbackProbes,
  mergeHits,
  PROBES_BEGIN,
  PROBES_END,
  probeSetupLines,
  readProbeHits,
  realComparable,
  replacedFunctions,
  unbuildableReason,
  unsupportedActions,
} from '../../../server/src/host/verify/real-callbacks';
import { engine, SAMPLES } from '../../helpers';

async function modulesOf(file: string): Promise<LivepatchModule[]> {
  const full = path.join(SAMPLES, file);
  return livepatchModulesOf(extractFileModel(await engine(), full, fs.readFileSync(full, 'utf8')));
}

test('fail, succeed, stall, settle and replace= cannot run on a module built as written; loads and unloads can', () => {
  const { actions } = parseScenario(
    'load p\nfail p:vmlinux\nsucceed p\nstall\nsettle\nload q replace=1\ndisable p\nunload p',
  );
  assert.deepEqual(
    unsupportedActions(actions).map((p) => p.replace(/:.*/, '')),
    [
      'scenario line 2 (fail p',
      'scenario line 3 (succeed p)',
      'scenario line 4 (stall)',
      'scenario line 5 (settle)',
      'scenario line 6 (load q replace=1)',
    ],
  );
});

test('a struct klp_patch in a .c file builds as written; kpatch macro modules and .patch files do not', async () => {
  const [demo] = await modulesOf('livepatch-callbacks-demo.c');
  assert.ok(demo);
  assert.equal(unbuildableReason(demo), '');
  const [kpatch] = await modulesOf('kpatch-callbacks.c');
  assert.ok(kpatch);
  assert.match(unbuildableReason(kpatch), /kpatch-build or klp-build/);
  const [patchFile] = await modulesOf('kpatch-consoles-note.patch');
  assert.ok(patchFile);
  assert.notEqual(unbuildableReason(patchFile), '');
});

test('one kprobe per callback function, registered by module:symbol with the object’s name', async () => {
  const modules = await modulesOf('livepatch-callbacks-demo.c');
  const probes = callbackProbes(modules);
  assert.deepEqual(
    probes.map((p) => p.function),
    [
      'vmlinux_pre_patch',
      'vmlinux_post_patch',
      'vmlinux_pre_unpatch',
      'vmlinux_post_unpatch',
      'target_pre_patch',
      'target_post_patch',
      'target_pre_unpatch',
      'target_post_unpatch',
    ],
  );
  const lines = probeSetupLines(probes).join('\n');
  assert.match(lines, /echo perf > \/sys\/kernel\/tracing\/trace_clock/);
  assert.match(lines, /p:klpcb\/c4 livepatch_callbacks_demo:target_pre_patch obj=\+0\(\+0\(%di\)\):string/);
  // The stand-in for the target has the function the patch replaces there, so the patch can find it.
  assert.deepEqual(replacedFunctions(modules, 'demo_target'), ['demo_target_work']);
  assert.match(
    targetModuleSource('demo_target', ['demo_target_work']),
    /static noinline __used int demo_target_work\(void\)/,
  );
  assert.doesNotMatch(targetModuleSource('demo_target'), /noinline/);
});

test('the traced hits merge with the kernel’s lines by time, vmlinux for a NULL object name', () => {
  const probes = [
    { patch: 'p', function: 'vm_pre' },
    { patch: 'p', function: 'mod_pre' },
  ];
  const console = [
    'noise',
    `${PROBES_BEGIN} c1`,
    '# tracer: nop',
    '          insmod-81      [000] .....     2.000150: c0: (vm_pre+0x0/0x30 [p]) obj=(fault)',
    '          insmod-81      [000] .....     2.000200: c1: (mod_pre+0x0/0x30 [p]) obj="target"',
    `${PROBES_END} c1`,
  ].join('\n');
  const hits = readProbeHits(`${console}\n`, 'c1');
  assert.deepEqual(hits, [
    { time: 2_000_150, probe: 0, object: null },
    { time: 2_000_200, probe: 1, object: 'target' },
  ]);
  assert.equal(readProbeHits(console, 'c2'), null);
  const merged = mergeHits(
    [
      '== load p',
      "debug livepatch: 'p': initializing patching transition",
      "notice livepatch: 'p': starting",
    ],
    [1_000_000, 2_000_100, 2_000_200],
    hits ?? [],
    probes,
  );
  assert.deepEqual(merged, [
    '== load p',
    "debug livepatch: 'p': initializing patching transition",
    'info klp_oracle: p: callback vmlinux fn=vm_pre',
    "notice livepatch: 'p': starting",
    'info klp_oracle: p: callback target fn=mod_pre',
  ]);
});

test('predicted callbacks lose kind, module state and result; other lines stay', () => {
  assert.equal(
    realComparable('info klp_oracle: p: pre_patch target COMING fn=mod_pre ret=0'),
    'info klp_oracle: p: callback target fn=mod_pre',
  );
  assert.equal(
    realComparable('info klp_oracle: p: post_unpatch vmlinux fn=vm_post'),
    'info klp_oracle: p: callback vmlinux fn=vm_post',
  );
  assert.equal(realComparable('info klp_oracle: target: init'), 'info klp_oracle: target: init');
});
