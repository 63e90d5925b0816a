// Stalled transitions, settle, and reversals in both directions.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { expected, livepatch, traceLines } from './builder';

const p = livepatch('p', [{ name: null }, { name: 'm' }]);

function from(lines: string[], marker: string): string[] {
  const index = lines.indexOf(marker);
  assert.ok(index >= 0, `missing ${marker}`);
  return lines.slice(index);
}

test('a stalled patching transition completes at settle, running post_patch for every loaded object', () => {
  const lines = traceLines([p], 'stall\nload p\nload m\nsettle');
  assert.deepEqual(
    from(lines, '# load m'),
    expected(`
      # load m
      livepatch: applying patch 'p' to loading module 'm'
      p: pre_patch(m) [MODULE_STATE_COMING] -> pre_patch_m = 0
      m: module init
      # settle
      livepatch: 'p': completing patching transition
      p: post_patch(vmlinux) -> post_patch_vmlinux
      p: post_patch(m) [MODULE_STATE_LIVE] -> post_patch_m
      livepatch: 'p': patching complete`),
  );
});

test('settle with nothing pending only stops stalling', () => {
  const lines = traceLines([p], 'stall\nsettle\nload p');
  assert.equal(lines.at(-1), "livepatch: 'p': patching complete");
  assert.deepEqual(lines.slice(0, 2), ['# stall', '# settle']);
});

test('a disable reversed mid-transition: no callback at the reversal, post_patch runs a second time', () => {
  const lines = traceLines([p], 'load m\nload p\nstall\ndisable p\nenable p\nsettle\ndisable p');
  assert.deepEqual(
    from(lines, '# disable p').slice(0, 14),
    expected(`
      # disable p
      livepatch: 'p': initializing unpatching transition
      p: pre_unpatch(vmlinux) -> pre_unpatch_vmlinux
      p: pre_unpatch(m) [MODULE_STATE_LIVE] -> pre_unpatch_m
      livepatch: 'p': starting unpatching transition
      # enable p
      livepatch: 'p': reversing transition from unpatching to patching
      livepatch: 'p': starting patching transition
      livepatch: 'p': completing patching transition
      p: post_patch(vmlinux) -> post_patch_vmlinux
      p: post_patch(m) [MODULE_STATE_LIVE] -> post_patch_m
      livepatch: 'p': patching complete
      # settle
      # disable p`),
  );
  assert.equal(lines.filter((l) => l.startsWith('p: post_patch(vmlinux)')).length, 2);
  // post_unpatch stayed armed through the reversal, so the later disable runs it.
  assert.deepEqual(
    lines.slice(-3),
    expected(`
      p: post_unpatch(vmlinux) -> post_unpatch_vmlinux
      p: post_unpatch(m) [MODULE_STATE_LIVE] -> post_unpatch_m
      livepatch: 'p': unpatching complete`),
  );
});

test('an enable reversed mid-transition runs post_unpatch and never pre_unpatch; the patch is gone', () => {
  const lines = traceLines([p], 'load m\nstall\nload p\ndisable p\ndisable p\nunload p');
  assert.deepEqual(
    from(lines, '# disable p'),
    expected(`
      # disable p
      livepatch: 'p': reversing transition from patching to unpatching
      livepatch: 'p': starting unpatching transition
      livepatch: 'p': completing unpatching transition
      p: post_unpatch(vmlinux) -> post_unpatch_vmlinux
      p: post_unpatch(m) [MODULE_STATE_LIVE] -> post_unpatch_m
      livepatch: 'p': unpatching complete
      # disable p
      error: cannot write /sys/kernel/livepatch/p/enabled: No such file or directory (-2)
      # unload p`),
  );
  assert.ok(!lines.some((l) => l.includes('pre_unpatch')));
});

test('a target leaving during a stalled disable gets no pre_unpatch (it ran at the disable) but post_unpatch', () => {
  const lines = traceLines([p], 'load m\nload p\nstall\ndisable p\nunload m\nsettle');
  assert.deepEqual(
    from(lines, '# unload m'),
    expected(`
      # unload m
      m: module exit
      livepatch: reverting patch 'p' on unloading module 'm'
      p: post_unpatch(m) [MODULE_STATE_GOING] -> post_unpatch_m
      # settle
      livepatch: 'p': completing unpatching transition
      p: post_unpatch(vmlinux) -> post_unpatch_vmlinux
      livepatch: 'p': unpatching complete`),
  );
});

test('a target arriving during a stalled disable is patched without post_patch, then unpatched at settle', () => {
  const lines = traceLines([p], 'load p\nstall\ndisable p\nload m\nsettle\nunload p\nunload m');
  assert.deepEqual(
    from(lines, '# load m'),
    expected(`
      # load m
      livepatch: applying patch 'p' to loading module 'm'
      p: pre_patch(m) [MODULE_STATE_COMING] -> pre_patch_m = 0
      m: module init
      # settle
      livepatch: 'p': completing unpatching transition
      p: post_unpatch(vmlinux) -> post_unpatch_vmlinux
      p: post_unpatch(m) [MODULE_STATE_LIVE] -> post_unpatch_m
      livepatch: 'p': unpatching complete
      # unload p
      # unload m
      m: module exit`),
  );
});

test('a reversal while still stalling completes at once, but the next transition stalls again', () => {
  const lines = traceLines([p], 'stall\nload p\ndisable p\nunload p\nload p');
  assert.equal(lines.at(-1), "livepatch: 'p': starting patching transition");
  assert.ok(lines.includes("livepatch: 'p': unpatching complete"));
});
