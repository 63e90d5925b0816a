// `stall` and stacked patches: an unpatching transition is held only while no later patch changes the same functions.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LivepatchModule } from '../../../server/src/core/lifecycle/simulate';
import { livepatch, range, traceLines } from './builder';

/** The patch changes one function of its first object (a funcs[] entry). */
function changing(module: LivepatchModule): LivepatchModule {
  const [first] = module.patch.objects;
  if (first) first.funcs = [{ oldName: 'f', newFunc: 'new_f', range: range(1) }];
  return module;
}

const a = () => changing(livepatch('a', [{ name: null, callbacks: ['post_unpatch'] }]));
const b = () => changing(livepatch('b', [{ name: null, callbacks: ['post_unpatch'] }]));
const callbackOnly = () => livepatch('c', [{ name: null, callbacks: ['post_unpatch'] }]);

test('disabling the older of two patches that change functions completes at once while stalled', () => {
  const lines = traceLines([a(), b()], 'load a\nload b\nstall\ndisable a');
  assert.deepEqual(lines.slice(-4), [
    "livepatch: 'a': starting unpatching transition",
    "livepatch: 'a': completing unpatching transition",
    'a: post_unpatch(vmlinux) -> post_unpatch_vmlinux',
    "livepatch: 'a': unpatching complete",
  ]);
});

test('disabling the newest patch is held until settle', () => {
  const lines = traceLines([a(), b()], 'load a\nload b\nstall\ndisable b');
  assert.equal(lines.at(-1), "livepatch: 'b': starting unpatching transition");
});

test('a later callback-only patch does not hide the older one: its disable is held', () => {
  const lines = traceLines([a(), callbackOnly()], 'load a\nload c\nstall\ndisable a');
  assert.equal(lines.at(-1), "livepatch: 'a': starting unpatching transition");
});

test('two callback-only patches are taken to share a function of their own: the older one is not held', () => {
  const c2 = livepatch('d', [{ name: null, callbacks: ['post_unpatch'] }]);
  const lines = traceLines([callbackOnly(), c2], 'load c\nload d\nstall\ndisable c');
  assert.equal(lines.at(-1), "livepatch: 'c': unpatching complete");
});

test('a patching transition is held whatever the patch changes (stall asks for it)', () => {
  const lines = traceLines([callbackOnly()], 'stall\nload c');
  assert.equal(lines.at(-1), "livepatch: 'c': starting patching transition");
});
