// post_unpatch dereferencing a pointer only post_patch or pre_unpatch assigns: NULL after a cancelled or reversed enable.
import { firstDereference, type ReachedDereference } from '../flow/helper-uses';
import type { Reached } from '../flow/file-flow';
import type { WriteStep } from '../flow/ir';
import type { CallbackKind, ObjectModel } from '../model/types';
import { plainFunctionName } from './callbacks';
import type { FoundViolation } from '../check/explore';
import { shortestViolation } from '../check/model-check';
import { narrate } from '../check/narrate';
import { sameRange } from './effects';
import { initialisedGlobals } from './file-statics';
import type { RuleContext, RuleFinding } from './types';

const PLAIN_VARIABLE = /^[A-Za-z_]\w*$/;

/** Callbacks that post_unpatch can run without: a cancelled enable or a reversed transition skips both. */
const SKIPPABLE: readonly CallbackKind[] = ['post_patch', 'pre_unpatch'];

interface Assigner {
  kind: CallbackKind;
  name: string;
  write: Reached<WriteStep>;
}

/**
 * Globals that post_patch or pre_unpatch point somewhere and nothing that always runs first does
 * (pre_patch, module_init or the declaration's initialiser), dereferenced by post_unpatch before
 * any test of them.
 */
export function unsafeUses(ctx: RuleContext, object: ObjectModel, postUnpatch: string): RuleFinding[] {
  const setUp = new Map<string, Assigner>();
  for (const kind of SKIPPABLE) {
    const name = plainFunctionName(object.callbacks[kind]?.function);
    for (const write of name ? assignments(ctx, name) : []) {
      if (!setUp.has(write.step.target)) setUp.set(write.step.target, { kind, name: name as string, write });
    }
  }
  const prePatch = plainFunctionName(object.callbacks.pre_patch?.function);
  const earlier = new Set([
    ...initialisedGlobals(ctx.units),
    ...[prePatch, ctx.model.moduleInit]
      .flatMap((fn) => (fn ? assignments(ctx, fn) : []))
      .map((w) => w.step.target),
  ]);
  const findings: RuleFinding[] = [];
  for (const [variable, assigner] of setUp) {
    if (earlier.has(variable)) continue;
    const use = firstDereference(ctx.flow, postUnpatch, variable);
    // A test of the pointer, or of a flag set along with it, guards the use.
    if (!use || use.guards.some((guard) => guard === variable || setUp.has(guard))) continue;
    const found = shortestViolation(
      ctx,
      (v) =>
        v.invariant === 'use-unset' &&
        v.runner === 'post_unpatch' &&
        v.function === postUnpatch &&
        v.variable === variable,
      [postUnpatch],
    );
    // The model decides: no scenario runs post_unpatch before the variable is set, no finding.
    if (found) findings.push(finding(postUnpatch, variable, use, assigner, found));
  }
  return findings;
}

function finding(
  postUnpatch: string,
  variable: string,
  use: ReachedDereference,
  by: Assigner,
  found: FoundViolation,
): RuleFinding {
  const where = use.inFunction === postUnpatch ? '' : ` (in ${use.inFunction}())`;
  return {
    message: `post_unpatch '${postUnpatch}' ${how(use, variable)}${where}, but only ${by.kind} '${by.name}' assigns ${variable}: ${narrate(found)}, and ${variable} is then still NULL (a crash). Test it first (\`if (${variable})\`), or set it up in pre_patch.`,
    counterexample: found.counterexample,
    range: use.site,
    related: [
      {
        range: by.write.step.range,
        message: `${variable} is assigned here, in ${by.write.inFunction}() (${by.kind})`,
      },
      ...(sameRange(use.site, use.origin)
        ? []
        : [{ range: use.origin, message: `${use.inFunction}() dereferences it here` }]),
    ],
  };
}

/** Plain assignments of a non-NULL value to a global (not writes through a copying call). */
function assignments(ctx: RuleContext, name: string): Reached<WriteStep>[] {
  return ctx.flow
    .reachableWrites(name)
    .filter(({ step }) => !step.via && !step.clears && PLAIN_VARIABLE.test(step.target));
}

function how(use: ReachedDereference, variable: string): string {
  if (use.via === 'call') return `calls through ${variable}`;
  if (use.via) return `passes ${variable} to ${use.via}(), which dereferences it`;
  return `dereferences ${variable}`;
}
