// The explorer's abstract kernel state: sameKernelState and kernelHash tell states apart exactly as the
// structured key they replaced did, and states they merge behave alike under every action.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { nextVersionName, withNextVersions } from '../../../server/src/core/check/alphabet';
import { cloneKernel } from '../../../server/src/core/check/clone';
import { KernelGraph } from '../../../server/src/core/check/kernel-graph';
import { kernelHash, sameKernelState } from '../../../server/src/core/check/kernel-key';
import { livepatchModulesOf } from '../../../server/src/core/lifecycle/file-modules';
import { parseScenario, type ScenarioAction } from '../../../server/src/core/lifecycle/scenario';
import { applyAction, startKernel } from '../../../server/src/core/lifecycle/simulate';
import type { KernelState, LivepatchModule } from '../../../server/src/core/lifecycle/state';
import { FIXTURES, SAMPLES } from '../../helpers';
import { sourceFiles } from '../rules/expectations';
import { contextOf } from './context';

const FILES = [
  ...sourceFiles(SAMPLES).filter((file) => path.dirname(file) === SAMPLES),
  ...sourceFiles(path.join(FIXTURES, 'check')),
  ...sourceFiles(path.join(FIXTURES, 'oracle', 'atomic-replace')),
];
const DEPTH = 4;

/** The key the explorer memoised on before: nested arrays, written as JSON. */
function referenceKey(state: KernelState): string {
  return JSON.stringify([
    state.patches.map((p) => [
      p.name,
      p.enabled,
      p.replace,
      p.objects.map((o) => [o.name, o.loaded, o.patched, o.postUnpatchEnabled]),
    ]),
    [...state.livepatchModules.keys()].sort(),
    [...state.targets].sort(),
    state.transition && [state.transition.patch.name, state.transition.target],
    state.stalling,
    [...state.failures].map(([name, spec]) => [name, spec.all, [...spec.objects]]),
  ]);
}

/** Every action the explorer's alphabets use for these modules, on all patches and targets at once. */
function alphabet(modules: readonly LivepatchModule[]): ScenarioAction[] {
  const lines = new Set<string>(['stall', 'settle']);
  for (const { patch } of modules) {
    const p = patch.name;
    for (const line of [`load ${p}`, `disable ${p}`, `enable ${p}`, `unload ${p}`]) lines.add(line);
    lines.add(`load ${nextVersionName(p)} replace=${patch.replace ? 1 : 0}`);
    lines.add(`disable ${nextVersionName(p)}`);
    for (const object of patch.objects) {
      if (object.name) lines.add(`load ${object.name}`).add(`unload ${object.name}`);
      if (object.callbacks.pre_patch) lines.add(`fail ${p}:${object.name ?? 'vmlinux'}`);
    }
  }
  return parseScenario([...lines].join('\n')).actions;
}

/** Every state reached within DEPTH actions, each path's own copy (not merged), after the one it came from. */
function reachedStates(modules: LivepatchModule[], actions: ScenarioAction[]): [KernelState, KernelState][] {
  const all: [KernelState, KernelState][] = [];
  let frontier = [startKernel(modules)];
  const seen = new Set<string>();
  for (let depth = 0; depth < DEPTH; depth++) {
    const next: KernelState[] = [];
    for (const state of frontier)
      for (const action of actions) {
        const copy = cloneKernel(state);
        applyAction(copy, action);
        all.push([state, copy]);
        const key = referenceKey(copy);
        if (!seen.has(key)) next.push(copy);
        seen.add(key);
      }
    frontier = next;
  }
  return all;
}

async function modulesOf(file: string): Promise<LivepatchModule[]> {
  const modules = livepatchModulesOf((await contextOf(file)).model);
  const loads = parseScenario(modules.map((m) => `load ${nextVersionName(m.patch.name)}`).join('\n'));
  return withNextVersions(modules, loads.actions);
}

test('sameKernelState and kernelHash agree with the structured key on every reached state', async () => {
  let compared = 0;
  for (const file of FILES) {
    const modules = await modulesOf(file);
    if (modules.length === 0) continue;
    const steps = reachedStates(modules, alphabet(modules));
    // One action apart, as the graph compares a copy with the state it was stepped from.
    for (const [from, to] of steps)
      assert.equal(
        sameKernelState(from, to),
        referenceKey(from) === referenceKey(to),
        `${path.basename(file)}: sameKernelState disagrees with the key`,
      );
    const states = steps.map(([, to]) => to);
    const names = new Map<string, number>();
    const nameId = (name: string) => names.get(name) ?? names.set(name, names.size).get(name) ?? -1;
    const byHash = new Map<number, KernelState[]>();
    const byKey = new Map<string, KernelState[]>();
    for (const state of states) {
      const hash = kernelHash(state, nameId);
      byHash.set(hash, [...(byHash.get(hash) ?? []), state]);
      const key = referenceKey(state);
      byKey.set(key, [...(byKey.get(key) ?? []), state]);
    }
    for (const alike of byKey.values())
      for (const state of alike.slice(1)) {
        assert.ok(sameKernelState(alike[0], state), `${path.basename(file)}: equal keys, not the same state`);
        assert.equal(kernelHash(state, nameId), kernelHash(alike[0], nameId));
        compared++;
      }
    for (const bucket of byHash.values())
      for (let i = 0; i < bucket.length; i++)
        for (let j = i + 1; j < Math.min(bucket.length, i + 8); j++)
          assert.equal(
            sameKernelState(bucket[i], bucket[j]),
            referenceKey(bucket[i]) === referenceKey(bucket[j]),
            `${path.basename(file)}: sameKernelState disagrees with the key`,
          );
  }
  assert.ok(compared > 1000, `only ${compared} states compared`);
});

test('states the explorer merges behave alike: every action prints the same and leads to merged states', async () => {
  let classes = 0;
  for (const file of FILES) {
    const modules = await modulesOf(file);
    if (modules.length === 0) continue;
    const actions = alphabet(modules);
    const byKey = new Map<string, KernelState[]>();
    for (const [, state] of reachedStates(modules, actions)) {
      const key = referenceKey(state);
      const alike = byKey.get(key) ?? [];
      if (alike.length < 3) alike.push(state);
      byKey.set(key, alike);
    }
    for (const alike of byKey.values()) {
      if (alike.length < 2) continue;
      classes++;
      for (const action of actions) {
        const [first, ...others] = alike.map((state) => {
          const copy = cloneKernel(state);
          applyAction(copy, action);
          return copy;
        });
        for (const other of others) {
          assert.deepEqual(other.events, first.events, `${path.basename(file)}: ${action.text}`);
          assert.ok(sameKernelState(other, first), `${path.basename(file)}: ${action.text} diverges`);
        }
      }
    }
  }
  assert.ok(classes > 100, `only ${classes} merged states compared`);
});

test('the graph steps a state once per action and never changes a state it holds', async () => {
  const modules = await modulesOf(path.join(SAMPLES, 'livepatch-callbacks-demo.c'));
  const actions = alphabet(modules);
  const graph = new KernelGraph();
  const root = graph.nodeOf(startKernel(modules));
  const before = referenceKey(root.state);
  const steps = actions.map((action, letter) => graph.step(root, letter, action));
  assert.equal(referenceKey(root.state), before);
  actions.forEach((action, letter) => assert.equal(graph.step(root, letter, action), steps[letter]));
  const load = steps[actions.findIndex((a) => a.kind === 'load')];
  assert.notEqual(load.to, root);
  assert.equal(load.idle, false);
  const settle = steps[actions.findIndex((a) => a.kind === 'settle')];
  assert.equal(settle.to, root, 'settle with no transition leaves the kernel as it was');
  assert.equal(settle.idle, true);
  assert.equal(graph.nodeOf(cloneKernel(load.to.state)), load.to, 'an equal state is the same node');
});
