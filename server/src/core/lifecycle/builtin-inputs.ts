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
  let first: ReplacePair | undefined;
  for (const [old, replacer] of orderedPairs(modules)) {
    first ??= { old, replacer };
    if (statesCompatible(old.patch.states, replacer.patch.states, true)) return { old, replacer };
  }
  return first;
}

/**
 * Every (earlier, later) pair of inputs, then the reverse pairs, one at a time: ten thousand inputs
 * make 10^8 pairs, which must never be built up front. `useFirst`/`useSecond` skip whole rows and
 * columns that cannot match.
 */
function* orderedPairs(
  modules: readonly LivepatchModule[],
  useFirst: (index: number) => boolean = () => true,
  useSecond: (index: number) => boolean = () => true,
): Generator<[LivepatchModule, LivepatchModule]> {
  const seconds = modules.map((_, j) => j).filter(useSecond);
  for (const forward of [true, false]) {
    for (let i = 0; i < modules.length; i++) {
      if (!useFirst(i)) continue;
      for (const j of seconds) if (forward ? i < j : i > j) yield [modules[i], modules[j]];
    }
  }
}

export interface SharedTarget {
  first: LivepatchModule;
  second: LivepatchModule;
  module: string;
}

/** Two patches with an object for the same module, the second with a pre_patch there to fail. */
export function sharedTarget(modules: readonly LivepatchModule[]): SharedTarget | undefined {
  const objects = modules.map((m) => moduleObjects(m.patch));
  const targets = objects.map((list) => new Set(list.map((o) => o.module)));
  const canFail = (j: number) => objects[j].some(({ object }) => object.callbacks.pre_patch);
  const index = new Map(modules.map((m, i) => [m, i]));
  for (const [first, second] of orderedPairs(modules, (i) => targets[i].size > 0, canFail)) {
    const firstTargets = targets[index.get(first) ?? -1];
    const shared = objects[index.get(second) ?? -1].find(
      ({ module, object }) => object.callbacks.pre_patch && firstTargets?.has(module),
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
  const hasStates = (i: number) => Boolean(modules[i].patch.states?.length);
  for (const [installed, refused] of orderedPairs(modules, hasStates)) {
    for (const replace of [refused.patch.replace, true]) {
      if (!statesCompatible(installed.patch.states, refused.patch.states, replace)) {
        return { installed, refused, replace };
      }
    }
  }
  return undefined;
}
