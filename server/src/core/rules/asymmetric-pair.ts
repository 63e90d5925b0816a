// asymmetric-pair: a callback whose counterpart (pre_patch/post_unpatch, post_patch/pre_unpatch) is missing.
import type { FileFlow } from '../flow/file-flow';
import type { Held } from '../flow/interpret';
import type { ObjectModel } from '../model/types';
import {
  COUNTERPART,
  describeCallback,
  objectLabel,
  plainFunctionName,
  registeredCallbacks,
} from './callbacks';
import type { FoundViolation } from '../check/explore';
import { shortestViolation } from '../check/model-check';
import { narrate } from '../check/narrate';
import type { CallbackKind } from '../model/types';
import { counterpartFixes } from './counterpart-fix';
import type { RuleContext } from './types';
import { withoutCondition, withWithoutDirective } from '../model/configuration';
import { releases, stateChanges, type StateChange } from './effects';
import type { Rule } from './types';

export const asymmetricPair: Rule = {
  id: 'asymmetric-pair',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A callback that changes state has no counterpart to undo (or set up) that state.',
    description: [
      'The kernel pairs callbacks: `pre_patch` with `post_unpatch`, `post_patch` with `pre_unpatch`',
      '(Documentation/livepatch/callbacks.rst). What `pre_patch` sets up is meant to be undone by',
      '`post_unpatch`; what `post_patch` enables, `pre_unpatch` disables. Without the counterpart the',
      'change outlives the patch, and the system keeps running with state the patched code set up for',
      'itself. A counterpart registered only under another `#if` is checked on the build without it.',
      '',
      'When the kernel makes it happen is not written here: the model checker finds it, and the section',
      '"When it happens" below shows the scenario it found for the example, event by event.',
      '',
      'Callbacks that only log or test something are not reported. Add the missing counterpart and',
      'undo the work there.',
    ].join('\n'),
  },
  check(ctx) {
    const findings = [];
    for (const callback of registeredCallbacks(ctx.model)) {
      const counterpart = COUNTERPART[callback.kind];
      const present = callback.object.callbacks[counterpart];
      const onlyWhen = present && missingWhen(callback.registration.condition, present.condition);
      if ((present && !onlyWhen) || !callback.functionName) continue;
      const undoing = callback.kind === 'pre_patch' || callback.kind === 'post_patch';
      const changes = undoing
        ? stateChanges(ctx.flow, callback.functionName)
        : unexplainedReleases(ctx.flow, callback.functionName, setUpBy(ctx.flow, callback.object));
      if (changes.length === 0) continue;
      // With the counterpart under another #if, the build without that condition is simulated: the
      // counterexample names it, and `trace --without-condition` replays it.
      const found = proof(
        onlyWhen ? { ...ctx, model: withoutCondition(ctx.model, onlyWhen) } : ctx,
        callback.kind,
        callback.functionName,
        undoing,
      );
      if (!found) continue;
      const counterexample = onlyWhen
        ? {
            ...found.counterexample,
            scenario: withWithoutDirective(found.counterexample.scenario, onlyWhen),
            withoutCondition: onlyWhen,
          }
        : found.counterexample;
      const fix = onlyWhen
        ? `register both under the same condition`
        : `add a ${counterpart} callback to object ${objectLabel(callback.object)}`;
      const consequence = undoing
        ? `nothing undoes what it does (${changes[0].what}): ${narrate(found)}; ${fix}.`
        : `it undoes state that no ${counterpart} set up (${changes[0].what}): ${narrate(found)}; ${fix}, or move this work where the state is set up.`;
      const head = onlyWhen
        ? `has its ${counterpart} counterpart only when ${onlyWhen}; without it,`
        : `has no ${counterpart} counterpart:`;
      const repairs = !present && undoing ? counterpartFixes(ctx, callback) : [];
      findings.push({
        message: `${describeCallback(callback)} ${head} ${consequence}`,
        range: callback.registration.range,
        related: changes.slice(0, 3).map((change) => ({ range: change.range, message: change.what })),
        ...(repairs.length > 0 ? { fixes: repairs } : {}),
        counterexample,
      });
    }
    return findings;
  },
};

/**
 * The model's proof: a scenario in which what a patch-side callback set up is still there once the
 * patch is gone, or in which an unpatch callback releases what nothing holds.
 */
function proof(
  ctx: RuleContext,
  kind: CallbackKind,
  fn: string,
  undoing: boolean,
): FoundViolation | undefined {
  return shortestViolation(
    ctx,
    (v) =>
      undoing
        ? v.invariant === 'held-at-end' &&
          ((v.holder?.runner === kind && v.holder.function === fn) ||
            (v.change?.runner === kind && v.change.function === fn))
        : v.invariant === 'release-unheld' && v.runner === kind && v.function === fn,
    [fn],
  );
}

/**
 * The condition under which the counterpart exists, when the callback can exist without it: an
 * unconditional pre_patch whose post_unpatch sits in `#ifdef CONFIG_X`. A callback under a
 * condition that textually includes the counterpart's is covered.
 */
function missingWhen(own: string | undefined, counterpart: string | undefined): string | undefined {
  if (!counterpart || own === counterpart || (own && own.includes(counterpart))) return undefined;
  return counterpart;
}

/** What the object's pre_patch and post_patch leave acquired. */
function setUpBy(flow: FileFlow, object: ObjectModel): Held[] {
  return [object.callbacks.pre_patch, object.callbacks.post_patch].flatMap((registration) => {
    const name = plainFunctionName(registration?.function);
    return name ? (flow.summary(name)?.acquired ?? []) : [];
  });
}

/**
 * An unpatch callback without its counterpart is suspicious only when it releases something that no
 * patch-side callback of the object acquires. Resetting flags, or freeing what post_patch allocated,
 * is judged by unpaired-resource and post-unpatch-assumes-post-patch; freeing what may not exist
 * (shadow variables the patched code created, kfree of a maybe-NULL pointer) is cleanup, not asymmetry.
 */
function unexplainedReleases(flow: FileFlow, name: string, setUp: Held[]): StateChange[] {
  const summary = flow.summary(name);
  return (summary?.releases ?? [])
    .filter(
      (release) => !release.matched && release.pair.category === 'resource' && !release.pair.nullSafeRelease,
    )
    .filter((release) => !setUp.some((held) => releases(release, held)))
    .map((release) => ({ range: release.origin, what: `${release.callee}() releases ${release.pair.what}` }));
}
