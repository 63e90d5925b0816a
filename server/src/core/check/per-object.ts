// One exploration per object, memoised by the object's effect signature: objects alike share scenario templates.
import type { LivepatchModule } from '../lifecycle/state';
import type { ObjectModel, PatchModel } from '../model/types';
import { plainFunctionName } from '../rules/callbacks';
import { nextVersionName } from './alphabet';
import type { EffectTable } from './effects';

/** The names a scenario template is written against: the patch, its object, and the later object that fails. */
export interface ObjectRoles {
  patch: string;
  object: string;
  later: string | null;
}

/** One object's exploration: whom it is about, what it depends on, the actions it combines. */
export interface ObjectTask {
  roles: ObjectRoles;
  /** Everything the exploration depends on, without names or positions. */
  key: string;
  alphabet: string[];
  /** The objects the alphabet can act on (this one and the later one): the rest can be left out of the search. */
  objects: ObjectModel[];
}

const label = (object: ObjectModel) => object.name ?? 'vmlinux';

/**
 * A task per object of the patch. Its alphabet loads and unloads only that object's target (and
 * the target of the next object with a pre_patch, whose failure cancels an enable after this
 * object's pre_patch ran): the other objects are skipped by the kernel while their targets are absent.
 */
export function objectTasks(
  module: LivepatchModule,
  effects: EffectTable,
  moduleFunctions: readonly (string | undefined)[],
): ObjectTask[] {
  const patch = module.patch;
  const objects = patch.objects.length > 0 ? patch.objects : [null];
  const laterPrePatch = nextWithPrePatch(patch.objects);
  // Objects with no callbacks alike can only show what module_init and module_exit do, the same
  // for each: one of them stands for the rest (a patch of thousands of them stays linear).
  const bareKeys = new Set<string>();
  return objects.flatMap((object, index) => {
    const later = object ? laterPrePatch[index] : null;
    const roles = {
      patch: patch.name,
      object: object ? label(object) : 'vmlinux',
      later: later && label(later),
    };
    const key = JSON.stringify([
      patch.replace,
      patch.replaceSetAtRuntime,
      patch.states?.map((s) => [s.id, s.version]) ?? null,
      object && shape(object, effects),
      later && shape(later, effects),
      later !== null && later.name === object?.name,
      moduleFunctions.map((fn) => (fn ? effects.signature(fn) : null)),
    ]);
    if (object && Object.values(object.callbacks).every((registration) => !registration)) {
      if (bareKeys.has(key)) return [];
      bareKeys.add(key);
    }
    const objects = patch.objects.filter((o) => o === object || o === later);
    return [{ roles, key, alphabet: alphabetFor(patch, object, later), objects }];
  });
}

/** For each object, the first later one with a pre_patch (one pass from the end, not a search per object). */
function nextWithPrePatch(objects: readonly ObjectModel[]): (ObjectModel | null)[] {
  const next: (ObjectModel | null)[] = new Array<ObjectModel | null>(objects.length).fill(null);
  let found: ObjectModel | null = null;
  for (let index = objects.length - 1; index >= 0; index--) {
    next[index] = found;
    if (objects[index].callbacks.pre_patch) found = objects[index];
  }
  return next;
}

/** What an object contributes: vmlinux or a module, `.funcs` set, and each callback's effects. */
function shape(object: ObjectModel, effects: EffectTable): unknown {
  const callbacks = Object.entries(object.callbacks).map(([kind, registration]) => {
    const fn = plainFunctionName(registration?.function);
    return [kind, fn ? effects.signature(fn) : null];
  });
  return [object.name === null, object.funcsSet, callbacks.sort()];
}

function alphabetFor(patch: PatchModel, object: ObjectModel | null, later: ObjectModel | null): string[] {
  const p = patch.name;
  const targets = [...new Set([object?.name, later?.name].filter((n): n is string => !!n))];
  const failing = [object, later].filter((o): o is ObjectModel => !!o?.callbacks.pre_patch).map(label);
  const next = nextVersionName(p);
  return [
    `load ${p}`,
    ...targets.map((t) => `load ${t}`),
    `disable ${p}`,
    ...targets.map((t) => `unload ${t}`),
    `unload ${p}`,
    ...[...new Set(failing)].map((o) => `fail ${p}:${o}`),
    'stall',
    'settle',
    `enable ${p}`,
    `load ${next} replace=${patch.replace || patch.replaceSetAtRuntime ? 1 : 0}`,
    `disable ${next}`,
  ];
}

/** A scenario with the roles' names turned into placeholders (or back, with `instantiate`). */
export function templatize(scenario: string, roles: ObjectRoles): string {
  const byName = new Map<string, string>([
    [nextVersionName(roles.patch), '{NEXT}'],
    [roles.patch, '{P}'],
    [roles.object, '{O}'],
    ...(roles.later ? [[roles.later, '{L}'] as [string, string]] : []),
  ]);
  return mapWords(scenario, (word) => byName.get(word) ?? word);
}

export function instantiate(template: string, roles: ObjectRoles): string | null {
  const names: Record<string, string | null> = {
    '{NEXT}': nextVersionName(roles.patch),
    '{P}': roles.patch,
    '{O}': roles.object,
    '{L}': roles.later,
  };
  let missing = false;
  const text = mapWords(template, (word) => {
    if (!(word in names)) return word;
    const name = names[word];
    if (name === null) missing = true;
    return name ?? word;
  });
  return missing ? null : text;
}

/** Rewrites each name of a scenario: words split at spaces, `:` and `=`. */
function mapWords(scenario: string, map: (word: string) => string): string {
  return scenario
    .split('\n')
    .map((line) => line.replace(/[^\s:=]+/g, (word) => map(word)))
    .join('\n');
}
