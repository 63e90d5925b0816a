// enable-from-callback: a callback calls klp_enable_patch (or another call that takes the livepatch mutex).
import { describeCallback, registeredCallbacks } from './callbacks';
import type { Rule, RuleFinding } from './types';

/** Livepatch entry points that take klp_mutex, which every callback already runs under. */
const MUTEX_TAKERS = new Set([
  'klp_enable_patch',
  'klp_register_patch',
  'klp_unregister_patch',
  'klp_disable_patch',
]);

export const enableFromCallback: Rule = {
  id: 'enable-from-callback',
  defaultSeverity: 'error',
  docs: {
    summary: 'A callback calls klp_enable_patch() or another function that takes the livepatch mutex.',
    description: [
      "Every callback runs with the livepatch core's mutex (`klp_mutex`) held. `klp_enable_patch()`",
      '(and the old `klp_register_patch()`/`klp_disable_patch()`) take that mutex: called from a',
      'callback, directly or through a helper, the task deadlocks on itself and every later livepatch',
      'operation hangs.',
      '',
      'Enable patches only from module_init.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const callback of registeredCallbacks(ctx.model)) {
      if (!callback.functionName) continue;
      for (const { step, site, inFunction } of ctx.flow.reachableCalls(callback.functionName)) {
        if (!MUTEX_TAKERS.has(step.callee)) continue;
        const via = inFunction === callback.functionName ? '' : ` through ${inFunction}()`;
        findings.push({
          message: `${describeCallback(callback)} calls ${step.callee}()${via}, which takes the livepatch mutex the callback already runs under: the task deadlocks. Call it only from module_init.`,
          range: site,
          related: [
            ...(via ? [{ range: step.range, message: `${step.callee}() in ${inFunction}()` }] : []),
            { range: callback.registration.range, message: `registered as ${callback.kind}` },
          ],
        });
      }
    }
    return findings;
  },
};
