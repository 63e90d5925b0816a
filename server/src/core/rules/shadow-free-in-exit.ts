// shadow-free-in-exit: a replace patch frees shadow variables in module_exit instead of post_unpatch.
import { shortestViolation } from '../check/model-check';
import { narrate } from '../check/narrate';
import type { Rule, RuleFinding } from './types';

const SHADOW_FREES = new Set(['klp_shadow_free', 'klp_shadow_free_all']);

export const shadowFreeInExit: Rule = {
  id: 'shadow-free-in-exit',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A `replace` patch frees shadow variables in module_exit.',
    description: [
      'With atomic replace, the patch that replaces this one inherits its shadow variables (same ids).',
      'Freeing them in module_exit frees shadow data the replacing patch may still be using (a',
      'use-after-free in patched code).',
      '',
      'When the kernel makes it happen is not written here: the model checker finds it, and the section',
      '"When it happens" below shows the scenario it found for the example, event by event.',
      '',
      'Free shadow variables in `post_unpatch`, the unpatch side of this patch itself.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const exit = ctx.model.moduleExit;
    const replacing = ctx.model.patches.find((p) => p.replace || p.replaceSetAtRuntime);
    if (!exit || !replacing) return findings;
    for (const { step, site, inFunction } of ctx.flow.reachableCalls(exit)) {
      if (!SHADOW_FREES.has(step.callee)) continue;
      const found = shortestViolation(ctx, (v) => v.invariant === 'exit-frees-shared' && v.function === exit);
      // The model decides: no scenario in which a replacing patch still uses them, no finding.
      if (!found) continue;
      const via = inFunction === exit ? '' : ` (through ${inFunction}())`;
      findings.push({
        message: `module_exit '${exit}' frees shadow variables with ${step.callee}()${via}, but patch '${replacing.name}' is a replace patch: ${narrate(found)}, and frees the shadow variables it took over. Free them in post_unpatch instead.`,
        counterexample: found.counterexample,
        range: site,
        related: [
          ...(inFunction === exit
            ? []
            : [{ range: step.range, message: `${step.callee}() in ${inFunction}()` }]),
          {
            range: replacing.replaceRange ?? replacing.range,
            message: `patch '${replacing.name}' replaces earlier patches`,
          },
        ],
      });
    }
    return findings;
  },
};
