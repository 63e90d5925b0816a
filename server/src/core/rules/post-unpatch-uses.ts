// post_unpatch dereferencing a pointer that only post_patch assigns: NULL after a cancelled or reversed enable.
import { firstDereference, type ReachedDereference } from '../flow/helper-uses';
import type { Reached } from '../flow/file-flow';
import type { WriteStep } from '../flow/ir';
import { sameRange } from './effects';
import { initialisedGlobals } from './file-statics';
import type { RuleContext, RuleFinding } from './types';

const PLAIN_VARIABLE = /^[A-Za-z_]\w*$/;

/**
 * Globals that post_patch points somewhere and nothing earlier does (pre_patch, module_init or the
 * declaration's initialiser), dereferenced by post_unpatch before any test of them.
 */
export function unsafeUses(
  ctx: RuleContext,
  postUnpatch: string,
  postPatch: string,
  prePatch: string | null,
): RuleFinding[] {
  const setUp = new Map<string, Reached<WriteStep>>();
  for (const write of assignments(ctx, postPatch))
    if (!setUp.has(write.step.target)) setUp.set(write.step.target, write);
  const earlier = new Set([
    ...initialisedGlobals(ctx.units),
    ...[prePatch, ctx.model.moduleInit]
      .flatMap((fn) => (fn ? assignments(ctx, fn) : []))
      .map((w) => w.step.target),
  ]);
  const findings: RuleFinding[] = [];
  for (const [name, write] of setUp) {
    if (earlier.has(name)) continue;
    const use = firstDereference(ctx.flow, postUnpatch, name);
    // A test of the pointer, or of a flag post_patch sets along with it, guards the use.
    if (!use || use.guards.some((guard) => guard === name || setUp.has(guard))) continue;
    findings.push({
      message: `post_unpatch '${postUnpatch}' ${how(use, name)}${use.inFunction === postUnpatch ? '' : ` (in ${use.inFunction}())`}, but only post_patch '${postPatch}' assigns ${name}: post_unpatch also runs after a cancelled enable or a reversed transition, when post_patch never ran, and ${name} is then still NULL (a crash). Test it first (\`if (${name})\`), or set it up in pre_patch.`,
      range: use.site,
      related: [
        {
          range: write.step.range,
          message: `${name} is assigned here, in ${write.inFunction}() (post_patch)`,
        },
        ...(sameRange(use.site, use.origin)
          ? []
          : [{ range: use.origin, message: `${use.inFunction}() dereferences it here` }]),
      ],
    });
  }
  return findings;
}

/** Plain assignments of a non-NULL value to a global (not writes through a copying call). */
function assignments(ctx: RuleContext, name: string): Reached<WriteStep>[] {
  return ctx.flow
    .reachableWrites(name)
    .filter(({ step }) => !step.via && !step.clears && PLAIN_VARIABLE.test(step.target));
}

function how(use: ReachedDereference, name: string): string {
  if (use.via === 'call') return `calls through ${name}`;
  if (use.via) return `passes ${name} to ${use.via}(), which dereferences it`;
  return `dereferences ${name}`;
}
