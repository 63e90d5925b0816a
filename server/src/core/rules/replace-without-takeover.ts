// replace-without-takeover: a replace patch whose callbacks change state but never consult the previous patch's.
import { registeredCallbacks, type RegisteredCallback } from './callbacks';
import { fileStatics } from './file-statics';
import { systemChanges } from './effects';
import { savedStates, type SavedState } from './saved-state';
import { shortestViolation } from '../check/model-check';
import { livepatchModulesOf } from '../lifecycle/file-modules';
import { narrate } from '../check/narrate';
import type { Rule, RuleFinding } from './types';

const TAKEOVER_CALLS = new Set(['klp_get_prev_state']);
const SETTING_UP = new Set(['pre_patch', 'post_patch']);

export const replaceWithoutTakeover: Rule = {
  id: 'replace-without-takeover',
  defaultSeverity: 'info',
  docs: {
    summary:
      'A replace patch changes state in its callbacks without looking at what the replaced patch set up.',
    description: [
      'With `.replace = true`, whatever an older patch set up in its callbacks is never undone by that',
      'older patch once this one replaces it, unless this patch takes it over.',
      '',
      'When the kernel makes it happen is not written here: the model checker finds it, and the section',
      '"When it happens" below shows the scenario it found for the example (the older version loaded,',
      'this one replacing it, and which callbacks run), event by event.',
      '',
      'The documented way is system state (`.states` with an id and version) and',
      '`klp_get_prev_state()` in the callbacks, to find out whether the state already exists and',
      'adopt it rather than set it up again. This is informational: it matters once a second version',
      'of the patch is loaded over the first.',
      '',
      'Only changes outside the module count: registrations, enabled keys, threads, shadow variables,',
      'writes to kernel variables (assignments, and copies or formatting into them with memcpy, strscpy,',
      "snprintf and the like, `utsname()->release` included) and calls of unknown effect. The module's",
      'own static variables and memory go away with the replaced module.',
      '',
      'Saving kernel state when patching and restoring it when unpatching is the sharpest case: the',
      'replaced patch never restores, so this patch saves the value the older one set, and restores',
      'that, not the original, when it is disabled. Keep the original in a klp_state and take it over.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const callbacks = registeredCallbacks(ctx.model);
    // The simulator's name for each patch (a file's second patch is told apart by its variable).
    const simulatedNames = new Map(
      ctx.model.patches.map((p, i) => [p, livepatchModulesOf(ctx.model)[i].patch.name]),
    );
    for (const patch of ctx.model.patches) {
      if (!patch.replace) continue;
      const own = callbacks.filter((c) => c.patch === patch && c.functionName);
      const consults = own.some((c) =>
        ctx.flow.reachableCalls(c.functionName as string).some(({ step }) => TAKEOVER_CALLS.has(step.callee)),
      );
      if (consults) continue;
      // What pre_patch/post_patch set up outside the module is what an older version set up already.
      const statics = fileStatics(ctx.units);
      const changing = own
        .filter((c) => SETTING_UP.has(c.kind))
        .map((c) => ({ ...c, changes: systemChanges(ctx.flow, c.functionName as string, statics) }))
        .filter((c) => c.changes.length > 0);
      const saved = savedStates(ctx, own, statics);
      if (saved.length === 0 && changing.length === 0) continue;
      const simulated = simulatedNames.get(patch) ?? patch.name;
      const found = shortestViolation(ctx, (v) => v.invariant === 'replaced-state' && v.patch === simulated);
      // The model decides: no scenario in which a replacement leaves this patch's state behind, no finding.
      if (!found) continue;
      if (saved.length > 0) {
        findings.push({
          ...restoreFinding(patch.name, patch.replaceRange ?? patch.range, saved, narrate(found)),
          counterexample: found.counterexample,
        });
        continue;
      }
      findings.push({
        message: `patch '${patch.name}' replaces earlier patches, but its callbacks (${names(changing)}) change state without ever calling klp_get_prev_state(): ${narrate(found)}, so what it set up is neither undone nor taken over. Declare a klp_state and take the old state over in pre_patch/post_patch.`,
        counterexample: found.counterexample,
        range: patch.replaceRange ?? patch.range,
        related: changing.flatMap((c) => [
          { range: c.registration.range, message: `${c.kind} '${c.functionName}' changes state` },
          { range: c.changes[0].range, message: c.changes[0].what },
        ]),
      });
    }
    return findings;
  },
};

function names(callbacks: RegisteredCallback[]): string {
  return callbacks.map((c) => c.kind).join(', ');
}

function restoreFinding(
  patchName: string,
  range: RuleFinding['range'],
  saved: SavedState[],
  story: string,
): RuleFinding {
  const [first] = saved;
  return {
    message: `patch '${patchName}' replaces earlier patches, yet its ${first.saver.kind} saves ${first.state} (into ${first.copy}) and its ${first.restorer.kind} restores it, without klp_get_prev_state(): ${story}, so the next version saves the value this one set and restores that, not the original, when it is disabled. Keep the original in a klp_state and take it over from the replaced patch.`,
    range,
    related: saved.flatMap((s) => [
      {
        range: s.save.step.range,
        message: `${copyCall(s.save.step)} saves ${s.state} in ${s.saver.kind} '${s.saver.functionName}'`,
      },
      {
        range: s.restore.step.range,
        message: `${copyCall(s.restore.step)} restores it in ${s.restorer.kind} '${s.restorer.functionName}'`,
      },
    ]),
  };
}

function copyCall(step: SavedState['save']['step']): string {
  return step.via ? `${step.via}()` : 'an assignment';
}
