// pre-patch-partial-cleanup: pre_patch (or a helper it calls) fails without undoing what it already did.
import { calledHelpers } from '../check/effects';
import { describeCallback, registeredCallbacks } from './callbacks';
import { narrate } from '../check/narrate';
import { shortestViolation } from '../check/model-check';
import { describeHeld, sameRange } from './effects';
import type { Rule, RuleFinding } from './types';

export const prePatchPartialCleanup: Rule = {
  id: 'pre-patch-partial-cleanup',
  defaultSeverity: 'warning',
  docs: {
    summary: 'pre_patch returns an error while still holding something it acquired.',
    description: [
      'A `pre_patch` that returns an error while still holding what it acquired before the failing step',
      'keeps it for good if no callback of that object releases it afterwards: leaked memory, a',
      'registered hook into a module that is about to be unloaded, a lock that is never released.',
      '',
      'When the kernel makes it happen is not written here: the model checker finds it, and the section',
      '"When it happens" below shows the scenario it found for the example (which callbacks the kernel',
      'calls, and does not call, after the failure), event by event.',
      '',
      'Release, on every error path, what was acquired before it (the usual `goto err_...` ladder).',
      'Helpers of the same file called by pre_patch are checked the same way.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const callback of registeredCallbacks(ctx.model)) {
      if (callback.kind !== 'pre_patch' || !callback.functionName) continue;
      for (const name of [callback.functionName, ...calledHelpers(ctx.flow, callback.functionName)]) {
        const summary = ctx.flow.summary(name);
        for (const exit of summary?.exits ?? []) {
          if (!exit.error || !exit.range || exit.held.length === 0) continue;
          const id = `${exit.range.start.line}:${exit.range.start.character}`;
          if (seen.has(id)) continue;
          seen.add(id);
          const exitRange = exit.range;
          const found = shortestViolation(
            ctx,
            (v) =>
              v.invariant === 'error-while-holding' &&
              v.function === callback.functionName &&
              sameRange(v.site, exitRange),
            [callback.functionName],
          );
          // The model decides: no scenario in which this error path leaks, no finding.
          if (!found) continue;
          const what = exit.held.map((held) => describeHeld(held, name)).join(', ');
          const where =
            name === callback.functionName
              ? describeCallback(callback)
              : `${name}(), called by ${describeCallback(callback)},`;
          findings.push({
            message: `${where} returns an error here while ${what} is still held: ${narrate(found)}, so it is never released. Release it before returning.`,
            counterexample: found.counterexample,
            range: exit.range,
            related: exit.held.flatMap((held) => [
              { range: held.site, message: `${describeHeld(held, name)} acquires ${held.pair.what}` },
              ...(sameRange(held.site, held.origin)
                ? []
                : [{ range: held.origin, message: `${held.callee}() is called here` }]),
            ]),
          });
        }
      }
    }
    return findings;
  },
};
