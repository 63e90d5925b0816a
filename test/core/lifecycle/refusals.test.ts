// Actions the kernel refuses: busy transitions, double loads, rmmod of an installed livepatch, bad sysfs writes.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceEvent } from '../../../server/src/core/lifecycle/events';
import { livepatch, trace, traceLines } from './builder';

const p = livepatch('p', [{ name: null }]);
const q = livepatch('q', [{ name: null }]);

function errors(events: TraceEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'error' ? [`${e.module} ${e.errno} ${e.text}`] : []));
}

test('disable is refused with EBUSY while another patch is in transition', () => {
  const events = trace([p, q], 'load p\nstall\nload q\ndisable p\nsettle\ndisable p');
  assert.deepEqual(errors(events), [
    'p -16 echo 0 > /sys/kernel/livepatch/p/enabled: write error: Device or resource busy',
  ]);
  assert.ok(events.some((e) => e.type === 'kernel' && e.text === "'p': unpatching complete"));
});

test('loading a livepatch during another transition fails with EBUSY and prints nothing', () => {
  const events = trace([p, q], 'stall\nload p\nload q');
  const afterLoadQ = events.slice(events.findIndex((e) => e.type === 'action' && e.text === 'load q') + 1);
  assert.deepEqual(afterLoadQ, [
    { type: 'error', module: 'q', errno: -16, text: "could not insert 'q': Device or resource busy" },
  ]);
});

test('echo 1 to an enabled patch and echo 0 to a patch already unpatching are EINVAL', () => {
  const events = trace([p], 'load p\nenable p\nstall\ndisable p\ndisable p');
  assert.deepEqual(errors(events), [
    'p -22 echo 1 > /sys/kernel/livepatch/p/enabled: write error: Invalid argument',
    'p -22 echo 0 > /sys/kernel/livepatch/p/enabled: write error: Invalid argument',
  ]);
});

test('writes to a patch that is not installed find no sysfs file', () => {
  const events = trace([p], 'disable nosuch\nenable p');
  assert.deepEqual(errors(events), [
    'nosuch -2 cannot write /sys/kernel/livepatch/nosuch/enabled: No such file or directory',
    'p -2 cannot write /sys/kernel/livepatch/p/enabled: No such file or directory',
  ]);
});

test('rmmod of an enabled livepatch is refused; after the disable completes it succeeds', () => {
  const lines = traceLines([p], 'load p\nunload p\ndisable p\nunload p\nunload p');
  const tail = lines.slice(lines.indexOf('# unload p'));
  assert.equal(tail[1], 'error: Module p is in use (-11)');
  assert.deepEqual(tail.slice(-3), [
    '# unload p',
    '# unload p',
    'error: Module p is not currently loaded (-2)',
  ]);
});

test('rmmod of a livepatch whose disable is stalled is refused', () => {
  const events = trace([p], 'load p\nstall\ndisable p\nunload p');
  assert.deepEqual(errors(events), ['p -11 Module p is in use']);
});

test('a module cannot be inserted twice, a disabled livepatch stays loaded until rmmod', () => {
  const events = trace([p], 'load m\nload m\nload p\nload p\ndisable p\nload p\nunload p\nload p');
  assert.deepEqual(errors(events), [
    "m -17 could not insert 'm': File exists",
    "p -17 could not insert 'p': File exists",
    "p -17 could not insert 'p': File exists",
  ]);
  assert.equal(events.at(-1)?.type, 'kernel');
});

test('rmmod of a target module that is not loaded', () => {
  assert.deepEqual(errors(trace([p], 'unload m')), ['m -2 Module m is not currently loaded']);
});

test('replace= on a name that is no input livepatch is an error, not a target load', () => {
  const events = trace([p], 'load typo replace=1');
  assert.equal(events.filter((e) => e.type === 'module').length, 0);
  assert.match(errors(events)[0] ?? '', /^typo -2 no livepatch named 'typo' among the inputs/);
});

test('two inputs with the same patch name: reported once, the first is used', () => {
  const again = livepatch('p', [{ name: null, callbacks: [] }], { path: 'other/p.c' });
  const events = trace([p, again], 'load p');
  assert.deepEqual(errors(events), [
    "p -17 two input livepatches are named 'p' (p.c, other/p.c): the first is used",
  ]);
  assert.ok(events.some((e) => e.type === 'callback'));
});

test('a failing pre_patch of a later patch refuses the target and reverts the earlier patches from it', () => {
  const a = livepatch('a', [{ name: null }, { name: 'm' }]);
  const b = livepatch('b', [{ name: null }, { name: 'm' }]);
  const lines = traceLines([a, b], 'load a\nload b\nfail b:m -22\nload m\nunload m');
  assert.deepEqual(lines.slice(lines.indexOf('# load m')), [
    '# load m',
    "livepatch: applying patch 'a' to loading module 'm'",
    'a: pre_patch(m) [MODULE_STATE_COMING] -> pre_patch_m = 0',
    'a: post_patch(m) [MODULE_STATE_COMING] -> post_patch_m',
    "livepatch: applying patch 'b' to loading module 'm'",
    'b: pre_patch(m) [MODULE_STATE_COMING] -> pre_patch_m = -22',
    "livepatch: pre-patch callback failed for object 'm'",
    "livepatch: patch 'b' failed for module 'm', refusing to load module 'm'",
    'a: pre_unpatch(m) [MODULE_STATE_COMING] -> pre_unpatch_m',
    "livepatch: reverting patch 'a' on unloading module 'm'",
    'a: post_unpatch(m) [MODULE_STATE_COMING] -> post_unpatch_m',
    "error: could not insert 'm': Invalid argument (-22)",
    '# unload m',
    'error: Module m is not currently loaded (-2)',
  ]);
});

test('two objects for one module name fail the load with EEXIST before any message', () => {
  // Each object gets a sysfs directory named after it; the kernel refuses the second (oracle: duplicate-object).
  for (const scenario of ['load d\nload m', 'load m\nload d']) {
    const events = trace([livepatch('d', [{ name: 'm' }, { name: 'm' }])], scenario);
    assert.deepEqual(errors(events), ["d -17 could not insert 'd': File exists"]);
    assert.ok(!events.some((e) => e.type === 'kernel' || e.type === 'callback'));
  }
});

test('a vmlinux object without .funcs ends objs[]: it and later objects are ignored', () => {
  const cut = livepatch('c', [{ name: 'm' }, { name: null, funcsSet: false }, { name: 'n' }]);
  const lines = traceLines([cut], 'load m\nload n\nload c');
  assert.ok(lines.some((l) => l.startsWith('c: pre_patch(m)')));
  assert.ok(!lines.some((l) => /pre_patch\((vmlinux|n)\)/.test(l)), lines.join('\n'));
});

test('a module object without .funcs fails the load with EINVAL', () => {
  const events = trace([livepatch('e', [{ name: null }, { name: 'm', funcsSet: false }])], 'load e');
  assert.deepEqual(errors(events), ["e -22 could not insert 'e': Invalid argument"]);
});
