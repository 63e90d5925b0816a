// shadow-ctor-sleeps: a shadow variable constructor that may sleep, though it runs under a spinlock.
import { findSleeper } from '../flow/sleepers';
import type { Rule, RuleFinding } from './types';

/** The constructor argument's index in the shadow allocators. */
const ALLOCATORS: Record<string, number> = { klp_shadow_alloc: 4, klp_shadow_get_or_alloc: 4 };

export const shadowCtorSleeps: Rule = {
  id: 'shadow-ctor-sleeps',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A shadow variable constructor calls something that may sleep.',
    description: [
      'The constructor passed to `klp_shadow_alloc()` / `klp_shadow_get_or_alloc()` runs with the',
      "shadow variables' spinlock held and interrupts disabled (Documentation/livepatch/shadow-vars.rst),",
      'so it must not sleep: a mutex, `msleep()`, a `GFP_KERNEL` allocation or a user copy there gives',
      '"BUG: sleeping function called from invalid context", or a deadlock. The calls that may sleep',
      'are the ones `sleep-in-atomic` knows.',
      '',
      'Do the sleeping work before the allocation and pass its result through the `ctor_data`',
      'argument, or allocate with `GFP_ATOMIC` inside the constructor.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    // Only klp_shadow_* calls are judged: without the token no function needs its statement tree built.
    if (!ctx.text.includes('klp_shadow')) return findings;
    for (const ir of ctx.flow.functions.values()) {
      for (const { step } of ctx.flow.reachableCalls(ir.name)) {
        const ctorIndex = ALLOCATORS[step.callee];
        const ctor = ctorIndex === undefined ? undefined : step.args[ctorIndex];
        if (!ctor || !ctx.flow.functions.has(ctor)) continue;
        const id = `${step.range.start.line}:${step.range.start.character}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const sleeper = findSleeper(ctx.flow, ctor);
        if (!sleeper) continue;
        const via = sleeper.inFunction === ctor ? '' : ` (through ${sleeper.inFunction}())`;
        findings.push({
          message: `the shadow constructor ${ctor}() calls ${sleeper.step.callee}()${via}, which may sleep (it ${sleeper.reason.why}), but constructors run under the shadow variables' spinlock with interrupts off: the kernel reports "sleeping function called from invalid context" or deadlocks. Do that work before ${step.callee}() and pass the result as ctor_data.`,
          range: step.range,
          related: [
            { range: sleeper.step.range, message: `${sleeper.step.callee}() in ${sleeper.inFunction}()` },
          ],
        });
      }
    }
    return findings;
  },
};
