// Finds a call that may sleep inside a same-file function or the helpers it calls, binding arguments to parameters.
import { classifyCall } from './classify';
import { MAX_HELPER_DEPTH, flatten, type FileFlow } from './file-flow';
import type { CallStep } from './ir';
import { sleepReason, type SleepReason } from './sleeping-calls';

export interface Sleeper {
  step: CallStep;
  /** The function containing the sleeping call. */
  inFunction: string;
  /** The helpers called between the searched function and `inFunction` (included), outermost first. */
  through: string[];
  reason: SleepReason;
}

/** Why a call may sleep, unless the file defines the callee (then its body decides, as for the flow facts). */
export function directSleepReason(flow: FileFlow, step: CallStep): SleepReason | undefined {
  return flow.functions.has(step.callee) ? undefined : sleepReason(step.callee, step.args);
}

/**
 * The first call that may sleep in `name` or its same-file helpers. `args` are the caller's
 * arguments: a helper's `kmalloc(size, gfp)` sleeps when the caller passed `GFP_KERNEL` as `gfp`.
 * `heldFamilies` are the lock families the caller holds: once the helper (in source order) has
 * released all of them, what it calls later no longer runs under the caller's locks.
 */
export function findSleeper(
  flow: FileFlow,
  name: string,
  args: readonly string[] = [],
  heldFamilies: readonly string[] = [],
): Sleeper | undefined {
  const visited = new Set<string>();
  const stillHeld = new Set(heldFamilies);
  const releasedHere = (step: CallStep) => {
    const released = flow.functions.has(step.callee)
      ? (flow.summary(step.callee)?.releases ?? []).filter((r) => !r.matched).map((r) => r.pair.id)
      : classifyCall(step.callee)
          .filter((role) => role.role === 'release')
          .map((role) => role.pair.id);
    for (const id of released) stillHeld.delete(id);
    return heldFamilies.length > 0 && stillHeld.size === 0;
  };
  const search = (fn: string, bound: readonly string[], through: string[]): Sleeper | undefined => {
    const ir = flow.functions.get(fn);
    if (!ir || visited.has(fn) || through.length > MAX_HELPER_DEPTH) return undefined;
    visited.add(fn);
    const binding = new Map<string, string>();
    ir.params.forEach((param, index) => {
      if (bound[index] !== undefined) binding.set(param, bound[index]);
    });
    for (const step of flatten(ir.body)) {
      if (step.kind !== 'call') continue;
      const callArgs = step.args.map((arg) => binding.get(arg) ?? arg);
      if (flow.functions.has(step.callee)) {
        const inner = search(step.callee, callArgs, [...through, fn]);
        if (inner) return inner;
        if (releasedHere(step)) return undefined;
        continue;
      }
      const reason = sleepReason(step.callee, callArgs);
      if (reason) return { step, inFunction: fn, through: [...through, fn].slice(1), reason };
      if (releasedHere(step)) return undefined;
    }
    return undefined;
  };
  return search(name, args, []);
}
