// Builds a PatchModel for every `struct klp_patch` variable: objects, replace, states, enable call.
import { indexKey, type ModelContext } from './context';
import type { InitValue, KlpVariable } from './facts';
import { isNullExpr, lastEntry, memberEntries, type ArrayElement } from './layout';
import { buildObject, liveElements, resolveArray } from './objects';
import { resolvesToVariable } from './places';
import type { ObjectModel, PatchModel, Range, StateModel } from './types';

export function buildKlpPatches(ctx: ModelContext, patchName: string): PatchModel[] {
  const patches: PatchModel[] = [];
  const used = new Set<string>();
  for (const variable of ctx.globalVariables()) {
    if (variable.type !== 'klp_patch' || variable.shape !== 'value') continue;
    const patch = buildPatch(ctx, variable, patchName, used);
    if (!isDeclarationOnly(variable, patch)) patches.push(patch);
  }
  // Half-written code: an objs[] array no patch uses yet still shows its callbacks.
  for (const variable of ctx.globalVariables()) {
    if (variable.type !== 'klp_object' || variable.shape !== 'array' || used.has(variable.name)) continue;
    const objects = buildObjects(ctx, {
      kind: 'expr',
      range: variable.nameRange,
      text: variable.name,
      chain: { addressOf: false, base: variable.name, steps: [] },
    });
    if (objects.objects.length === 0) continue;
    ctx.problems.push({
      message: `no struct klp_patch uses the objects array '${variable.name}'`,
      range: variable.nameRange,
      kind: 'unresolved',
    });
    patches.push(klpPatch(patchName, variable.range, objects));
  }
  return patches;
}

/**
 * `static struct klp_patch other;` (a tentative or extern-style declaration) is not a livepatch of its
 * own: without an initialiser or members assigned at run time it has no objects to patch, even when
 * the file passes it to klp_enable_patch (a patch defined elsewhere); counting it would give the file
 * a second patch, named after the same module, that no scenario could load.
 */
function isDeclarationOnly(variable: KlpVariable, patch: PatchModel): boolean {
  return variable.init === null && patch.objects.length === 0 && patch.replaceRange === undefined;
}

/** A klp_patch with the defaults the kernel gives unset members; callers fill in what the source sets. */
function klpPatch(
  name: string,
  range: Range,
  objects: { objects: ObjectModel[]; terminated: boolean | null },
  variable?: string,
): PatchModel {
  return {
    name,
    source: 'klp_patch',
    ...(variable !== undefined ? { variable } : {}),
    range,
    replace: false,
    replaceSetAtRuntime: false,
    objects: objects.objects,
    objectsTerminated: objects.terminated,
    states: null,
    statesTerminated: null,
  };
}

function buildPatch(
  ctx: ModelContext,
  variable: KlpVariable,
  patchName: string,
  used: Set<string>,
): PatchModel {
  const entries = variable.init?.kind === 'list' ? memberEntries(variable.init, 'klp_patch') : [];
  const runtime = (member: string) =>
    ctx.assignments.filter((a) => {
      const last = a.left.steps[a.left.steps.length - 1];
      return (
        last &&
        'field' in last &&
        last.field === member &&
        resolvesToVariable(ctx, a.left, a.scope, variable.name)
      );
    });
  const objsValue = runtime('objs').pop()?.right ?? lastEntry(entries, 'objs')?.value;
  const objects = objsValue
    ? buildObjects(ctx, objsValue, `${variable.name}.objs`)
    : { objects: [], terminated: null };
  if (objects.source) {
    used.add(objects.source);
    ctx.objsOf.set(variable.name, objects.source);
  } else ctx.objsOf.set(variable.name, `${variable.name}.objs`);
  const patch = klpPatch(patchName, variable.range, objects, variable.name);
  let statesEntry = lastEntry(entries, 'states');
  // v5.1-v5.4 had no .states: there a positional `{ THIS_MODULE, objs, true }` sets replace.
  const oldLayoutReplace =
    statesEntry?.value.kind === 'expr' && /^(true|false)$/.test(statesEntry.value.text)
      ? statesEntry
      : undefined;
  if (oldLayoutReplace) statesEntry = undefined;
  const replaceEntry = lastEntry(entries, 'replace') ?? oldLayoutReplace;
  if (replaceEntry) setReplace(ctx, patch, replaceEntry.value, replaceEntry.range);
  for (const assignment of runtime('replace')) {
    setReplace(ctx, patch, assignment.right, assignment.range);
    patch.replaceSetAtRuntime = true;
  }
  if (statesEntry && !isNullExpr(statesEntry.value)) readStates(ctx, patch, statesEntry.value);
  const enable = ctx.enableCalls.find(
    (call) => call.argument && resolvesToVariable(ctx, call.argument, call.scope, variable.name),
  );
  if (enable) patch.enableCallRange = enable.range;
  return patch;
}

function setReplace(ctx: ModelContext, patch: PatchModel, value: InitValue, range: Range): void {
  const text = value.kind === 'expr' ? ctx.expand(value.text) : '';
  patch.replaceRange = range;
  if (/^(true|1)$/.test(text)) patch.replace = true;
  else if (/^(false|0)$/.test(text)) patch.replace = false;
  else patch.replaceSetAtRuntime = true;
}

/** The objects of `.objs = X`: array elements written inline, copied from object variables, or assigned at run time. */
function buildObjects(
  ctx: ModelContext,
  value: InitValue,
  inlinePrefix = '',
): { objects: ObjectModel[]; terminated: boolean | null; source?: string } {
  let elements: ArrayElement[] = [];
  let size: number | null = null;
  let prefix = inlinePrefix;
  let source: string | undefined;
  let generated = false;
  if (value.kind === 'list') {
    elements = resolveArray(ctx, value, 'klp_object')?.elements ?? [];
    generated = value.generated === true;
  } else {
    const chain = value.chain;
    const variable = chain ? ctx.variable(chain.base, null) : undefined;
    if (!chain || !variable || variable.type !== 'klp_object') {
      ctx.problems.push({
        message: `cannot find the objects array '${value.text}'`,
        range: value.range,
        kind: 'unresolved',
      });
      return { objects: [], terminated: null };
    }
    source = variable.name;
    prefix = variable.name;
    if (variable.shape === 'value') {
      // `.objs = &obj`: one object and nothing after it, so no terminator.
      const object =
        variable.init?.kind === 'list'
          ? buildObject(ctx, variable.init, variable.range, variable.name)
          : null;
      if (object) ctx.registerObject(variable.name, object);
      return { objects: object ? [object] : [], terminated: false, source };
    }
    elements = variable.init?.kind === 'list' ? (resolveArray(ctx, value, 'klp_object')?.elements ?? []) : [];
    elements = withRuntimeCopies(ctx, variable.name, elements);
    size = variable.arraySize;
    generated = variable.init?.kind === 'list' && variable.init.generated === true;
    // `extern struct klp_object objs[];`: defined in another file, nothing can be said here.
    if (!variable.init && elements.length === 0 && size === null)
      return { objects: [], terminated: null, source };
  }
  const live = liveElements(elements, size);
  // A generator writes the rest (`@@OBJS@@`): whether it ends with { } cannot be seen.
  const terminated = generated ? null : live.terminated;
  const afterTerminator = live.afterTerminator;
  for (const element of afterTerminator) {
    ctx.problems.push({
      message: 'this object comes after the { } terminator: the kernel never sees it',
      range: element.range,
      kind: 'unresolved',
    });
  }
  const objects: ObjectModel[] = [];
  for (const element of live.live) {
    const object = elementObject(ctx, element);
    if (!object) continue;
    ctx.registerObject(`${prefix}[${element.index}]`, object);
    objects.push(object);
  }
  return { objects, terminated, source };
}

function elementObject(ctx: ModelContext, element: ArrayElement): ObjectModel | null {
  if (element.value.kind === 'list') return buildObject(ctx, element.value, element.range);
  const chain = element.value.chain;
  const variable = chain && chain.steps.length === 0 ? ctx.variable(chain.base, null) : undefined;
  if (!variable || variable.type !== 'klp_object' || variable.init?.kind !== 'list') {
    ctx.problems.push({
      message: `cannot find the object '${element.value.text}'`,
      range: element.range,
      kind: 'unresolved',
    });
    return null;
  }
  const object = buildObject(ctx, variable.init, variable.range, variable.name);
  ctx.registerObject(variable.name, object);
  return object;
}

/** `objs[1] = obj_module;` in a function fills (or replaces) element 1 with a copy of that object variable. */
function withRuntimeCopies(ctx: ModelContext, arrayName: string, elements: ArrayElement[]): ArrayElement[] {
  const byIndex = new Map(elements.map((e) => [e.index, e]));
  for (const assignment of ctx.assignments) {
    const { left, right } = assignment;
    if (left.base !== arrayName || left.steps.length !== 1 || !right.chain || right.chain.steps.length > 0)
      continue;
    const index = indexKey(left.steps[0]);
    if (index === null || index === '?') continue;
    byIndex.set(Number(index), { index: Number(index), value: right, range: assignment.range });
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

function readStates(ctx: ModelContext, patch: PatchModel, value: InitValue): void {
  const array = resolveArray(ctx, value, 'klp_state');
  if (!array) {
    patch.states = [];
    patch.statesTerminated = null;
    return;
  }
  const { live, terminated } = liveElements(array.elements, array.size);
  patch.statesTerminated = terminated;
  patch.states = live.map((element): StateModel => {
    const entries = element.value.kind === 'list' ? memberEntries(element.value, 'klp_state') : [];
    const id = lastEntry(entries, 'id')?.value;
    const version = lastEntry(entries, 'version')?.value;
    const idText = id?.kind === 'expr' ? id.text : '';
    return {
      id: id?.kind === 'expr' ? numberValue(ctx.expand(id.text)) : null,
      idText,
      version: version?.kind === 'expr' ? numberValue(ctx.expand(version.text)) : 0,
      range: element.range,
    };
  });
}

function numberValue(text: string): number | null {
  const match = /^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$/.exec(text.trim());
  return match ? Number(match[1]) : null;
}
