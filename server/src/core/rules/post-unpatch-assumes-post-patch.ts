// post-unpatch-assumes-post-patch: post_unpatch tears down what only post_patch set up.
import { appendAll } from '../append';
import { plainFunctionName, registeredCallbacks } from './callbacks';
import { shortestViolation } from '../check/model-check';
import { narrate } from '../check/narrate';
import { releases, sameRange } from './effects';
import { unsafeUses } from './post-unpatch-uses';
import type { Rule, RuleFinding } from './types';

export const postUnpatchAssumesPostPatch: Rule = {
  id: 'post-unpatch-assumes-post-patch',
  defaultSeverity: 'warning',
  docs: {
    summary: 'post_unpatch releases or dereferences something that only post_patch sets up.',
    description: [
      '`post_unpatch` may run in scenarios where `post_patch` did not. Releasing there what only',
      '`post_patch` set up then stops a thread that was never started (a NULL dereference), decrements a',
      'static key that was never incremented (an underflow warning), or unregisters something never',
      'registered; and dereferencing there a pointer that only `post_patch` (or `pre_unpatch`) assigns',
      '(`p->count`, `*p`, `strcpy(p, …)`, `mutex_lock(&p->lock)`, or a same-file helper that does)',
      'crashes on the NULL it still is.',
      '',
      'When the kernel makes it happen is not written here: the model checker finds it, and the section',
      '"When it happens" below shows the scenario it found for the example, event by event.',
      '',
      'Undo `post_patch` in `pre_unpatch`, its counterpart; or guard the release with a test of',
      'whether the thing exists. Releases that are harmless on nothing (kfree(NULL), freeing a shadow',
      'variable that does not exist) and releases inside an `if` are not reported, nor are uses after a',
      'test of the pointer (`if (p) p->count = 0;`) or of a flag that post_patch sets with it.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const callback of registeredCallbacks(ctx.model)) {
      if (callback.kind !== 'post_unpatch' || !callback.functionName) continue;
      appendAll(findings, unsafeUses(ctx, callback.object, callback.functionName));
      const postPatch = plainFunctionName(callback.object.callbacks.post_patch?.function);
      if (!postPatch) continue;
      const prePatch = plainFunctionName(callback.object.callbacks.pre_patch?.function);
      const setUp = ctx.flow.summary(postPatch)?.acquired ?? [];
      const setUpEarlier = prePatch ? (ctx.flow.summary(prePatch)?.acquired ?? []) : [];
      for (const release of ctx.flow.summary(callback.functionName)?.releases ?? []) {
        if (release.matched || release.pair.nullSafeRelease || release.guards.length > 0) continue;
        const held = setUp.find((h) => releases(release, h));
        if (!held || setUpEarlier.some((h) => releases(release, h))) continue;
        const found = shortestViolation(
          ctx,
          (v) =>
            v.invariant === 'release-unheld' &&
            v.runner === 'post_unpatch' &&
            v.function === callback.functionName &&
            sameRange(v.site, release.site),
          [callback.functionName],
        );
        // The model decides: no scenario releases it unheld, no finding.
        if (!found) continue;
        findings.push({
          message: `post_unpatch '${callback.functionName}' calls ${release.callee}() on what only post_patch '${postPatch}' sets up (${held.callee}()): ${narrate(found)}, when it was never set up. Undo it in pre_unpatch instead, or test that it was set up.`,
          counterexample: found.counterexample,
          range: release.site,
          related: [{ range: held.site, message: `${held.callee}() in post_patch '${postPatch}'` }],
        });
      }
    }
    return findings;
  },
};
