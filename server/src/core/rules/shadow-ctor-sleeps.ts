// shadow-ctor-sleeps: a shadow variable constructor that may sleep, though it runs under a spinlock.
import type { CallStep } from '../flow/ir';
import type { Rule, RuleFinding } from './types';

const ALLOCATORS: Record<string, number> = { klp_shadow_alloc: 4, klp_shadow_get_or_alloc: 4 };

const SLEEPING = new Set([
  'mutex_lock',
  'mutex_lock_interruptible',
  'mutex_lock_killable',
  'down',
  'down_interruptible',
  'down_killable',
  'down_read',
  'down_write',
  'msleep',
  'msleep_interruptible',
  'ssleep',
  'usleep_range',
  'schedule',
  'schedule_timeout',
  'cond_resched',
  'might_sleep',
  'synchronize_rcu',
  'synchronize_srcu',
  'vmalloc',
  'vzalloc',
  'kvmalloc',
  'kvzalloc',
  'kthread_run',
  'kthread_create',
  'copy_from_user',
  'copy_to_user',
  'get_user',
  'put_user',
  'wait_for_completion',
  'flush_work',
  'flush_workqueue',
  'cancel_work_sync',
  'cancel_delayed_work_sync',
]);

/** Allocations that sleep only when asked to: with GFP_KERNEL (or another sleeping gfp mask). */
const GFP_ALLOCATORS = new Set([
  'kmalloc',
  'kzalloc',
  'kcalloc',
  'kmalloc_array',
  'kstrdup',
  'kmemdup',
  'kasprintf',
]);

export const shadowCtorSleeps: Rule = {
  id: 'shadow-ctor-sleeps',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A shadow variable constructor calls something that may sleep.',
    description: [
      'The constructor passed to `klp_shadow_alloc()` / `klp_shadow_get_or_alloc()` runs with the',
      "shadow variables' spinlock held and interrupts disabled (Documentation/livepatch/shadow-vars.rst),",
      'so it must not sleep: a mutex, `msleep()`, a `GFP_KERNEL` allocation or a user copy there gives',
      '"BUG: sleeping function called from invalid context", or a deadlock.',
      '',
      'Do the sleeping work before the allocation and pass its result through the `ctor_data`',
      'argument, or allocate with `GFP_ATOMIC` inside the constructor.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const ir of ctx.flow.functions.values()) {
      for (const { step } of ctx.flow.reachableCalls(ir.name)) {
        const ctorIndex = ALLOCATORS[step.callee];
        const ctor = ctorIndex === undefined ? undefined : step.args[ctorIndex];
        if (!ctor || !ctx.flow.functions.has(ctor)) continue;
        const id = `${step.range.start.line}:${step.range.start.character}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const sleeper = ctx.flow.reachableCalls(ctor).find(({ step: call }) => sleeps(call));
        if (!sleeper) continue;
        const via = sleeper.inFunction === ctor ? '' : ` (through ${sleeper.inFunction}())`;
        findings.push({
          message: `the shadow constructor ${ctor}() calls ${sleeper.step.callee}()${via}, which may sleep, but constructors run under the shadow variables' spinlock with interrupts off: the kernel reports "sleeping function called from invalid context" or deadlocks. Do that work before ${step.callee}() and pass the result as ctor_data.`,
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

function sleeps(call: CallStep): boolean {
  if (SLEEPING.has(call.callee)) return true;
  return (
    GFP_ALLOCATORS.has(call.callee) && call.args.some((arg) => /\bGFP_(KERNEL|USER|NOFS|NOIO)\b/.test(arg))
  );
}
