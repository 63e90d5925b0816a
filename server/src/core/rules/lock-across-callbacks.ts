// lock-across-callbacks: a lock taken in module_init or one callback and released in another callback.
import type { Held, Release } from '../flow/interpret';
import { registeredCallbacks } from './callbacks';
import type { FoundViolation } from '../check/explore';
import { shortestViolation } from '../check/model-check';
import { narrate } from '../check/narrate';
import { releases, sameRange } from './effects';
import type { Rule, RuleFinding } from './types';

export const lockAcrossCallbacks: Rule = {
  id: 'lock-across-callbacks',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A lock is taken in module_init or one callback and released in another callback.',
    description: [
      'A lock taken in module_init or one callback and released in another is carried between calls',
      'the kernel makes separately: the releasing call may come much later or never (a deadlock for the',
      'next taker), and callbacks may run in different tasks (a release by a task that does not own the',
      'lock).',
      '',
      'When the kernel makes it happen is not written here: the model checker finds it, and the section',
      '"When it happens" below shows the scenario it found for the example, event by event; the',
      "finding's message also names a scenario in which the release never comes, when there is one.",
      '',
      'Take and release locks inside one callback; carry state between callbacks in variables or',
      'klp_state instead.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const functions = new Map<string, string>();
    if (ctx.model.moduleInit) functions.set(ctx.model.moduleInit, 'module_init');
    for (const callback of registeredCallbacks(ctx.model)) {
      if (callback.functionName && !functions.has(callback.functionName)) {
        functions.set(callback.functionName, `${callback.kind} '${callback.functionName}'`);
      }
    }
    const releasesBy = new Map<string, Release[]>();
    for (const name of functions.keys()) releasesBy.set(name, ctx.flow.summary(name)?.releases ?? []);
    const seen = new Set<string>();
    for (const [name, label] of functions) {
      for (const held of ctx.flow.summary(name)?.acquired ?? []) {
        if (held.pair.category !== 'lock') continue;
        for (const [other, otherLabel] of functions) {
          if (other === name || otherLabel === 'module_init') continue;
          const release = releasesBy.get(other)?.find((r) => !r.matched && releases(r, held));
          const id = `${held.site.start.line}:${held.site.start.character}`;
          if (!release || seen.has(id)) continue;
          const found = shortestViolation(
            ctx,
            (v) =>
              v.invariant === 'lock-across' &&
              v.holder?.function === name &&
              sameRange(v.holder.held.site, held.site),
            [name],
          );
          // The model decides: no scenario carries the lock from one call to another, no finding.
          if (!found) continue;
          // And whether the releasing call may never come: a scenario in which the lock is still
          // held once the patch is gone (held at the end of module_init or of the callback).
          const never = shortestViolation(
            ctx,
            (v) =>
              v.invariant === 'held-at-end' &&
              v.holder?.function === name &&
              sameRange(v.holder.held.site, held.site),
            [name],
          );
          seen.add(id);
          findings.push(finding(held, label, release, otherLabel, found, never));
        }
      }
    }
    return findings;
  },
};

function finding(
  held: Held,
  label: string,
  release: Release,
  otherLabel: string,
  found: FoundViolation,
  never: FoundViolation | undefined,
): RuleFinding {
  const unreleased = never ? `; ${narrate(never)}, the lock still held` : '';
  return {
    message: `${held.callee}(${held.key ?? ''}) in ${label} takes ${held.pair.what} that is released only in ${otherLabel}: ${narrate(found)}${unreleased}. Callbacks may run in different tasks too. Take and release the lock within one function.`,
    counterexample: found.counterexample,
    range: held.site,
    related: [{ range: release.site, message: `${release.callee}() in ${otherLabel}` }],
  };
}
