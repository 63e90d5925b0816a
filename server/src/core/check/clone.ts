// A copy of the simulated kernel, so the explorer extends a scenario by one action instead of replaying it.
import { KernelState, type PatchInstance } from '../lifecycle/state';

/**
 * Deep enough that applying an action to the copy leaves the original as it was. The events so far
 * are not copied: the explorer looks only at the new ones, and replays a scenario in full when it
 * shows something.
 */
export function cloneKernel(state: KernelState): KernelState {
  const copy = new KernelState(state.catalog);
  // A state holds a few patches, each in several places: a list finds them faster than a Map.
  const originals: PatchInstance[] = [];
  const copies: PatchInstance[] = [];
  const instance = (patch: PatchInstance): PatchInstance => {
    const index = originals.indexOf(patch);
    if (index >= 0) return copies[index];
    const copied = { ...patch, objects: patch.objects.map((o) => ({ ...o })) };
    originals.push(patch);
    copies.push(copied);
    return copied;
  };
  copy.patches = state.patches.map(instance);
  for (const [name, patch] of state.livepatchModules) copy.livepatchModules.set(name, instance(patch));
  for (const [name, moduleState] of state.targets) copy.targets.set(name, moduleState);
  copy.transition = state.transition && { ...state.transition, patch: instance(state.transition.patch) };
  copy.stalling = state.stalling;
  for (const [name, spec] of state.failures)
    copy.failures.set(name, {
      ...(spec.all !== undefined ? { all: spec.all } : {}),
      objects: new Map(spec.objects),
    });
  return copy;
}
