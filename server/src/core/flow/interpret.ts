// Walks a function's statement tree path by path: what is held at each return, what is released where.
import { appendAll } from '../append';
import type { Range } from '../model/types';
import { classifyCall } from './classify';
import { meansFailure } from './conditions';
import type { ArmFacts, CallStep, FunctionIr, Step } from './ir';
import type { PairSpec, ResultKind } from './resources';

/** Something acquired and not (yet) released on a path. */
export interface Held {
  pair: PairSpec;
  key: string | null;
  /** Whether the key names the function's own variable (then only the family is compared across functions). */
  keyLocal: boolean;
  /** The variable holding the acquiring call's result (tested for failure). */
  result: string | null;
  returns: ResultKind;
  /** The call in the analysed function: the acquiring call itself or the helper call that led to it. */
  site: Range;
  /** The acquiring call, possibly inside a helper. */
  origin: Range;
  callee: string;
  /** The function containing `origin`. */
  inFunction: string;
  /** Identifiers tested by the branches around the acquiring call (`if (!buf) buf = kmalloc(…)`). */
  guards?: string[];
}

export interface Release {
  pair: PairSpec;
  key: string | null;
  keyLocal: boolean;
  site: Range;
  origin: Range;
  callee: string;
  inFunction: string;
  /** Identifiers tested by the branches around the releasing call (e.g. `if (thread)`). */
  guards: string[];
  /** Whether, on some path, it gave back something acquired earlier in the same analysed function. */
  matched: boolean;
}

export interface Exit {
  /** The return statement; null when control falls off the end. */
  range: Range | null;
  value: string | null;
  error: boolean;
  held: Held[];
}

export interface Helpers {
  /** Whether the file defines this function (then its body is followed, not its name guessed from). */
  defines(name: string): boolean;
  /** The summary of a same-file function, or undefined (not defined here, too deep, or recursive). */
  summaryOf(name: string): FunctionSummary | undefined;
}

export interface FunctionSummary {
  name: string;
  returnKind: FunctionIr['returnKind'];
  exits: Exit[];
  /** Held at some successful exit; `returnedAs` marks what the function hands to its caller. */
  acquired: (Held & { returnedAs?: 'result' | 'key' })[];
  releases: Release[];
}

interface PathState {
  held: Held[];
  /** Inside (or jumped to from) a branch arm that handles a failure. */
  error: boolean;
  /** Variables currently holding an error code (`ret = -ENOMEM`). */
  errorVars: string[];
}

const MAX_PATHS = 64;

/** Sees each call of the interpreted function, once per path, with what that path holds before it. */
export type CallObserver = (step: CallStep, held: readonly Held[]) => void;

export function interpret(ir: FunctionIr, helpers: Helpers, observe?: CallObserver): FunctionSummary {
  return new Interpreter(ir, helpers, observe).run();
}

class Interpreter {
  private readonly exits: Exit[] = [];
  private readonly releases = new Map<string, Release>();
  private readonly pending = new Map<string, PathState[]>();
  private readonly loopExits: PathState[][] = [];

  constructor(
    private readonly ir: FunctionIr,
    private readonly helpers: Helpers,
    private readonly observe?: CallObserver,
  ) {}

  run(): FunctionSummary {
    const end = this.walk(this.ir.body, [{ held: [], error: false, errorVars: [] }]);
    for (const state of end) this.exits.push({ range: null, value: null, error: false, held: state.held });
    const acquired = new Map<string, Held & { returnedAs?: 'result' | 'key' }>();
    for (const exit of this.exits) {
      if (exit.error) continue;
      for (const held of exit.held) {
        const returnedAs =
          exit.value && held.result === exit.value
            ? 'result'
            : exit.value && held.key === exit.value
              ? 'key'
              : undefined;
        acquired.set(heldId(held), returnedAs ? { ...held, returnedAs } : held);
      }
    }
    return {
      name: this.ir.name,
      returnKind: this.ir.returnKind,
      exits: this.exits,
      acquired: [...acquired.values()],
      releases: [...this.releases.values()],
    };
  }

  private walk(steps: readonly Step[], start: PathState[]): PathState[] {
    let paths = start;
    for (const step of steps) {
      if (step.kind === 'label') {
        paths = dedupe([...paths, ...(this.pending.get(step.label) ?? [])]);
        this.pending.delete(step.label);
        continue;
      }
      if (paths.length === 0) continue;
      paths = this.step(step, paths);
    }
    return paths;
  }

  private step(step: Step, paths: PathState[]): PathState[] {
    switch (step.kind) {
      case 'call':
        return dedupe(paths.map((state) => this.call(step, state)));
      case 'write':
        return paths.map((state) => rekey(state, step.value, step.target, this.isLocal(step.target)));
      case 'assign':
        return dedupe(paths.map((state) => assign(state, step.target, step.errorValue)));
      case 'branch': {
        const then = this.walk(
          step.then,
          paths.map((s) => this.assume(s, step.thenFacts)),
        );
        const otherwise = this.walk(
          step.else,
          paths.map((s) => this.assume(s, step.elseFacts)),
        );
        // Handling a failure makes returns inside that arm (or reached from it by goto) error
        // returns; once the arms join again, a plain `return ret;` is as ordinary as before.
        const before = paths.every((s) => s.error) ? true : paths.every((s) => !s.error) ? false : null;
        const joined = [...then, ...otherwise];
        return dedupe(
          before === null ? joined : joined.map((s) => (s.error === before ? s : { ...s, error: before })),
        );
      }
      case 'loop': {
        this.loopExits.push([]);
        const after = this.walk(step.body, paths);
        const broken = this.loopExits.pop() ?? [];
        // The body is taken to run: cleanup loops (`while (--i >= 0) unregister(&x[i]);`) release
        // what they walk over; a zero-iteration path would keep it held on paper only.
        return dedupe([...after, ...broken]);
      }
      case 'switch': {
        this.loopExits.push([]);
        const ends = step.cases.flatMap((body) => this.walk(body, paths));
        const broken = this.loopExits.pop() ?? [];
        return dedupe([...paths, ...ends, ...broken]);
      }
      case 'return':
        for (const state of paths) {
          this.exits.push({
            range: step.range,
            value: step.value,
            error: this.isError(step.value, state),
            held: state.held,
          });
        }
        return [];
      case 'goto':
        this.pending.set(step.label, dedupe([...(this.pending.get(step.label) ?? []), ...paths]));
        return [];
      case 'break':
      case 'continue': {
        const exits = this.loopExits[this.loopExits.length - 1];
        if (exits) appendAll(exits, paths);
        return [];
      }
      default:
        return paths;
    }
  }

  private call(step: CallStep, state: PathState): PathState {
    this.observe?.(step, state.held);
    // The result variable is overwritten: earlier acquisitions can no longer be tested through it.
    let held = step.result
      ? state.held.map((h) => (h.result === step.result ? { ...h, result: null } : h))
      : state.held;
    for (const role of this.helpers.defines(step.callee) ? [] : classifyCall(step.callee)) {
      const key = role.key === 'result' ? step.result : (step.args[role.key] ?? null);
      const keyLocal = this.isLocal(key);
      if (role.role === 'release') {
        const after = release(held, role.pair, key);
        this.noteRelease({
          ...{ pair: role.pair, key, keyLocal, site: step.range, origin: step.range, callee: step.callee },
          ...{ inFunction: this.ir.name, guards: step.guards, matched: after.length !== held.length },
        });
        held = after;
      } else {
        const acquired: Held = {
          pair: role.pair,
          key,
          keyLocal,
          result: step.result,
          returns: role.returns,
          site: step.range,
          origin: step.range,
          callee: step.callee,
          inFunction: this.ir.name,
          ...(step.guards.length > 0 ? { guards: step.guards } : {}),
        };
        held = [...held.filter((h) => heldId(h) !== heldId(acquired)), acquired];
      }
    }
    const summary = step.callee === this.ir.name ? undefined : this.helpers.summaryOf(step.callee);
    if (summary) {
      for (const inner of summary.releases) {
        if (inner.matched) continue;
        const after = release(held, inner.pair, inner.keyLocal ? null : inner.key);
        const guards = [...step.guards, ...inner.guards];
        this.noteRelease({ ...inner, site: step.range, guards, matched: after.length !== held.length });
        held = after;
      }
      for (const inner of summary.acquired) {
        const key = inner.returnedAs === 'key' ? step.result : inner.key;
        const keyLocal = inner.returnedAs === 'key' ? this.isLocal(step.result) : inner.keyLocal;
        const returns: ResultKind = inner.returnedAs === 'key' ? inner.returns : this.helperReturns(summary);
        const guards = [...step.guards, ...(inner.guards ?? [])];
        held = [
          ...held,
          {
            ...inner,
            key,
            keyLocal,
            result: step.result,
            returns,
            site: step.range,
            ...(guards.length > 0 ? { guards } : {}),
          },
        ];
      }
    }
    return { ...state, held };
  }

  private helperReturns(summary: FunctionSummary): ResultKind {
    if (summary.returnKind === 'status') return 'status';
    return summary.returnKind === 'pointer' ? 'pointer' : 'none';
  }

  /** Inside a branch arm: drop what the arm shows failed, and note when the arm handles a failure. */
  private assume(state: PathState, arm: ArmFacts): PathState {
    let error = state.error;
    const failed = (result: string | null, returns: ResultKind) =>
      result !== null &&
      (arm.maybe.includes(result) ||
        arm.facts.some((f) => f.subject === result && meansFailure(returns, f.sense)));
    const held = state.held.filter((h) => !failed(h.result, h.returns));
    if (held.length !== state.held.length) error = true;
    for (const fact of arm.facts) {
      const kind = this.ir.locals[fact.subject];
      if (kind && meansFailure(kind, fact.sense)) error = true;
    }
    return { ...state, held, error };
  }

  private isError(value: string | null, state: PathState): boolean {
    if (this.ir.returnKind === 'void' || value === null) return false;
    if (value === '0' || value === 'true') return false;
    if (/^-/.test(value) || /^(PTR_ERR|ERR_PTR|ERR_CAST)\(/.test(value)) return true;
    if (value === 'NULL' || value === 'false') return true;
    return state.error || state.errorVars.includes(value);
  }

  /** Keys rooted in the function's own variables, or literals, compare only by family elsewhere. */
  private isLocal(key: string | null): boolean {
    if (!key) return true;
    const root = /^[A-Za-z_]\w*/.exec(key.replace(/^\*+/, ''))?.[0];
    return root === undefined || root in this.ir.locals || this.ir.params.includes(root);
  }

  private noteRelease(release: Release): void {
    const id = `${release.pair.id}|${release.key}|${rangeId(release.site)}|${rangeId(release.origin)}`;
    const earlier = this.releases.get(id);
    this.releases.set(id, earlier ? { ...release, matched: earlier.matched || release.matched } : release);
  }
}

/** Removes the held item a release gives back: the same key, else the latest of the same family. */
function release(held: Held[], pair: PairSpec, key: string | null): Held[] {
  const family = held.filter((h) => h.pair.id === pair.id);
  if (family.length === 0) return held;
  const exact = family.find((h) => key !== null && h.key === key);
  const target = exact ?? family[family.length - 1];
  return held.filter((h) => h !== target);
}

function assign(state: PathState, target: string, errorValue: boolean): PathState {
  const has = state.errorVars.includes(target);
  if (has === errorValue) return state;
  const errorVars = errorValue ? [...state.errorVars, target] : state.errorVars.filter((v) => v !== target);
  return { ...state, errorVars };
}

/** `global = local`: what was held under the local name is now reachable through the global. */
function rekey(state: PathState, from: string | null, to: string, toLocal: boolean): PathState {
  if (!from || !state.held.some((h) => h.key === from)) return state;
  return {
    ...state,
    held: state.held.map((h) => (h.key === from ? { ...h, key: to, keyLocal: toLocal } : h)),
  };
}

function heldId(held: Held): string {
  return `${held.pair.id}|${held.key}|${rangeId(held.site)}|${rangeId(held.origin)}`;
}

function rangeId(range: Range): string {
  return `${range.start.line}:${range.start.character}`;
}

function dedupe(paths: PathState[]): PathState[] {
  const seen = new Map<string, PathState>();
  for (const state of paths) {
    const id = `${state.error}|${state.errorVars.join(',')}|${state.held.map(heldId).sort().join(',')}`;
    if (!seen.has(id)) seen.set(id, state);
    if (seen.size >= MAX_PATHS) break;
  }
  return [...seen.values()];
}
