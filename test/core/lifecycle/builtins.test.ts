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
// The next version of fix_a: an atomic-replace patch carrying the same klp_state at a higher version.
const third = livepatch('fix_c', [{ name: null }, { name: 'drv_x' }], {
  replace: true,
  states: [{ id: 3, version: 2 }],
});
const rich = [first, second, third];

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

test('atomic-replace loads the older non-replace version first, the replace patch second, as written', () => {
  assert.match(scenario(rich, 'atomic-replace').text, /load fix_a\nload fix_c\n/);
  const events = run(rich, 'atomic-replace');
  const index = events.findIndex((e) => e.type === 'action' && e.text === 'load fix_c');
  assert.ok(index > 0);
  assert.ok(!summary(events.slice(index)).some((s) => s.startsWith('fix_a')));
  assert.ok(!summary(events).some((s) => s.startsWith('error')));
});

test('refusal built-ins do produce their refusals', () => {
  assert.ok(summary(run(rich, 'busy-refused')).includes('error fix_a -16'));
  assert.ok(summary(run(rich, 'unload-while-enabled-refused')).includes('error fix_a -11'));
  const reverted = summary(run(rich, 'target-refused-earlier-patch-reverted'));
  assert.ok(reverted.includes('fix_a pre_unpatch drv_x COMING'), reverted.join('\n'));
  const states = run(rich, 'incompatible-states');
  assert.ok(states.some((e) => e.type === 'kernel' && e.level === 'err'));
  assert.ok(summary(states).includes('error fix_a -22'));
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
  assert.match(byName.get('atomic-replace')?.reason ?? '', /no input sets \.replace = true/);
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

/** Every order of the inputs: the built-ins must not depend on which file is active or given first. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

test('no built-in ever adds replace= to a load: patches load as their sources are written', () => {
  for (const order of permutations(rich)) {
    for (const built of builtinScenarios(order)) assert.doesNotMatch(built.text, /replace=/, built.name);
  }
});

test('atomic-replace with v1 (no .replace) and v2 (.replace = true), in either order: v1 first, then v2', () => {
  const v1 = livepatch('v1', [{ name: null }, { name: 'drv' }]);
  const v2 = livepatch('v2', [{ name: null }, { name: 'drv' }], { replace: true });
  for (const order of permutations([v1, v2])) {
    const text = scenario(order, 'atomic-replace').text;
    assert.match(text, /^load drv\nload v1\nload v2\n/m, order.map((m) => m.patch.name).join(','));
    const events = run(order, 'atomic-replace');
    const replaced = events.findIndex((e) => e.type === 'action' && e.text === 'load v2');
    assert.ok(!summary(events.slice(replaced)).some((s) => s.startsWith('v1 ')), 'v1 gets no callback');
    // As written they stack only with v1 on top: loaded second, v2 would replace v1.
    assert.match(scenario(order, 'stacked-patches').text, /load v2\nload v1\n/);
  }
});

test('with several replace versions, klp_state versions choose: the newest replaces its predecessor', () => {
  const version = (n: number) =>
    livepatch(`fix_v${n}`, [{ name: null }], { replace: true, states: [{ id: 7, version: n }] });
  for (const order of permutations([version(1), version(2), version(3)])) {
    const text = scenario(order, 'atomic-replace').text;
    assert.match(text, /load fix_v2\nload fix_v3\n/, order.map((m) => m.patch.name).join(','));
  }
});

test('when nothing sets .replace, atomic-replace says why in one line', () => {
  const reason = scenario([first, second], 'atomic-replace').reason ?? '';
  assert.match(reason, /^no input sets \.replace = true/);
  assert.doesNotMatch(reason, /\n/);
  for (const built of builtinScenarios([first])) assert.doesNotMatch(built.reason ?? '', /\n/);
  const replacing = livepatch('only_replace', [{ name: null }], { replace: true });
  assert.match(
    scenario([replacing, livepatch('also_replace', [{ name: null }], { replace: true })], 'stacked-patches')
      .reason ?? '',
    /without \.replace = true/,
  );
});
