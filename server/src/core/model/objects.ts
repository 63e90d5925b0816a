// Builds ObjectModels (name, funcs, callbacks) from initializers and struct klp_callbacks variables.
import type { ModelContext } from './context';
import type { InitList, InitValue, KlpStruct } from './facts';
import {
  arrayElements,
  isNullExpr,
  isZeroInit,
  lastEntry,
  memberEntries,
  nestedEntries,
  stringLiteral,
  type ArrayElement,
  type MemberEntry,
} from './layout';
import {
  CALLBACK_KINDS,
  type CallbackKind,
  type CallbackRegistration,
  type ObjectModel,
  type PatchedFunction,
  type Range,
} from './types';

export function buildObject(ctx: ModelContext, list: InitList, range: Range, variable?: string): ObjectModel {
  const entries = memberEntries(list, 'klp_object');
  const nameEntry = lastEntry(entries, 'name');
  const funcsEntry = lastEntry(entries, 'funcs');
  const funcs = funcsEntry ? readFuncs(ctx, funcsEntry.value) : { funcs: [], terminated: null };
  const object: ObjectModel = {
    name: nameEntry ? objectName(ctx, nameEntry.value) : null,
    range,
    funcsSet: funcsEntry !== undefined && !isNullExpr(funcsEntry.value),
    funcs: funcs.funcs,
    funcsTerminated: funcsEntry === undefined || isNullExpr(funcsEntry.value) ? null : funcs.terminated,
    callbacks: {},
    duplicateCallbacks: [],
  };
  if (nameEntry) object.nameRange = nameEntry.value.range;
  if (variable !== undefined) object.variable = variable;
  const condition = ctx.conditionAt(range);
  if (condition !== undefined) object.condition = condition;
  for (const entry of nestedEntries(entries, 'callbacks', 'klp_callbacks'))
    applyEntry(ctx, object, entry, 'initializer');
  for (const entry of entries) {
    if (entry.member !== 'callbacks' || entry.rest.length > 0 || entry.value.kind !== 'expr') continue;
    const source = entry.value.chain;
    if (source && !source.addressOf && source.steps.length === 0)
      copyCallbacks(ctx, object, source.base, entry.range, 'variable');
  }
  return object;
}

/** Registers every callback of the `struct klp_callbacks` variable `name` on `object`. */
export function copyCallbacks(
  ctx: ModelContext,
  object: ObjectModel,
  name: string,
  copyRange: Range,
  via: 'variable' | 'assignment',
): void {
  const variable = ctx.variable(name, null);
  if (!variable || variable.type !== 'klp_callbacks') {
    ctx.problems.push({
      message: `cannot find the struct klp_callbacks variable '${name}'`,
      range: copyRange,
      kind: 'unresolved',
    });
    return;
  }
  const entries = variable.init?.kind === 'list' ? memberEntries(variable.init, 'klp_callbacks') : [];
  for (const entry of entries) applyEntry(ctx, object, entry, via, { variable: name, copyRange });
  for (const assignment of ctx.assignments) {
    const [step, ...rest] = assignment.left.steps;
    if (assignment.left.base !== name || !step || !('field' in step) || rest.length > 0) continue;
    const entry: MemberEntry = {
      member: step.field,
      rest: [],
      value: assignment.right,
      range: assignment.range,
    };
    applyEntry(ctx, object, entry, via, { variable: name, copyRange });
  }
}

/** One `.pre_patch = fn` (or assignment) on `object`; NULL registers nothing. */
export function applyEntry(
  ctx: ModelContext,
  object: ObjectModel,
  entry: MemberEntry,
  via: CallbackRegistration['via'],
  extra: Pick<CallbackRegistration, 'variable' | 'copyRange'> = {},
): void {
  if (entry.member === 'post_unpatch_enabled') {
    object.postUnpatchEnabledRange = entry.range;
    return;
  }
  if (!(CALLBACK_KINDS as readonly string[]).includes(entry.member) || entry.value.kind !== 'expr') return;
  if (isNullExpr(entry.value)) return;
  const chain = entry.value.chain;
  const registration: CallbackRegistration = {
    kind: entry.member as CallbackKind,
    function: chain && chain.steps.length === 0 ? chain.base : entry.value.text,
    via,
    range: entry.range,
    ...extra,
  };
  const condition = ctx.conditionAt(entry.range);
  if (condition !== undefined) registration.condition = condition;
  addCallback(object, registration, via === 'kpatch-macro' || via === 'klp-macro' ? 'first' : 'last');
}

/**
 * C keeps the last value written (initializer or later assignment), while kpatch/klp-build refuse a
 * second macro, so macros keep the first. One under a different #if condition is an alternative.
 */
export function addCallback(
  object: ObjectModel,
  registration: CallbackRegistration,
  keep: 'first' | 'last',
): void {
  const existing = object.callbacks[registration.kind];
  if (!existing) {
    object.callbacks[registration.kind] = registration;
    return;
  }
  if (existing.condition !== registration.condition) {
    (object.alternativeCallbacks ??= []).push(registration);
    return;
  }
  if (keep === 'first') {
    object.duplicateCallbacks.push(registration);
    return;
  }
  object.duplicateCallbacks.push(existing);
  object.callbacks[registration.kind] = registration;
}

function objectName(ctx: ModelContext, value: InitValue): string | null {
  if (value.kind !== 'expr' || isNullExpr(value)) return null;
  const expanded = ctx.expand(value.text);
  if (isNullExpr({ ...value, text: expanded })) return null;
  return stringLiteral(expanded) ?? value.text;
}

function readFuncs(
  ctx: ModelContext,
  value: InitValue,
): { funcs: PatchedFunction[]; terminated: boolean | null } {
  const array = resolveArray(ctx, value, 'klp_func');
  if (!array) return { funcs: [], terminated: null };
  const { live, terminated } = liveElements(array.elements, array.size);
  const funcs = live.flatMap((element): PatchedFunction[] => {
    if (element.value.kind !== 'list') return [];
    const entries = memberEntries(element.value, 'klp_func');
    const oldName = lastEntry(entries, 'old_name')?.value;
    const newFunc = lastEntry(entries, 'new_func')?.value;
    const func: PatchedFunction = {
      oldName: oldName?.kind === 'expr' ? (stringLiteral(ctx.expand(oldName.text)) ?? oldName.text) : null,
      newFunc: newFunc?.kind === 'expr' ? (newFunc.chain?.base ?? newFunc.text) : null,
      range: element.range,
    };
    const condition = ctx.conditionAt(element.range);
    if (condition !== undefined) func.condition = condition;
    return [func];
  });
  // A generator writes the rest (`@@FUNCS@@`): whether it ends with { } cannot be seen.
  return { funcs, terminated: array.generated ? null : terminated };
}

/** An array given by name (`funcs`, `&funcs[0]`) or inline (a compound literal). */
export function resolveArray(
  ctx: ModelContext,
  value: InitValue,
  type: KlpStruct,
): { elements: ArrayElement[]; size: number | null; variable?: string; generated?: true } | null {
  if (value.kind === 'list')
    return { elements: arrayElements(value), size: null, ...(value.generated ? { generated: true } : {}) };
  const chain = value.chain;
  if (!chain) return null;
  const variable = ctx.variable(chain.base, null);
  if (!variable || variable.type !== type || variable.init?.kind !== 'list') return null;
  if (variable.shape !== 'array')
    return {
      elements: [{ index: 0, value: variable.init, range: variable.range }],
      size: 1,
      variable: variable.name,
    };
  return {
    elements: arrayElements(variable.init),
    size: variable.arraySize,
    variable: variable.name,
    ...(variable.init.generated ? { generated: true } : {}),
  };
}

/**
 * The kernel walks an array until its first all-zero element: elements after it are never seen.
 * Implicit elements (gaps, or a declared size larger than the initializer) are zero too.
 */
export function liveElements(
  elements: ArrayElement[],
  size: number | null,
): { live: ArrayElement[]; terminated: boolean; afterTerminator: ArrayElement[] } {
  let end = elements.length;
  let terminated = false;
  for (let i = 0; i < elements.length; i++) {
    if (elements[i].index !== i || isZeroInit(elements[i].value)) {
      end = i;
      terminated = true;
      break;
    }
  }
  if (!terminated && size !== null && size > elements.length) terminated = true;
  return {
    live: elements.slice(0, end),
    terminated,
    afterTerminator: elements.slice(end).filter((e) => !isZeroInit(e.value)),
  };
}
