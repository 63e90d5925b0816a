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
  const compare = (a: ReplacePair, b: ReplacePair) =>
    rank(a) - rank(b) || newerFirst(a.replacer, b.replacer) || newerFirst(a.old, b.old);
  const rank = ({ old, replacer }: ReplacePair) =>
    (statesCompatible(old.patch.states, replacer.patch.states, true) ? 0 : 4) +
    (old.patch.replace ? 2 : 0) +
    (olderByStates(old, replacer) ? 0 : 1);
  const newerFirst = (a: LivepatchModule, b: LivepatchModule) =>
    olderByStates(b, a) ? -1 : olderByStates(a, b) ? 1 : 0;
  // Pairs are streamed (never all built up front); a later pair wins only when strictly better, so
  // pairs no rule tells apart keep the input order of orderedPairs.
  const anyStates = modules.some((m) => Boolean(m.patch.states?.length));
  let best: ReplacePair | undefined;
  for (const [old, replacer] of orderedPairs(modules, undefined, (j) => modules[j].patch.replace)) {
    const pair = { old, replacer };
    if (!best || compare(pair, best) < 0) best = pair;
    // Without klp_states no pair is older by versions (rank 1 is the best) nor newer than another, so
    // the first pair at rank 1 wins: stop there (10,000 inputs make 10^8 pairs).
    if (!anyStates && rank(best) === 1) break;
  }
  return best;
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
  for (const [first, second] of orderedPairs(modules, undefined, (j) => !modules[j].patch.replace))
    if (stacks(first, second)) return { first, second };
  return undefined;
}

/** Whether `second`, loaded as written after `first`, joins it (not a replace, states accepted). */
function stacks(first: LivepatchModule, second: LivepatchModule): boolean {
  return !second.patch.replace && statesCompatible(first.patch.states, second.patch.states, false);
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
    // Loaded second, a replace patch would replace the first one rather than join it on the module.
    if (!stacks(first, second)) continue;
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

/** An installed patch with states and another input that the state check refuses, loaded as written. */
export function incompatibleStates(modules: readonly LivepatchModule[]): StatePair | undefined {
  const hasStates = (i: number) => Boolean(modules[i].patch.states?.length);
  for (const [installed, refused] of orderedPairs(modules, hasStates)) {
    const replace = refused.patch.replace;
    if (!statesCompatible(installed.patch.states, refused.patch.states, replace)) {
      return { installed, refused, replace };
    }
  }
  return undefined;
}
