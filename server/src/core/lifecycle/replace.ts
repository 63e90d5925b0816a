// Atomic replace (nop objects, replaced patches dropped without callbacks) and klp_state compatibility.
import type { StateModel } from '../model/types';
import type { KernelState, PatchInstance } from './state';

/**
 * klp_is_patch_compatible: every state of every installed patch must be handled. A patch carrying the
 * same id needs a version at least as high; a missing id is fine for a stacked patch, never for a
 * replace patch. Ids the extractor could not evaluate are compared by their text, and a version it
 * could not evaluate is taken as compatible rather than guessed.
 */
export function isPatchCompatible(
  state: KernelState,
  states: readonly StateModel[] | null,
  replace: boolean,
): boolean {
  return state.patches.every((installed) => statesCompatible(installed.module.patch.states, states, replace));
}

/** Whether a patch with `states` (and `replace`) may join one installed patch carrying `installed`. */
export function statesCompatible(
  installed: readonly StateModel[] | null,
  states: readonly StateModel[] | null,
  replace: boolean,
): boolean {
  for (const old of installed ?? []) {
    const mine = (states ?? []).find((s) => stateKey(s) === stateKey(old));
    if (!mine) {
      if (replace) return false;
      continue;
    }
    if (mine.version !== null && old.version !== null && mine.version < old.version) return false;
  }
  return true;
}

/** A klp_state's identity: its id, or the id's text when the extractor could not evaluate it. */
export function stateKey(state: StateModel): string {
  return state.id === null ? `text:${state.idText.trim()}` : `id:${state.id}`;
}

/**
 * A replace patch gets an object (with no callbacks) for every object of the installed patches that it
 * lacks, so that the transition can revert those changes; vmlinux matches vmlinux, modules match by name.
 */
export function addNops(state: KernelState, patch: PatchInstance): void {
  for (const installed of state.patches) {
    for (const old of installed.objects) {
      if (patch.objects.some((o) => o.name === old.name)) continue;
      const loaded = old.name === null || state.targets.has(old.name);
      patch.objects.push({ name: old.name, model: null, loaded, patched: false, postUnpatchEnabled: false });
    }
  }
}

/** At the end of a replace transition the replaced patches are unpatched and disabled: no callback runs. */
export function unpatchReplacedPatches(state: KernelState, patch: PatchInstance): void {
  for (const old of state.patches) {
    if (old === patch) return;
    old.enabled = false;
    for (const object of old.objects) object.patched = false;
  }
}

export function discardNops(patch: PatchInstance): void {
  patch.objects = patch.objects.filter((o) => o.model !== null);
}

/** The replaced patches leave klp_patches; their modules can then be removed. */
export function freeReplacedPatches(state: KernelState, patch: PatchInstance): void {
  const index = state.patches.indexOf(patch);
  if (index > 0) state.patches = state.patches.slice(index);
}
