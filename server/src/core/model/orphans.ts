// Object variables with callbacks that no struct klp_patch's objs[] holds: built, never simulated, and said so.
import type { ModelContext } from './context';
import type { KlpVariable } from './facts';
import { lastEntry, memberEntries } from './layout';
import { buildObject } from './objects';
import { CALLBACK_KINDS, type ObjectModel } from './types';

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

/** One note per orphan that has callbacks: what the tool cannot read must not look clean. */
export function reportOrphanObjects(ctx: ModelContext, orphans: readonly Orphan[]): void {
  const singleObjectPatches = patchesNamingObject(ctx);
  for (const { variable, object } of orphans) {
    const kinds = CALLBACK_KINDS.filter((kind) => object.callbacks[kind] !== undefined);
    if (kinds.length === 0) continue;
    const callbacks = `${kinds.length === 1 ? 'callback' : 'callbacks'} ${kinds.join(', ')}`;
    const were = kinds.length === 1 ? 'was' : 'were';
    const patch = singleObjectPatches.get(variable.name);
    const message =
      patch !== undefined
        ? `struct klp_patch '${patch}' takes '${variable.name}' as .obj, which mainline's struct klp_patch does not have (it takes an objs[] array): the ${callbacks} of '${variable.name}' ${were} not analysed`
        : `no struct klp_patch's objs[] holds the object '${variable.name}' (is it added through an API this tool does not model, such as klp_add_object()?): its ${callbacks} ${were} not analysed`;
    ctx.problems.push({ message, range: variable.nameRange, kind: 'unresolved' });
  }
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
