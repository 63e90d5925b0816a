// Picks, from the given livepatch modules, the patches and object names the built-in scenarios act on.
import type { ObjectModel, PatchModel } from '../model/types';
import { statesCompatible } from './replace';
import type { LivepatchModule } from './state';

/** A name the scenario language accepts for load/unload (module names). */
export function usableName(name: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(name) && name.length <= 55 && name !== 'vmlinux';
}

export interface ModuleObject {
  module: string;
  object: ObjectModel;
}

/** The patch's module objects with usable names, first occurrence of each name, in objs[] order. */
export function moduleObjects(patch: PatchModel): ModuleObject[] {
  const seen = new Set<string>();
  const found: ModuleObject[] = [];
  for (const object of patch.objects) {
    if (object.name === null || seen.has(object.name) || !usableName(object.name)) continue;
    seen.add(object.name);
    found.push({ module: object.name, object });
  }
  return found;
}

/** The name every built-in uses for its target module: the patch's first module object. */
export function firstTarget(patch: PatchModel): string | undefined {
  return moduleObjects(patch)[0]?.module;
}

/**
 * The object whose pre_patch a failing enable should hit: the last one (in objs[] order) that has a
 * pre_patch and will be loaded, so that the objects before it show the post_unpatch of the cancel path.
 */
export function lastPrePatchObject(patch: PatchModel): string | undefined {
  const candidates = patch.objects.filter(
    (o) => o.callbacks.pre_patch && (o.name === null || moduleObjects(patch).some((m) => m.object === o)),
  );
  const last = candidates[candidates.length - 1];
  return last ? (last.name ?? 'vmlinux') : undefined;
}

export function firstModuleWithPrePatch(patch: PatchModel): string | undefined {
  return moduleObjects(patch).find((m) => m.object.callbacks.pre_patch)?.module;
}

export interface ReplacePair {
  old: LivepatchModule;
  replacer: LivepatchModule;
}

/**
 * A replaced patch and its replacer, in input order, preferring a pair the klp_state check accepts (the
 * replacer loads with replace=1); when every pair is refused, the first pair still shows that refusal.
 */
export function replacePair(modules: readonly LivepatchModule[]): ReplacePair | undefined {
  const pairs = orderedPairs(modules).map(([old, replacer]) => ({ old, replacer }));
  return pairs.find((p) => statesCompatible(p.old.patch.states, p.replacer.patch.states, true)) ?? pairs[0];
}

/** Every (earlier, later) pair of inputs, then the reverse pairs. */
function orderedPairs(modules: readonly LivepatchModule[]): [LivepatchModule, LivepatchModule][] {
  const forward: [LivepatchModule, LivepatchModule][] = [];
  const backward: [LivepatchModule, LivepatchModule][] = [];
  modules.forEach((a, i) =>
    modules.forEach((b, j) => {
      if (i < j) forward.push([a, b]);
      else if (i > j) backward.push([a, b]);
    }),
  );
  return [...forward, ...backward];
}

export interface SharedTarget {
  first: LivepatchModule;
  second: LivepatchModule;
  module: string;
}

/** Two patches with an object for the same module, the second with a pre_patch there to fail. */
export function sharedTarget(modules: readonly LivepatchModule[]): SharedTarget | undefined {
  for (const [first, second] of orderedPairs(modules)) {
    const shared = moduleObjects(second.patch).find(
      ({ module, object }) =>
        object.callbacks.pre_patch && moduleObjects(first.patch).some((o) => o.module === module),
    );
    if (shared) return { first, second, module: shared.module };
  }
  return undefined;
}

export interface StatePair {
  installed: LivepatchModule;
  refused: LivepatchModule;
  replace: boolean;
}

/** An installed patch with states and another input that the state check refuses (as a replace if need be). */
export function incompatibleStates(modules: readonly LivepatchModule[]): StatePair | undefined {
  for (const [installed, refused] of orderedPairs(modules)) {
    if (!installed.patch.states?.length) continue;
    for (const replace of [refused.patch.replace, true]) {
      if (!statesCompatible(installed.patch.states, refused.patch.states, replace)) {
        return { installed, refused, replace };
      }
    }
  }
  return undefined;
}
