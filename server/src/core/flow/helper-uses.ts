// Pointer uses through same-file helpers: a helper that dereferences its parameter dereferences the argument.
import type { Range } from '../model/types';
import { comparePositions } from '../text';
import { flatten, MAX_HELPER_DEPTH, type FileFlow } from './file-flow';
import type { CallStep } from './ir';

/** A dereference reached from a function, directly or inside a helper it calls. */
export interface ReachedDereference {
  /** Where, in the function asked about, the dereference happens or the helper call leading to it is. */
  site: Range;
  /** The dereference itself (inside the helper when there is one). */
  origin: Range;
  inFunction: string;
  /** The dereferencing callee (`strcpy`) or `call` for a call through the pointer; none for `p->x`. */
  via?: string;
  /** Identifiers tested before the use, in every function on the way. */
  guards: string[];
}

/** Whether `name()` dereferences its parameter at `index` before testing it (following helpers). */
export function dereferencesParameter(
  flow: FileFlow,
  name: string,
  index: number,
  depth = 0,
): ReachedDereference | null {
  const ir = flow.functions.get(name);
  const parameter = ir?.parameters[index]?.name;
  if (!ir || !parameter || depth > MAX_HELPER_DEPTH) return null;
  return firstDereference(flow, name, parameter, depth);
}

/**
 * The first use of `variable` (a parameter or a global) in `name`, when it is a dereference: its
 * own first mention, unless a same-file helper called before that mention uses it first.
 */
export function firstDereference(
  flow: FileFlow,
  name: string,
  variable: string,
  depth = 0,
): ReachedDereference | null {
  return firstUse(flow, name, variable, depth)?.deref ?? null;
}

/** Undefined when neither the function nor its helpers mention the variable at all. */
function firstUse(
  flow: FileFlow,
  name: string,
  variable: string,
  depth: number,
): { deref: ReachedDereference | null } | undefined {
  const ir = flow.functions.get(name);
  if (!ir || depth > MAX_HELPER_DEPTH) return undefined;
  const own = ir.firstUses.find((use) => use.name === variable);
  // Globals only: a helper cannot mention the caller's parameter.
  if (!ir.params.includes(variable)) {
    const helperCalls = flatten(ir.body)
      .filter((step): step is CallStep => step.kind === 'call' && step.callee !== name)
      .filter((step) => flow.functions.has(step.callee) && (!own || before(step.range, own.use.range)))
      .sort((a, b) => comparePositions(a.range.start, b.range.start));
    for (const call of helperCalls) {
      const inner = firstUse(flow, call.callee, variable, depth + 1);
      if (!inner) continue;
      const deref = inner.deref && {
        ...inner.deref,
        site: call.range,
        guards: [...call.guards, ...inner.deref.guards],
      };
      return { deref };
    }
  }
  if (!own) return undefined;
  const use = own.use;
  if (use.kind === 'deref') {
    const via = use.via ? { via: use.via } : {};
    return { deref: { site: use.range, origin: use.range, inFunction: name, guards: own.guards, ...via } };
  }
  if (use.kind !== 'handoff' || !flow.functions.has(use.callee)) return { deref: null };
  const inner = dereferencesParameter(flow, use.callee, use.argIndex, depth + 1);
  return { deref: inner && { ...inner, site: use.range, guards: [...own.guards, ...inner.guards] } };
}

function before(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) < 0;
}
