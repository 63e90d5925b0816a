// cloneKernel copies every field of the simulated kernel, and stepping the copy leaves the original as it was.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { cloneKernel } from '../../../server/src/core/check/clone';
import { livepatchModulesOf } from '../../../server/src/core/lifecycle/file-modules';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import { applyAction, startKernel } from '../../../server/src/core/lifecycle/simulate';
import type { KernelState } from '../../../server/src/core/lifecycle/state';
import { SAMPLES } from '../../helpers';
import { contextOf } from './context';

/** Everything but the events (a copy starts with none), patch instances shared as in the original. */
function snapshot(state: KernelState): unknown {
  const instances = [...new Set([...state.livepatchModules.values(), ...state.patches])];
  return {
    instances,
    patches: state.patches.map((p) => instances.indexOf(p)),
    modules: [...state.livepatchModules].map(([name, p]) => [name, instances.indexOf(p)]),
    targets: [...state.targets],
    transition: state.transition && { ...state.transition, patch: instances.indexOf(state.transition.patch) },
    stalling: state.stalling,
    failures: [...state.failures].map(([name, spec]) => [name, spec.all, [...spec.objects]]),
    catalog: state.catalog,
  };
}

test('a copy has every field of every patch and object, and is independent of the original', async () => {
  const modules = livepatchModulesOf(
    (await contextOf(path.join(SAMPLES, 'livepatch-callbacks-demo.c'))).model,
  );
  const name = modules[0].patch.name;
  const state = startKernel(modules);
  const target = modules[0].patch.objects.find((o) => o.name)?.name ?? 'livepatch_callbacks_mod';
  for (const action of parseScenario(`stall\nload ${target}\nload ${name}\nfail ${name}:${target} -22`)
    .actions)
    applyAction(state, action);
  assert.ok(
    state.transition && state.failures.size > 0 && state.targets.size > 0,
    'a state with every part set',
  );
  const copy = cloneKernel(state);
  assert.deepEqual(snapshot(copy), snapshot(state));
  const [patch] = state.patches;
  const [copied] = copy.patches;
  assert.deepEqual(Object.keys(copied).sort(), Object.keys(patch).sort());
  assert.deepEqual(Object.keys(copied.objects[0]).sort(), Object.keys(patch.objects[0]).sort());
  const before = JSON.stringify(snapshot(state));
  for (const action of parseScenario(`settle\ndisable ${name}\nunload ${target}`).actions)
    applyAction(copy, action);
  assert.equal(JSON.stringify(snapshot(state)), before);
  assert.notEqual(JSON.stringify(snapshot(copy)), before);
});
