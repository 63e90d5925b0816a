// Atomic replace (replaced patches and their objects get nothing) and klp_state compatibility refusals.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceEvent } from '../../../server/src/core/lifecycle/events';
import { livepatch, trace, traceLines } from './builder';

const old = livepatch('old', [{ name: null }, { name: 'm' }]);
const next = livepatch('next', [{ name: null }], { replace: true });

function callbacks(lines: string[]): string[] {
  return lines.filter((l) => / -> /.test(l)).map((l) => l.replace(/ ->.*/, ''));
}

test('objects only the replaced patch had get nothing from anybody, even when the module leaves', () => {
  const lines = traceLines(
    [old, next],
    'load m\nload old\nload next\nunload m\ndisable next\nunload next\nunload old',
  );
  const afterReplace = lines.slice(lines.indexOf('# load next'));
  assert.deepEqual(callbacks(afterReplace), [
    'next: pre_patch(vmlinux)',
    'next: post_patch(vmlinux)',
    'next: pre_unpatch(vmlinux)',
    'next: post_unpatch(vmlinux)',
  ]);
  assert.deepEqual(lines.slice(lines.indexOf('# unload m'), lines.indexOf('# disable next')), [
    '# unload m',
    'm: module exit',
  ]);
  assert.ok(!lines.some((l) => l.startsWith('error')), lines.join('\n'));
});

test('the replaced patch leaves sysfs: writing its enabled file fails', () => {
  const events = trace([old, next], 'load old\nload next\ndisable old');
  const last = events.at(-1);
  assert.equal(last?.type === 'error' && last.errno, -2);
});

test('replace= on the load line overrides the source in both directions', () => {
  const stacked = traceLines([old, next], 'load old\nload next replace=0\ndisable old');
  assert.ok(stacked.includes("livepatch: 'old': unpatching complete"));
  const plain = livepatch('plain', [{ name: null }]);
  const replacing = traceLines([old, plain], 'load old\nload plain replace=1\ndisable old');
  assert.match(replacing.at(-1) ?? '', /No such file or directory/);
});

test('a module coming during a replace transition: the replaced patch applies, the nop object only logs', () => {
  const lines = traceLines([old, next], 'load old\nstall\nload next\nload m\nsettle\nunload m');
  assert.deepEqual(lines.slice(lines.indexOf('# load m')), [
    '# load m',
    "livepatch: applying patch 'old' to loading module 'm'",
    'old: pre_patch(m) [MODULE_STATE_COMING] -> pre_patch_m = 0',
    'old: post_patch(m) [MODULE_STATE_COMING] -> post_patch_m',
    "livepatch: applying patch 'next' to loading module 'm'",
    'm: module init',
    '# settle',
    "livepatch: 'next': completing patching transition",
    'next: post_patch(vmlinux) -> post_patch_vmlinux',
    "livepatch: 'next': patching complete",
    '# unload m',
    'm: module exit',
  ]);
});

test('a reversed replace leaves the old patch installed and gives the new one its post_unpatch', () => {
  const lines = traceLines([old, next], 'load old\nstall\nload next\ndisable next\nsettle\ndisable old');
  assert.ok(lines.includes('next: post_unpatch(vmlinux) -> post_unpatch_vmlinux'));
  assert.ok(lines.includes('old: pre_unpatch(vmlinux) -> pre_unpatch_vmlinux'));
  assert.equal(lines.at(-1), "livepatch: 'old': unpatching complete");
});

function refused(events: TraceEvent[], name: string): boolean {
  const message = `Livepatch patch (${name}) is not compatible with the already installed livepatches.`;
  const kernel = events.find((e) => e.type === 'kernel' && e.text === message);
  const error = events.find((e) => e.type === 'error' && e.module === name);
  return (
    kernel?.type === 'kernel' && kernel.level === 'err' && error?.type === 'error' && error.errno === -22
  );
}

test('state compatibility follows klp_is_patch_compatible', () => {
  const base = livepatch('base', [{ name: null }], { states: [{ id: 7, version: 2 }] });
  const cases: [string, Parameters<typeof livepatch>[2], boolean][] = [
    ['stacked patch without the state', {}, true],
    ['stacked patch with a lower version', { states: [{ id: 7, version: 1 }] }, false],
    ['replace patch without the state', { replace: true }, false],
    ['replace patch with a lower version', { replace: true, states: [{ id: 7, version: 1 }] }, false],
    ['replace patch with the same version', { replace: true, states: [{ id: 7, version: 2 }] }, true],
    ['replace patch with a higher version', { replace: true, states: [{ id: 7, version: 3 }] }, true],
    [
      'replace patch with an unevaluated version',
      { replace: true, states: [{ id: 7, version: null }] },
      true,
    ],
  ];
  for (const [label, spec, compatible] of cases) {
    const candidate = livepatch('cand', [{ name: null }], spec);
    const events = trace([base, candidate], 'load base\nload cand');
    assert.equal(!refused(events, 'cand'), compatible, label);
    if (!compatible) {
      const index = events.findIndex((e) => e.type === 'action' && e.text === 'load cand');
      assert.equal(events.slice(index).filter((e) => e.type === 'callback').length, 0, label);
    }
  }
});

test('the state check runs before the busy check, and only installed patches count', () => {
  const base = livepatch('base', [{ name: null }], { states: [{ id: 1, version: 1 }] });
  const cand = livepatch('cand', [{ name: null }], { replace: true });
  assert.ok(refused(trace([base, cand], 'stall\nload base\nload cand'), 'cand'));
  assert.ok(!refused(trace([base, cand], 'load base\ndisable base\nload cand'), 'cand'));
});

test('state ids the extractor could not evaluate are matched by their text', () => {
  const base = livepatch('base', [{ name: null }], { states: [{ id: null, idText: 'MY_ID', version: 1 }] });
  const same = livepatch('same', [{ name: null }], {
    replace: true,
    states: [{ id: null, idText: 'MY_ID', version: 1 }],
  });
  const other = livepatch('other', [{ name: null }], {
    replace: true,
    states: [{ id: null, idText: 'X', version: 1 }],
  });
  assert.ok(!refused(trace([base, same], 'load base\nload same'), 'same'));
  assert.ok(refused(trace([base, other], 'load base\nload other'), 'other'));
});
