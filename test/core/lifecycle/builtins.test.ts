// Built-in scenarios: adapted to the modules' names, valid, applicable only when the inputs support them.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinScenarios, type BuiltinScenario } from '../../../server/src/core/lifecycle/builtins';
import type { TraceEvent } from '../../../server/src/core/lifecycle/events';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import { simulate, type LivepatchModule } from '../../../server/src/core/lifecycle/simulate';
import { livepatch } from './builder';

const first = livepatch('fix_a', [{ name: null }, { name: 'drv_x' }, { name: 'drv_y' }], {
  states: [{ id: 3, version: 1 }],
});
const second = livepatch('fix_b', [{ name: null }, { name: 'drv_x' }]);
const rich = [first, second];

function scenario(modules: LivepatchModule[], name: string): BuiltinScenario {
  const found = builtinScenarios(modules).find((s) => s.name === name);
  assert.ok(found, name);
  return found;
}

function run(modules: LivepatchModule[], name: string): TraceEvent[] {
  const built = scenario(modules, name);
  assert.ok(built.applicable, `${name}: ${built.reason}`);
  const parsed = parseScenario(built.text);
  assert.deepEqual(parsed.errors, [], name);
  return simulate(modules, parsed.actions);
}

function summary(events: TraceEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type === 'callback')
      return [`${e.patch} ${e.callback} ${e.object}${e.moduleState ? ` ${e.moduleState}` : ''}`];
    if (e.type === 'error') return [`error ${e.module} ${e.errno}`];
    return [];
  });
}

test('every built-in has a kebab-case name and applies to inputs rich enough, with a valid scenario', () => {
  const all = builtinScenarios(rich);
  assert.ok(all.length >= 12);
  for (const built of all) {
    assert.match(built.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(built.applicable, `${built.name}: ${built.reason}`);
    assert.deepEqual(parseScenario(built.text).errors, [], built.name);
    assert.ok(built.title && built.description);
  }
  assert.equal(new Set(all.map((s) => s.name)).size, all.length);
});

test('built-ins use the real patch and first module object names', () => {
  assert.equal(
    scenario(rich, 'target-loaded-after-patch').text,
    '# Target module loaded after the patch\nload fix_a\nload drv_x\ndisable fix_a\nunload fix_a\nunload drv_x\n',
  );
});

test('pre-patch-fails-while-enabling fails the last pre_patch so the earlier objects show post_unpatch', () => {
  const events = run(rich, 'pre-patch-fails-while-enabling');
  assert.deepEqual(summary(events), [
    'fix_a pre_patch vmlinux',
    'fix_a pre_patch drv_x LIVE',
    'fix_a pre_patch drv_y LIVE',
    'fix_a post_unpatch vmlinux',
    'fix_a post_unpatch drv_x LIVE',
    'error fix_a -19',
  ]);
});

test('pre-patch-fails-when-target-loads refuses the module and keeps the patch', () => {
  const events = run(rich, 'pre-patch-fails-when-target-loads');
  assert.ok(summary(events).includes('error drv_x -19'));
  assert.ok(!events.some((e) => e.type === 'module' && e.event === 'init'));
});

test('disable-reversed runs post_patch twice; stalled-then-reversed never runs pre_unpatch', () => {
  const reversed = summary(run(rich, 'disable-reversed'));
  assert.equal(reversed.filter((s) => s === 'fix_a post_patch vmlinux').length, 2);
  const stalled = summary(run(rich, 'stalled-then-reversed'));
  assert.ok(!stalled.some((s) => s.includes('pre_unpatch')));
  assert.ok(stalled.includes('fix_a post_unpatch drv_x GOING'));
});

test('atomic-replace picks a pair the state check accepts; the old patch then gets nothing', () => {
  // fix_a carries a klp_state that fix_b lacks, so only fix_b can be the replaced one.
  assert.match(scenario(rich, 'atomic-replace').text, /load fix_b\nload fix_a replace=1\n/);
  const events = run(rich, 'atomic-replace');
  const index = events.findIndex((e) => e.type === 'action' && e.text === 'load fix_a replace=1');
  assert.ok(index > 0);
  assert.ok(!summary(events.slice(index)).some((s) => s.startsWith('fix_b')));
  assert.ok(!summary(events).some((s) => s.startsWith('error')));
});

test('refusal built-ins do produce their refusals', () => {
  assert.ok(summary(run(rich, 'busy-refused')).includes('error fix_a -16'));
  assert.ok(summary(run(rich, 'unload-while-enabled-refused')).includes('error fix_a -11'));
  const reverted = summary(run(rich, 'target-refused-earlier-patch-reverted'));
  assert.ok(reverted.includes('fix_a pre_unpatch drv_x COMING'), reverted.join('\n'));
  const states = run(rich, 'incompatible-states');
  assert.ok(states.some((e) => e.type === 'kernel' && e.level === 'err'));
  assert.ok(summary(states).includes('error fix_b -22'));
});

test('with one vmlinux-only patch, the built-ins needing more say why they do not apply', () => {
  const only = [livepatch('solo', [{ name: null, callbacks: ['post_patch', 'pre_unpatch'] }])];
  const byName = new Map(builtinScenarios(only).map((s) => [s.name, s]));
  assert.equal(byName.get('target-not-present')?.applicable, true);
  assert.equal(byName.get('disable-reversed')?.applicable, true);
  for (const name of [
    'target-loaded-before-patch',
    'target-loaded-after-patch',
    'target-unloaded-while-patched',
  ]) {
    assert.match(byName.get(name)?.reason ?? '', /no module object/);
  }
  assert.match(byName.get('pre-patch-fails-while-enabling')?.reason ?? '', /pre_patch/);
  assert.match(byName.get('atomic-replace')?.reason ?? '', /cannot replace itself/);
  for (const built of byName.values()) {
    if (!built.applicable) assert.equal(built.text, '');
  }
});

test('without inputs nothing applies', () => {
  for (const built of builtinScenarios([])) {
    assert.equal(built.applicable, false);
    assert.equal(built.reason, 'no livepatch among the inputs');
  }
});
