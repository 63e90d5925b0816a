// The transition engine: init, start, complete (or wait while stalled), cancel and reverse, as transition.c does.
import { runPostPatch, runPostUnpatch } from './callbacks';
import { transitionCanBeHeld } from './held-transition';
import { discardNops, freeReplacedPatches, unpatchReplacedPatches } from './replace';
import type { KernelState, PatchInstance, TargetState } from './state';

const WORD: Record<TargetState, string> = { patched: 'patching', unpatched: 'unpatching' };

export function initTransition(state: KernelState, patch: PatchInstance, target: TargetState): void {
  state.transition = { patch, target };
  state.kernel('debug', `'${patch.name}': initializing ${WORD[target]} transition`);
}

/** Prints the start and then tries to complete at once, which succeeds unless a task is stalling it. */
export function startAndTryComplete(state: KernelState): void {
  const transition = state.transition;
  if (!transition) return;
  state.kernel('notice', `'${transition.patch.name}': starting ${WORD[transition.target]} transition`);
  if (!state.stalling || !transitionCanBeHeld(state, transition)) finishTransition(state);
}

/** A pending (stalled) transition completes; the patch is freed when disabled, replaced patches when replacing. */
export function finishTransition(state: KernelState): void {
  const transition = state.transition;
  if (!transition) return;
  completeTransition(state);
  if (!transition.patch.enabled) freePatch(state, transition.patch);
  else if (transition.patch.replace) freeReplacedPatches(state, transition.patch);
}

/** The error path of an enable whose transition never started: everything done so far is undone. */
export function cancelTransition(state: KernelState): void {
  const transition = state.transition;
  if (!transition) return;
  state.kernel('debug', `'${transition.patch.name}': canceling patching transition, going to unpatch`);
  transition.target = 'unpatched';
  completeTransition(state);
}

/**
 * The opposite value written to `enabled` mid-transition. No callback runs here; the reversed transition
 * completes at once because the task that stalled the old direction has not switched yet, so it already
 * is in the new target state.
 */
export function reverseTransition(state: KernelState): void {
  const transition = state.transition;
  if (!transition) return;
  const from = WORD[transition.target];
  const to = WORD[transition.target === 'patched' ? 'unpatched' : 'patched'];
  state.kernel('debug', `'${transition.patch.name}': reversing transition from ${from} to ${to}`);
  transition.patch.enabled = !transition.patch.enabled;
  transition.target = transition.target === 'patched' ? 'unpatched' : 'patched';
  state.kernel('notice', `'${transition.patch.name}': starting ${to} transition`);
  finishTransition(state);
}

function completeTransition(state: KernelState): void {
  const transition = state.transition;
  if (!transition) return;
  const { patch, target } = transition;
  state.kernel('debug', `'${patch.name}': completing ${WORD[target]} transition`);
  if (patch.replace && target === 'patched') {
    unpatchReplacedPatches(state, patch);
    discardNops(patch);
  }
  if (target === 'unpatched') {
    for (const object of patch.objects) object.patched = false;
  }
  for (const object of patch.objects) {
    if (!object.loaded) continue;
    if (target === 'patched') runPostPatch(state, patch, object);
    else runPostUnpatch(state, patch, object);
  }
  state.kernel('notice', `'${patch.name}': ${WORD[target]} complete`);
  state.transition = null;
}

/** Drops the patch from klp_patches (its sysfs directory goes away and its module may be removed). */
export function freePatch(state: KernelState, patch: PatchInstance): void {
  state.patches = state.patches.filter((p) => p !== patch);
}
