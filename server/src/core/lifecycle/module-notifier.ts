// Target modules coming and going while patches are installed (klp_module_coming / klp_module_going).
import { runPostPatch, runPostUnpatch, runPrePatch, runPreUnpatch } from './callbacks';
import { EEXIST, ENOENT, insertFailure } from './errno';
import type { KernelState, PatchInstance, RuntimeObject } from './state';

/** insmod of a target module: patches apply in load order while it is COMING, then its init runs. */
export function loadTarget(state: KernelState, name: string): void {
  if (state.targets.has(name)) {
    state.error(name, EEXIST, insertFailure(name, EEXIST));
    return;
  }
  state.targets.set(name, 'COMING');
  const ret = moduleComing(state, name);
  if (ret !== 0) {
    state.targets.delete(name);
    state.error(name, ret, insertFailure(name, ret));
    return;
  }
  state.events.push({ type: 'module', module: name, event: 'init' });
  state.targets.set(name, 'LIVE');
}

/** rmmod of a target module: its exit runs, then each patch is reverted from it while it is GOING. */
export function unloadTarget(state: KernelState, name: string): void {
  if (!state.targets.has(name)) {
    state.error(name, ENOENT, `Module ${name} is not currently loaded`);
    return;
  }
  state.targets.set(name, 'GOING');
  state.events.push({ type: 'module', module: name, event: 'exit' });
  revertFromModule(state, name, null);
  state.targets.delete(name);
}

function firstObjectFor(patch: PatchInstance, module: string): RuntimeObject | undefined {
  return patch.objects.find((o) => o.name === module);
}

/**
 * Each installed patch's first object for the module is applied: pre_patch, patch, then post_patch unless
 * that patch is in transition (its completion runs post_patch later). A failing pre_patch refuses the
 * module, and the patches applied before it are reverted.
 */
function moduleComing(state: KernelState, name: string): number {
  for (const patch of [...state.patches]) {
    const object = firstObjectFor(patch, name);
    if (!object) continue;
    object.loaded = true;
    state.kernel('notice', `applying patch '${patch.name}' to loading module '${name}'`);
    const ret = runPrePatch(state, patch, object);
    if (ret !== 0) {
      state.kernel('warn', `pre-patch callback failed for object '${name}'`);
      state.kernel(
        'warn',
        `patch '${patch.name}' failed for module '${name}', refusing to load module '${name}'`,
      );
      object.loaded = false;
      revertFromModule(state, name, patch);
      return ret;
    }
    object.patched = true;
    if (!state.isTransitionPatch(patch)) runPostPatch(state, patch, object);
  }
  return 0;
}

/**
 * Reverts every installed patch (those before `limit` when given) from the module: pre_unpatch unless the
 * patch is in transition, then unpatch, then post_unpatch when pre_patch had succeeded.
 */
function revertFromModule(state: KernelState, name: string, limit: PatchInstance | null): void {
  for (const patch of [...state.patches]) {
    if (patch === limit) break;
    const object = firstObjectFor(patch, name);
    if (!object?.loaded) continue;
    if (!state.isTransitionPatch(patch)) runPreUnpatch(state, patch, object);
    state.kernel('notice', `reverting patch '${patch.name}' on unloading module '${name}'`);
    object.patched = false;
    runPostUnpatch(state, patch, object);
    object.loaded = false;
  }
}
