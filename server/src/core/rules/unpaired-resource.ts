// unpaired-resource: what a callback acquires, its counterpart callback does not release.
import type { Held } from '../flow/interpret';
import { releaseNames } from '../flow/classify';
import {
  COUNTERPART,
  describeCallback,
  plainFunctionName,
  registeredCallbacks,
  type RegisteredCallback,
} from './callbacks';
import type { FoundViolation } from '../check/explore';
import { shortestViolation } from '../check/model-check';
import { narrate } from '../check/narrate';
import { describeHeld, releases, sameRange } from './effects';
import type { Rule, RuleContext, RuleFinding } from './types';

export const unpairedResource: Rule = {
  id: 'unpaired-resource',
  defaultSeverity: 'warning',
  docs: {
    summary: 'Something a patch-side callback acquires is not released by its counterpart.',
    description: [
      'What `pre_patch` acquires, `post_unpatch` must release; what `post_patch` enables,',
      '`pre_unpatch` must disable. Otherwise the resource is left behind once the patch is gone: leaked',
      'memory and shadow variables, a kprobe or notifier that still points into the livepatch module',
      'after it is unloaded (a crash), a static key left on. A callback that may acquire again what it',
      'still holds leaks the first one.',
      '',
      'When the kernel makes it happen is not written here: the model checker finds it, and the section',
      '"When it happens" below shows the scenario it found for the example, event by event.',
      '',
      'The check follows calls into helpers of the same file and knows the usual kernel pairs',
      '(kmalloc/kfree, klp_shadow_alloc/klp_shadow_free by id, register_x/unregister_x,',
      'x_enable/x_disable, kthread_run/kthread_stop, request_irq/free_irq, sysfs and debugfs entries,',
      'get/put references). A release in `module_exit` (or, for `post_patch`, in `post_unpatch`) is',
      'accepted as long as the model finds no scenario in which the callback acquires the resource again',
      'while it is still held; an acquisition under a test of its own variable',
      '(`if (!buf) buf = kmalloc(...)`) is not repeated. Release the resource in the counterpart callback.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const exitReleases = ctx.model.moduleExit ? (ctx.flow.summary(ctx.model.moduleExit)?.releases ?? []) : [];
    for (const callback of registeredCallbacks(ctx.model)) {
      if (callback.kind !== 'pre_patch' && callback.kind !== 'post_patch') continue;
      const counterpartKind = COUNTERPART[callback.kind];
      const counterpart = callback.object.callbacks[counterpartKind];
      const counterpartName = counterpart && plainFunctionName(counterpart.function);
      if (!callback.functionName || !counterpartName) continue;
      const acquired = ctx.flow.summary(callback.functionName)?.acquired ?? [];
      const released = ctx.flow.summary(counterpartName)?.releases ?? [];
      const otherKind = callback.kind === 'pre_patch' ? 'pre_unpatch' : 'post_unpatch';
      const otherName = plainFunctionName(callback.object.callbacks[otherKind]?.function);
      const otherReleases = otherName ? (ctx.flow.summary(otherName)?.releases ?? []) : [];
      for (const held of acquired) {
        if (held.pair.category !== 'resource' || released.some((r) => releases(r, held))) continue;
        const elsewhere = otherReleases.find((r) => releases(r, held));
        // Released only outside the counterpart (post_unpatch after post_patch, module_exit): not
        // left behind for good, but the callback may run again before that release.
        if (
          (elsewhere && callback.kind === 'post_patch') ||
          (!elsewhere && exitReleases.some((r) => releases(r, held)))
        ) {
          const again = acquiredAgain(ctx, callback, held);
          if (again) findings.push(again);
          continue;
        }
        const found = shortestViolation(
          ctx,
          (v) =>
            v.invariant === 'held-at-end' &&
            v.holder?.runner === callback.kind &&
            v.holder.function === callback.functionName &&
            sameRange(v.holder.held.site, held.site),
          [callback.functionName],
        );
        // The model decides: no scenario leaves it held once the patch is gone, no finding.
        if (!found) continue;
        findings.push({
          message: message(callback, counterpartKind, counterpartName, held, elsewhere !== undefined, found),
          counterexample: found.counterexample,
          range: held.site,
          related: relatedFor(held, counterpart.range, counterpartKind, elsewhere?.site),
        });
      }
    }
    return findings;
  },
};

/** The model's proof that the callback acquires `held` again while it still holds it: the first one leaks. */
function acquiredAgain(ctx: RuleContext, callback: RegisteredCallback, held: Held): RuleFinding | undefined {
  const fn = callback.functionName;
  if (!fn) return undefined;
  const found = shortestViolation(
    ctx,
    (v) =>
      v.invariant === 'acquire-held' &&
      v.runner === callback.kind &&
      v.function === fn &&
      sameRange(v.site, held.site),
    [fn],
  );
  if (!found) return undefined;
  const counterpart = COUNTERPART[callback.kind];
  const undo = releaseNames(held.pair).slice(0, 2).join('()/') + '()';
  return {
    message: `${describeHeld(held, fn)}, called by ${describeCallback(callback)}, acquires ${held.pair.what} again while still holding it: ${narrate(found)}, and the first one leaks. Call ${undo} in ${counterpart}.`,
    counterexample: found.counterexample,
    range: held.site,
    related: sameRange(held.origin, held.site)
      ? []
      : [{ range: held.origin, message: `${held.callee}() is called here` }],
  };
}

function message(
  callback: RegisteredCallback,
  counterpartKind: string,
  counterpart: string,
  held: Held,
  inOther: boolean,
  found: FoundViolation,
): string {
  const undo = releaseNames(held.pair).slice(0, 2).join('()/') + '()';
  const start = `${describeHeld(held, callback.functionName ?? undefined)}, called by ${describeCallback(callback)}, acquires ${held.pair.what} that ${counterpartKind} '${counterpart}' never releases`;
  if (inOther) {
    return `${start}; it is released in pre_unpatch instead, but ${narrate(found)}, still holding it: move ${undo} to ${counterpartKind}.`;
  }
  return `${start}: ${narrate(found)}, still holding it (a leak, or a live hook into an unloaded module). Call ${undo} in ${counterpartKind}.`;
}

function relatedFor(
  held: Held,
  counterpartRange: Held['site'],
  kind: string,
  otherSite: Held['site'] | undefined,
) {
  const related = [];
  if (!sameRange(held.origin, held.site))
    related.push({ range: held.origin, message: `${held.callee}() is called here` });
  related.push({ range: counterpartRange, message: `the ${kind} counterpart` });
  if (otherSite) related.push({ range: otherSite, message: 'released here instead' });
  return related;
}
