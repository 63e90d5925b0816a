// What each callback, helper chain and module_init/exit does to abstract resources, per outcome, from the flow facts.
import type { FileFlow } from '../flow/file-flow';
import { firstDereference, type ReachedDereference } from '../flow/helper-uses';
import type { Held, Release } from '../flow/interpret';
import type { Range } from '../model/types';
import { rootOf, stateChanges, systemChanges, type StateChange } from '../rules/effects';

/**
 * One effect on the module's or the system's state. Resources are keyed by identity (family plus
 * key: `mutex &my_lock`, `shadow 42`, `kzalloc buf`), as `releases()` compares them.
 */
export type Effect =
  | { op: 'use'; variable: string; use: ReachedDereference }
  /** `optional`: a release that is harmless on nothing (kfree(NULL)) or sits under a test. */
  | { op: 'release'; release: Release; optional: boolean }
  /** `exit`: on a failure path, the error return that leaves it held. */
  | { op: 'acquire'; held: Held; exit?: Range }
  | { op: 'set'; variable: string; range: Range }
  | { op: 'clear'; variable: string; range: Range }
  /**
   * State left behind (held, written, or changed by an unknown call) that the callback's counterpart
   * is meant to undo; `system` when it is outside the module, for a replacing patch to take over.
   */
  | { op: 'change'; change: StateChange; system: boolean };

export interface FunctionEffects {
  /** When it returns normally (pre_patch: returns 0). */
  success: Effect[];
  /** When it returns an error (pre_patch's error paths): what is still held there. */
  failure: Effect[];
  /** It (or a helper) calls klp_get_prev_state(): it looks at what a replaced patch left. */
  takesOver: boolean;
}

const PLAIN_VARIABLE = /^[A-Za-z_]\w*$/;
const TAKEOVER_CALLS = new Set(['klp_get_prev_state']);

/**
 * Effects of the file's functions, computed once per function. `watched` are the globals whose
 * dereferences matter: the ones some lifecycle function assigns.
 */
export class EffectTable {
  private readonly cache = new Map<string, FunctionEffects>();

  constructor(
    private readonly flow: FileFlow,
    private readonly watched: ReadonlySet<string>,
    private readonly statics: ReadonlySet<string>,
  ) {}

  of(name: string): FunctionEffects {
    let effects = this.cache.get(name);
    if (!effects) {
      effects = this.compute(name);
      this.cache.set(name, effects);
    }
    return effects;
  }

  /** A short fingerprint of a function's effects: the exploration is reused while it stays the same. */
  signature(name: string): string {
    const { success, failure, takesOver } = this.of(name);
    const show = (effect: Effect) => `${effect.op}:${effectKey(effect, false)}`;
    return `${success.map(show).join(',')}/${failure.map(show).join(',')}/${takesOver}`;
  }

  private compute(name: string): FunctionEffects {
    const summary = this.flow.summary(name);
    const writes = assignedVariables(this.flow, name);
    const success: Effect[] = [];
    for (const variable of this.watched) {
      // When the function assigns the variable before using it, the flow facts give no dereference.
      const use = firstDereference(this.flow, name, variable);
      if (use && !use.guards.some((guard) => guard === variable || this.watched.has(guard)))
        success.push({ op: 'use', variable, use });
    }
    for (const release of summary?.releases ?? []) {
      if (release.matched) continue;
      const optional = release.pair.nullSafeRelease || release.guards.length > 0;
      success.push({ op: 'release', release, optional });
    }
    for (const held of summary?.acquired ?? []) success.push({ op: 'acquire', held });
    for (const [variable, range] of writes.assigned) success.push({ op: 'set', variable, range });
    for (const [variable, range] of writes.cleared) success.push({ op: 'clear', variable, range });
    const system = new Set(
      systemChanges(this.flow, name, this.statics).map((c) => rangeKey(c.range) + c.what),
    );
    for (const change of stateChanges(this.flow, name))
      success.push({ op: 'change', change, system: system.has(rangeKey(change.range) + change.what) });
    for (const saved of savedKernelState(this.flow, name, this.statics)) success.push(saved);
    const failure: Effect[] = [];
    // An error a same-file helper returns while holding is the caller's error too.
    for (const fn of [name, ...calledHelpers(this.flow, name)]) {
      for (const exit of this.flow.summary(fn)?.exits ?? []) {
        if (!exit.error || !exit.range) continue;
        for (const held of exit.held) failure.push({ op: 'acquire', held, exit: exit.range });
      }
    }
    const takesOver = this.flow.reachableCalls(name).some(({ step }) => TAKEOVER_CALLS.has(step.callee));
    return { success, failure, takesOver };
  }
}

/** Plain assignments of a global (`p = kzalloc(...)`) and clears (`p = NULL`), through helpers too. */
export function assignedVariables(
  flow: FileFlow,
  name: string,
): { assigned: Map<string, Range>; cleared: Map<string, Range> } {
  const assigned = new Map<string, Range>();
  const cleared = new Map<string, Range>();
  for (const { step } of flow.reachableWrites(name)) {
    if (step.via || !PLAIN_VARIABLE.test(step.target)) continue;
    const into = step.clears ? cleared : assigned;
    if (!into.has(step.target)) into.set(step.target, step.range);
  }
  return { assigned, cleared };
}

/**
 * Kernel state copied aside into the module's own variable (`strscpy(saved, utsname()->release, …)`):
 * the patch means to restore it, so it is state a replacing patch must take over.
 */
function savedKernelState(flow: FileFlow, name: string, statics: ReadonlySet<string>): Effect[] {
  return flow.reachableWrites(name).flatMap(({ step }) => {
    const source = step.copiedFrom ?? step.value;
    if (!source || !statics.has(rootOf(step.target)) || statics.has(rootOf(source))) return [];
    if (!/^[A-Za-z_]/.test(source)) return [];
    return [{ op: 'change' as const, change: { range: step.range, what: `saves ${source}` }, system: true }];
  });
}

/** Same-file functions a function reaches. */
export function calledHelpers(flow: FileFlow, name: string): string[] {
  const names = new Set<string>();
  for (const { step } of flow.reachableCalls(name))
    if (flow.functions.has(step.callee) && step.callee !== name) names.add(step.callee);
  return [...names];
}

/** The identity an effect acts on, for fingerprints and state keys. */
export function effectKey(effect: Effect, withPlace = true): string {
  const place = (range: Range) => (withPlace ? ` ${rangeKey(range)}` : '');
  switch (effect.op) {
    case 'use':
    case 'set':
    case 'clear':
      return effect.variable;
    case 'release':
      return `${effect.release.pair.id} ${effect.release.key ?? ''}`;
    case 'acquire':
      return `${effect.held.pair.id} ${effect.held.key ?? ''}${place(effect.held.site)}`;
    case 'change':
      return `${effect.change.what} ${effect.system}${place(effect.change.range)}`;
  }
}

export function rangeKey(range: Range): string {
  return `${range.start.line}:${range.start.character}`;
}
