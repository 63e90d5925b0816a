// Whether `stall` holds a transition: the held task sleeps in the newest installed version of a changed function.
//
// A scenario's `stall` stands for a task asleep in a function the patch in transition changes. The kernel
// only waits for a task found on the transition patch's own version of a function, and a task calling a
// function patched by several patches runs the newest one's version. So a patching transition is held (the
// task sleeps in the code it replaces), and so is an unpatching one unless a patch installed later changes
// the same functions: disabling the older of two stacked patches completes at once.
//
// Which functions: patches that change functions (funcs[], or built by kpatch/klp-build from a diff) are
// taken to change the same ones. A patch that changes none cannot be held on a real kernel at all; the
// simulator still holds it, as `stall` asks (as if it changed a function of its own, shared with the other
// callback-only patches), and realKernelLimits (limits.ts) warns about it.
import type { KernelState, PatchInstance, Transition } from './state';

export function transitionCanBeHeld(state: KernelState, transition: Transition): boolean {
  if (transition.target === 'patched') return true;
  const { patch } = transition;
  const later = state.patches.slice(state.patches.indexOf(patch) + 1);
  return !later.some((p) => changesFunctions(p) === changesFunctions(patch));
}

/** kpatch/klp-build patches are built from a diff of changed functions; a klp_patch's funcs[] are read. */
export function changesFunctions(patch: PatchInstance): boolean {
  return patchChangesFunctions(patch.module.patch);
}

export function patchChangesFunctions(patch: {
  source: string;
  objects: readonly { funcs: readonly unknown[] }[];
}): boolean {
  return patch.source !== 'klp_patch' || patch.objects.some((object) => object.funcs.length > 0);
}
