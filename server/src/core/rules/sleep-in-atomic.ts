// sleep-in-atomic: a call that may sleep inside a spinlock, rwlock, RCU, preempt- or irq-disabled section.
import { appendAll } from '../append';
import { atomicRunner } from '../flow/atomic-runners';
import { flatten, type FileFlow } from '../flow/file-flow';
import type { Held } from '../flow/interpret';
import type { CallStep } from '../flow/ir';
import { lockPair } from '../flow/locks';
import { directSleepReason, findSleeper, type Sleeper } from '../flow/sleepers';
import type { Range } from '../model/types';
import { registeredCallbacks } from './callbacks';
import { describeHeld } from './effects';
import type { Rule, RuleContext, RuleFinding } from './types';

export const sleepInAtomic: Rule = {
  id: 'sleep-in-atomic',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A callback, module init/exit or a helper they call may sleep inside its own atomic section.',
    description: [
      'Callbacks (and module init/exit) run in process context, so they may sleep, but not',
      'while they hold a spinlock, an rwlock, `task_lock()` or the RCU read lock, or have disabled',
      'preemption, interrupts or bottom halves. A sleeping allocation (`GFP_KERNEL`, also through',
      '`klp_shadow_get_or_alloc()`), a mutex or semaphore, `msleep()`, `wait_event()`,',
      '`synchronize_rcu()`, `flush_work()` or a user copy there gives "BUG: sleeping function called',
      'from invalid context", a scheduling-while-atomic splat, or a deadlock.',
      '',
      'The same holds for a function handed to `stop_machine()`, `on_each_cpu()` or',
      '`smp_call_function*()`: it runs with interrupts or preemption disabled.',
      '',
      'Move the sleeping call out of the section (allocate first, then lock), or use a mask that',
      'does not sleep (`GFP_ATOMIC`, `GFP_NOWAIT`) and handle its failure.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const name of analysedFunctions(ctx)) {
      const atCall = new Map<string, { step: CallStep; held: Held[] }>();
      ctx.flow.observeCalls(name, (step, held) => {
        const atomic = held.filter((h) => lockPair(h.pair)?.atomic);
        if (atomic.length === 0) return;
        const id = rangeId(step.range);
        const earlier = atCall.get(id)?.held ?? [];
        atCall.set(id, {
          step,
          held: [...earlier, ...atomic.filter((h) => !earlier.some((e) => same(e, h)))],
        });
      });
      for (const { step, held } of atCall.values()) {
        const found = sleeperAt(ctx.flow, name, step, held);
        if (found) findings.push(finding(name, step, held, found));
      }
      appendAll(findings, runnerFindings(ctx.flow, name));
    }
    return findings;
  },
};

/** Callbacks, module init/exit, and every same-file helper they reach (each walked from an empty state). */
function analysedFunctions(ctx: RuleContext): string[] {
  const roots = registeredCallbacks(ctx.model).map((callback) => callback.functionName);
  roots.push(ctx.model.moduleInit ?? null, ctx.model.moduleExit ?? null);
  const names = new Set<string>();
  for (const root of roots) {
    if (!root || !ctx.flow.functions.has(root)) continue;
    names.add(root);
    for (const { inFunction } of ctx.flow.reachableCalls(root)) names.add(inFunction);
  }
  return [...names];
}

/** The sleeping call itself, or one inside the helper called here (before that helper drops the locks). */
function sleeperAt(
  flow: FileFlow,
  inFunction: string,
  step: CallStep,
  held: readonly Held[],
): Sleeper | undefined {
  const reason = directSleepReason(flow, step);
  if (reason) return { step, inFunction, through: [], reason };
  if (!flow.functions.has(step.callee)) return undefined;
  return findSleeper(
    flow,
    step.callee,
    step.args,
    held.map((h) => h.pair.id),
  );
}

function finding(inFunction: string, step: CallStep, held: readonly Held[], sleeper: Sleeper): RuleFinding {
  const sections = [...new Set(held.map(section))];
  const takers = held.map((h) => describeHeld(h, inFunction)).join(', ');
  const direct = sleeper.step === step;
  const chain = [...sleeper.through, sleeper.step.callee].map((name) => `${name}()`).join(' → ');
  const what = direct
    ? `${step.callee}() may sleep (it ${sleeper.reason.why})`
    : `${step.callee}() may sleep (it calls ${chain}, which ${sleeper.reason.why})`;
  const advice = sleeper.reason.gfp
    ? `Allocate before the section, or with GFP_ATOMIC (and handle its failure) instead of ${sleeper.reason.gfp}.`
    : 'Move the call out of the section.';
  return {
    message: `${what}, but it runs ${sections.join(' and ')} (taken by ${takers}): the kernel reports "BUG: sleeping function called from invalid context" or deadlocks. ${advice}`,
    range: step.range,
    related: [
      ...(direct
        ? []
        : [{ range: sleeper.step.range, message: `${sleeper.step.callee}() in ${sleeper.inFunction}()` }]),
      ...held.map((h) => ({
        range: h.origin,
        message: `${h.callee}(): ${section(h)} from here`,
      })),
    ],
  };
}

/** `stop_machine(fn, ...)` and friends run `fn` atomically: a same-file `fn` that may sleep is reported there. */
function runnerFindings(flow: FileFlow, name: string): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const step of flatten(flow.functions.get(name)?.body ?? [])) {
    if (step.kind !== 'call') continue;
    const runner = atomicRunner(step.callee);
    const fn = runner && step.args[runner.fnArg];
    if (!runner || !fn || !flow.functions.has(fn)) continue;
    const sleeper = findSleeper(flow, fn);
    if (!sleeper) continue;
    const chain = [...sleeper.through, sleeper.step.callee].map((callee) => `${callee}()`).join(' → ');
    findings.push({
      message: `${step.callee}() runs ${fn}() ${runner.context}, but ${fn}() may sleep (it calls ${chain}, which ${sleeper.reason.why}): the kernel reports "BUG: scheduling while atomic" or deadlocks. Do the sleeping work before ${step.callee}() and pass its result in.`,
      range: step.range,
      related: [
        { range: sleeper.step.range, message: `${sleeper.step.callee}() in ${sleeper.inFunction}()` },
      ],
    });
  }
  return findings;
}

/** "with a spinlock held", "with interrupts disabled": how the lock table words the section. */
function section(held: Held): string {
  return lockPair(held.pair)?.atomic ?? `with ${held.pair.what}`;
}

function same(a: Held, b: Held): boolean {
  return a.pair.id === b.pair.id && a.key === b.key && rangeId(a.origin) === rangeId(b.origin);
}

function rangeId(range: Range): string {
  return `${range.start.line}:${range.start.character}`;
}
