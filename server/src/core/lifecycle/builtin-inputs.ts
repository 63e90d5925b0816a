// Picks, from the given livepatch modules, the patches and object names the built-in scenarios act on.
import type { ObjectModel, PatchModel } from '../model/types';
import { stateKey, statesCompatible } from './replace';
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
 * The patch an atomic replace starts from and the one that replaces it, both loaded as their sources
 * are written: the replacer sets `.replace = true` (a built-in never forces it). Pairs the klp_state check
 * accepts come first (when every pair is refused, the first still shows that refusal); then the one
 * loaded first is preferably a non-replace patch (the older build), else older by `klp_state` versions;
 * among several versions the newest replacer and its nearest predecessor; else input order.
 */
export function replacePair(modules: readonly LivepatchModule[]): ReplacePair | undefined {
  const pairs = orderedPairs(modules)
    .filter(([, replacer]) => replacer.patch.replace)
    .map(([old, replacer]) => ({ old, replacer }));
  const rank = ({ old, replacer }: ReplacePair) =>
    (statesCompatible(old.patch.states, replacer.patch.states, true) ? 0 : 4) +
    (old.patch.replace ? 2 : 0) +
    (olderByStates(old, replacer) ? 0 : 1);
  const newerFirst = (a: LivepatchModule, b: LivepatchModule) =>
    olderByStates(b, a) ? -1 : olderByStates(a, b) ? 1 : 0;
  // sort is stable: pairs no rule tells apart keep the input order of orderedPairs.
  return pairs.sort(
    (a, b) => rank(a) - rank(b) || newerFirst(a.replacer, b.replacer) || newerFirst(a.old, b.old),
  )[0];
}

/** Whether `a` carries an older version of a klp_state that `b` also carries (and none newer). */
export function olderByStates(a: LivepatchModule, b: LivepatchModule): boolean {
  let older = false;
  for (const mine of a.patch.states ?? []) {
    const theirs = (b.patch.states ?? []).find((s) => stateKey(s) === stateKey(mine));
    if (!theirs || mine.version === null || theirs.version === null) continue;
    if (mine.version > theirs.version) return false;
    if (mine.version < theirs.version) older = true;
  }
  return older;
}

export interface StackPair {
  first: LivepatchModule;
  second: LivepatchModule;
}

/**
 * Two patches that stack as written: the second does not set `.replace` (loaded after the first, a
 * replace patch would replace it instead) and the klp_state check lets it join the first. The first
 * patch of the inputs goes first when it can.
 */
export function stackPair(modules: readonly LivepatchModule[]): StackPair | undefined {
  const pair = orderedPairs(modules).find(([first, second]) => stacks(first, second));
  return pair ? { first: pair[0], second: pair[1] } : undefined;
}

/** Whether `second`, loaded as written after `first`, joins it (not a replace, states accepted). */
function stacks(first: LivepatchModule, second: LivepatchModule): boolean {
  return !second.patch.replace && statesCompatible(first.patch.states, second.patch.states, false);
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
    // Loaded second, a replace patch would replace the first one rather than join it on the module.
    if (!stacks(first, second)) continue;
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

/** An installed patch with states and another input that the state check refuses, loaded as written. */
export function incompatibleStates(modules: readonly LivepatchModule[]): StatePair | undefined {
  for (const [installed, refused] of orderedPairs(modules)) {
    if (!installed.patch.states?.length) continue;
    const replace = refused.patch.replace;
    if (!statesCompatible(installed.patch.states, refused.patch.states, replace)) {
      return { installed, refused, replace };
    }
  }
  return undefined;
}
