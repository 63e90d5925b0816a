// A copy of the simulated kernel, so the explorer extends a scenario by one action instead of replaying it.
import { KernelState, type PatchInstance, type RuntimeObject } from '../lifecycle/state';

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
    const copied = copyPatch(patch);
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

/**
 * Field by field rather than spread (the explorer copies a state at every step it computes, and
 * literals of one shape are several times faster); clone.test.ts holds these to every field.
 */
function copyPatch(patch: PatchInstance): PatchInstance {
  const objects: RuntimeObject[] = [];
  for (const object of patch.objects)
    objects.push({
      name: object.name,
      model: object.model,
      loaded: object.loaded,
      patched: object.patched,
      postUnpatchEnabled: object.postUnpatchEnabled,
    });
  return {
    name: patch.name,
    module: patch.module,
    replace: patch.replace,
    enabled: patch.enabled,
    objects,
  };
}
