// The kernel selftest test-callbacks.sh sequences, replayed through the simulator with modules of our own.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { expected, livepatch, traceLines } from './builder';

// Like the selftest's demo livepatch: every callback on vmlinux and on two target modules.
const lp = livepatch('lp', [{ name: null }, { name: 'mod' }, { name: 'busy' }]);
const lp2 = livepatch('lp2', [{ name: null }]);

const ENABLE_VMLINUX_ONLY = `
  livepatch: enabling patch 'lp'
  livepatch: 'lp': initializing patching transition
  lp: pre_patch(vmlinux) -> pre_patch_vmlinux = 0
  livepatch: 'lp': starting patching transition
  livepatch: 'lp': completing patching transition
  lp: post_patch(vmlinux) -> post_patch_vmlinux
  livepatch: 'lp': patching complete`;

const DISABLE_VMLINUX_ONLY = `
  livepatch: 'lp': initializing unpatching transition
  lp: pre_unpatch(vmlinux) -> pre_unpatch_vmlinux
  livepatch: 'lp': starting unpatching transition
  livepatch: 'lp': completing unpatching transition
  lp: post_unpatch(vmlinux) -> post_unpatch_vmlinux
  livepatch: 'lp': unpatching complete`;

test('target module before livepatch', () => {
  const lines = traceLines([lp], 'load mod\nload lp\ndisable lp\nunload lp\nunload mod');
  assert.deepEqual(
    lines,
    expected(`
      # load mod
      mod: module init
      # load lp
      livepatch: enabling patch 'lp'
      livepatch: 'lp': initializing patching transition
      lp: pre_patch(vmlinux) -> pre_patch_vmlinux = 0
      lp: pre_patch(mod) [MODULE_STATE_LIVE] -> pre_patch_mod = 0
      livepatch: 'lp': starting patching transition
      livepatch: 'lp': completing patching transition
      lp: post_patch(vmlinux) -> post_patch_vmlinux
      lp: post_patch(mod) [MODULE_STATE_LIVE] -> post_patch_mod
      livepatch: 'lp': patching complete
      # disable lp
      livepatch: 'lp': initializing unpatching transition
      lp: pre_unpatch(vmlinux) -> pre_unpatch_vmlinux
      lp: pre_unpatch(mod) [MODULE_STATE_LIVE] -> pre_unpatch_mod
      livepatch: 'lp': starting unpatching transition
      livepatch: 'lp': completing unpatching transition
      lp: post_unpatch(vmlinux) -> post_unpatch_vmlinux
      lp: post_unpatch(mod) [MODULE_STATE_LIVE] -> post_unpatch_mod
      livepatch: 'lp': unpatching complete
      # unload lp
      # unload mod
      mod: module exit`),
  );
});

test('module_coming notifier', () => {
  const lines = traceLines([lp], 'load lp\nload mod\ndisable lp\nunload lp\nunload mod');
  assert.deepEqual(
    lines,
    expected(`
      # load lp
      ${ENABLE_VMLINUX_ONLY}
      # load mod
      livepatch: applying patch 'lp' to loading module 'mod'
      lp: pre_patch(mod) [MODULE_STATE_COMING] -> pre_patch_mod = 0
      lp: post_patch(mod) [MODULE_STATE_COMING] -> post_patch_mod
      mod: module init
      # disable lp
      livepatch: 'lp': initializing unpatching transition
      lp: pre_unpatch(vmlinux) -> pre_unpatch_vmlinux
      lp: pre_unpatch(mod) [MODULE_STATE_LIVE] -> pre_unpatch_mod
      livepatch: 'lp': starting unpatching transition
      livepatch: 'lp': completing unpatching transition
      lp: post_unpatch(vmlinux) -> post_unpatch_vmlinux
      lp: post_unpatch(mod) [MODULE_STATE_LIVE] -> post_unpatch_mod
      livepatch: 'lp': unpatching complete
      # unload lp
      # unload mod
      mod: module exit`),
  );
});

test('module_going notifier', () => {
  const lines = traceLines([lp], 'load mod\nload lp\nunload mod\ndisable lp\nunload lp');
  const unloadMod = lines.indexOf('# unload mod');
  assert.deepEqual(
    lines.slice(unloadMod),
    expected(`
      # unload mod
      mod: module exit
      lp: pre_unpatch(mod) [MODULE_STATE_GOING] -> pre_unpatch_mod
      livepatch: reverting patch 'lp' on unloading module 'mod'
      lp: post_unpatch(mod) [MODULE_STATE_GOING] -> post_unpatch_mod
      # disable lp
      ${DISABLE_VMLINUX_ONLY}
      # unload lp`),
  );
});

test('target module not present', () => {
  assert.deepEqual(
    traceLines([lp], 'load lp\ndisable lp\nunload lp'),
    expected(`# load lp ${ENABLE_VMLINUX_ONLY}
      # disable lp ${DISABLE_VMLINUX_ONLY}
      # unload lp`),
  );
});

test('pre-patch callback -ENODEV: the vmlinux pre_patch fails, nothing else runs, insmod fails', () => {
  const lines = traceLines([lp], 'load mod\nfail lp:vmlinux -19\nload lp\nunload mod');
  assert.deepEqual(
    lines,
    expected(`
      # load mod
      mod: module init
      # fail lp:vmlinux -19
      # load lp
      livepatch: enabling patch 'lp'
      livepatch: 'lp': initializing patching transition
      lp: pre_patch(vmlinux) -> pre_patch_vmlinux = -19
      livepatch: pre-patch callback failed for object 'vmlinux'
      livepatch: failed to enable patch 'lp'
      livepatch: 'lp': canceling patching transition, going to unpatch
      livepatch: 'lp': completing unpatching transition
      livepatch: 'lp': unpatching complete
      error: could not insert 'lp': No such device (-19)
      # unload mod
      mod: module exit`),
  );
});

test('module_coming + pre-patch callback -ENODEV: the target is refused, only vmlinux unpatches later', () => {
  const lines = traceLines([lp], 'load lp\nfail lp\nload mod\ndisable lp\nunload lp');
  assert.deepEqual(
    lines.slice(lines.indexOf('# fail lp')),
    expected(`
      # fail lp
      # load mod
      livepatch: applying patch 'lp' to loading module 'mod'
      lp: pre_patch(mod) [MODULE_STATE_COMING] -> pre_patch_mod = -19
      livepatch: pre-patch callback failed for object 'mod'
      livepatch: patch 'lp' failed for module 'mod', refusing to load module 'mod'
      error: could not insert 'mod': No such device (-19)
      # disable lp ${DISABLE_VMLINUX_ONLY}
      # unload lp`),
  );
});

test('multiple target modules', () => {
  const lines = traceLines(
    [lp],
    'load busy\nload lp\nload mod\nunload mod\ndisable lp\nunload lp\nunload busy',
  );
  assert.deepEqual(
    lines.slice(lines.indexOf('# load lp'), lines.indexOf('# unload mod')),
    expected(`
      # load lp
      livepatch: enabling patch 'lp'
      livepatch: 'lp': initializing patching transition
      lp: pre_patch(vmlinux) -> pre_patch_vmlinux = 0
      lp: pre_patch(busy) [MODULE_STATE_LIVE] -> pre_patch_busy = 0
      livepatch: 'lp': starting patching transition
      livepatch: 'lp': completing patching transition
      lp: post_patch(vmlinux) -> post_patch_vmlinux
      lp: post_patch(busy) [MODULE_STATE_LIVE] -> post_patch_busy
      livepatch: 'lp': patching complete
      # load mod
      livepatch: applying patch 'lp' to loading module 'mod'
      lp: pre_patch(mod) [MODULE_STATE_COMING] -> pre_patch_mod = 0
      lp: post_patch(mod) [MODULE_STATE_COMING] -> post_patch_mod
      mod: module init`),
  );
  assert.equal(lines.at(-1), 'busy: module exit');
});

test('busy target module: stalled transition, module in and out, then the disable reverses it', () => {
  const lines = traceLines(
    [lp],
    'load busy\nstall\nload lp\nload mod\nunload mod\ndisable lp\nunload lp\nunload busy',
  );
  assert.deepEqual(
    lines.slice(lines.indexOf('# load lp')),
    expected(`
      # load lp
      livepatch: enabling patch 'lp'
      livepatch: 'lp': initializing patching transition
      lp: pre_patch(vmlinux) -> pre_patch_vmlinux = 0
      lp: pre_patch(busy) [MODULE_STATE_LIVE] -> pre_patch_busy = 0
      livepatch: 'lp': starting patching transition
      # load mod
      livepatch: applying patch 'lp' to loading module 'mod'
      lp: pre_patch(mod) [MODULE_STATE_COMING] -> pre_patch_mod = 0
      mod: module init
      # unload mod
      mod: module exit
      livepatch: reverting patch 'lp' on unloading module 'mod'
      lp: post_unpatch(mod) [MODULE_STATE_GOING] -> post_unpatch_mod
      # disable lp
      livepatch: 'lp': reversing transition from patching to unpatching
      livepatch: 'lp': starting unpatching transition
      livepatch: 'lp': completing unpatching transition
      lp: post_unpatch(vmlinux) -> post_unpatch_vmlinux
      lp: post_unpatch(busy) [MODULE_STATE_LIVE] -> post_unpatch_busy
      livepatch: 'lp': unpatching complete
      # unload lp
      # unload busy
      busy: module exit`),
  );
});

test('multiple livepatches enable and disable independently', () => {
  const lines = traceLines([lp, lp2], 'load lp\nload lp2\ndisable lp2\ndisable lp\nunload lp2\nunload lp');
  const callbacks = lines.filter((l) => / -> /.test(l)).map((l) => l.replace(/ ->.*/, ''));
  assert.deepEqual(callbacks, [
    'lp: pre_patch(vmlinux)',
    'lp: post_patch(vmlinux)',
    'lp2: pre_patch(vmlinux)',
    'lp2: post_patch(vmlinux)',
    'lp2: pre_unpatch(vmlinux)',
    'lp2: post_unpatch(vmlinux)',
    'lp: pre_unpatch(vmlinux)',
    'lp: post_unpatch(vmlinux)',
  ]);
  assert.ok(!lines.some((l) => l.startsWith('error')));
});

test('atomic replace: the replaced patch gets no callback, the replacing one gets all of its own', () => {
  const lines = traceLines([lp, lp2], 'load lp\nload lp2 replace=1\ndisable lp2\nunload lp2\nunload lp');
  const callbacks = lines.filter((l) => / -> /.test(l)).map((l) => l.replace(/ ->.*/, ''));
  assert.deepEqual(callbacks, [
    'lp: pre_patch(vmlinux)',
    'lp: post_patch(vmlinux)',
    'lp2: pre_patch(vmlinux)',
    'lp2: post_patch(vmlinux)',
    'lp2: pre_unpatch(vmlinux)',
    'lp2: post_unpatch(vmlinux)',
  ]);
  // The replaced patch is gone from sysfs and its module can be removed.
  assert.ok(!lines.some((l) => l.startsWith('error')));
});
