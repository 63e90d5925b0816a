// Loading a livepatch module (klp_enable_patch), writes to /sys/kernel/livepatch/P/enabled, and its rmmod.
import type { ObjectModel, PatchModel } from '../model/types';
import { runPrePatch, runPreUnpatch } from './callbacks';
import { EAGAIN, EBUSY, EEXIST, EINVAL, ENOENT, errnoText, insertFailure } from './errno';
import { addNops, isPatchCompatible } from './replace';
import { objectLabel, type KernelState, type LivepatchModule, type PatchInstance } from './state';
import {
  cancelTransition,
  freePatch,
  initTransition,
  reverseTransition,
  startAndTryComplete,
} from './transition';

/** insmod of a livepatch module whose init calls klp_enable_patch. */
export function loadLivepatch(state: KernelState, module: LivepatchModule, replaceOverride?: boolean): void {
  const name = module.patch.name;
  if (state.livepatchModules.has(name)) {
    state.error(name, EEXIST, insertFailure(name, EEXIST));
    return;
  }
  const replace = replaceOverride ?? module.patch.replace;
  const objects = staticObjects(module.patch);
  // klp_enable_patch refuses a module object without .funcs before printing anything; only a
  // klp_patch written in C shows whether .funcs is set (macro-built patches always set it).
  if (objects.some((o) => !o.funcsSet)) {
    state.error(name, EINVAL, insertFailure(name, EINVAL));
    return;
  }
  if (!isPatchCompatible(state, module.patch.states, replace)) {
    state.kernel(
      'err',
      `Livepatch patch (${name}) is not compatible with the already installed livepatches.`,
    );
    state.error(name, EINVAL, insertFailure(name, EINVAL));
    return;
  }
  const patch: PatchInstance = {
    name,
    module,
    replace,
    enabled: false,
    objects: objects.map((model) => ({
      name: model.name,
      model,
      loaded: model.name === null || state.targets.has(model.name),
      patched: false,
      postUnpatchEnabled: false,
    })),
  };
  if (replace) addNops(state, patch);
  // Each object gets a sysfs directory named after it: a second one of the same name fails
  // kobject_add while the patch is initialised, before any message or callback.
  if (hasDuplicateObject(patch)) {
    state.error(name, EEXIST, insertFailure(name, EEXIST));
    return;
  }
  if (state.transition) {
    state.error(name, EBUSY, insertFailure(name, EBUSY));
    return;
  }
  state.patches.push(patch);
  const ret = enablePatch(state, patch);
  if (ret !== 0) {
    freePatch(state, patch);
    state.error(name, ret, insertFailure(name, ret));
    return;
  }
  state.livepatchModules.set(name, patch);
}

/**
 * The objects the kernel sees: it walks objs[] until an element with neither .name nor .funcs, so
 * a vmlinux object written without .funcs ends the array there and it and every later object are
 * silently ignored (the patch enables without them).
 */
function staticObjects(patch: PatchModel): ObjectModel[] {
  if (patch.source !== 'klp_patch') return patch.objects;
  const end = patch.objects.findIndex((o) => o.name === null && !o.funcsSet);
  return end < 0 ? patch.objects : patch.objects.slice(0, end);
}

function hasDuplicateObject(patch: PatchInstance): boolean {
  const labels = patch.objects.map(objectLabel);
  return new Set(labels).size !== labels.length;
}

/** __klp_enable_patch: pre_patch and patch each loaded object, then start the transition. */
function enablePatch(state: KernelState, patch: PatchInstance): number {
  state.kernel('notice', `enabling patch '${patch.name}'`);
  initTransition(state, patch, 'patched');
  for (const object of patch.objects) {
    if (!object.loaded) continue;
    const ret = runPrePatch(state, patch, object);
    if (ret !== 0) {
      state.kernel('warn', `pre-patch callback failed for object '${objectLabel(object)}'`);
      state.kernel('warn', `failed to enable patch '${patch.name}'`);
      cancelTransition(state);
      return ret;
    }
    object.patched = true;
  }
  patch.enabled = true;
  startAndTryComplete(state);
  return 0;
}

/** echo 0|1 > /sys/kernel/livepatch/P/enabled, checked in the order enabled_store checks. */
export function writeEnabled(state: KernelState, name: string, enabled: boolean): void {
  const file = `/sys/kernel/livepatch/${name}/enabled`;
  const patch = state.patches.find((p) => p.name === name);
  if (!patch) {
    state.error(name, ENOENT, `cannot write ${file}: ${errnoText(ENOENT)}`);
    return;
  }
  const refuse = (errno: number) =>
    state.error(name, errno, `echo ${enabled ? 1 : 0} > ${file}: write error: ${errnoText(errno)}`);
  if (patch.enabled === enabled) refuse(EINVAL);
  else if (state.isTransitionPatch(patch)) reverseTransition(state);
  else if (enabled) refuse(EINVAL);
  else if (state.transition) refuse(EBUSY);
  else disablePatch(state, patch);
}

/** __klp_disable_patch: pre_unpatch for each patched object, then the unpatching transition. */
function disablePatch(state: KernelState, patch: PatchInstance): void {
  initTransition(state, patch, 'unpatched');
  for (const object of patch.objects) {
    if (object.patched) runPreUnpatch(state, patch, object);
  }
  patch.enabled = false;
  startAndTryComplete(state);
}

/**
 * rmmod of a livepatch module: refused while its patch is installed (the core holds a reference on the
 * module). delete_module answers EWOULDBLOCK (-EAGAIN) then; kmod's rmmod words it "Module P is in use".
 */
export function unloadLivepatch(state: KernelState, name: string): void {
  const patch = state.livepatchModules.get(name);
  if (!patch) {
    state.error(name, ENOENT, `Module ${name} is not currently loaded`);
    return;
  }
  if (state.patches.includes(patch)) {
    state.error(name, EAGAIN, `Module ${name} is in use`);
    return;
  }
  state.livepatchModules.delete(name);
}
