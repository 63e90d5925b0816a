// Object variables with callbacks that no struct klp_patch's objs[] holds: built, never simulated, and said so.
import type { ModelContext } from './context';
import type { KlpVariable } from './facts';
import { lastEntry, memberEntries } from './layout';
import { buildObject } from './objects';
import { CALLBACK_KINDS, type ObjectModel, type UnanalysedObject } from './types';

interface Orphan {
  variable: KlpVariable;
  object: ObjectModel;
}

/**
 * Builds every file-scope `struct klp_object` value no patch took, so that run-time assignments on
 * it land on it (and not on "the only object" of some patch). Call after the patches are built.
 */
export function buildOrphanObjects(ctx: ModelContext): Orphan[] {
  const orphans: Orphan[] = [];
  for (const variable of ctx.globalVariables()) {
    if (variable.type !== 'klp_object' || variable.shape !== 'value') continue;
    if (variable.init?.kind !== 'list' || ctx.objectsFor(variable.name).length > 0) continue;
    const object = buildObject(ctx, variable.init, variable.range, variable.name);
    ctx.registerObject(variable.name, object);
    orphans.push({ variable, object });
  }
  return orphans;
}

/** The orphans that have callbacks: what the tool cannot read must not look clean (unanalysed-callbacks). */
export function unanalysedObjects(ctx: ModelContext, orphans: readonly Orphan[]): UnanalysedObject[] {
  const singleObjectPatches = patchesNamingObject(ctx);
  return orphans.flatMap(({ variable, object }): UnanalysedObject[] => {
    const callbacks = CALLBACK_KINDS.flatMap((kind) => object.callbacks[kind] ?? []);
    if (callbacks.length === 0) return [];
    const patch = singleObjectPatches.get(variable.name);
    return [
      {
        variable: variable.name,
        range: variable.nameRange,
        callbacks,
        ...(patch !== undefined ? { patchWithObj: patch } : {}),
      },
    ];
  });
}

/** `.obj = &X` in a klp_patch initializer (a single-object proposal): object name → patch variable. */
function patchesNamingObject(ctx: ModelContext): Map<string, string> {
  const named = new Map<string, string>();
  for (const variable of ctx.globalVariables()) {
    if (variable.type !== 'klp_patch' || variable.init?.kind !== 'list') continue;
    const value = lastEntry(memberEntries(variable.init, 'klp_patch'), 'obj')?.value;
    const chain = value?.kind === 'expr' ? value.chain : null;
    if (chain && chain.steps.length === 0) named.set(chain.base, variable.name);
  }
  return named;
}
