// The abstract kernel state the explorer memoises on: what decides the effect of later actions.
import type { KernelState } from '../lifecycle/state';

/** Everything about the simulated kernel that decides what later actions do. */
export function kernelKey(state: KernelState): unknown {
  return [
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
  ];
}
