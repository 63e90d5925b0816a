// replace-without-takeover: a replace patch whose callbacks change state but never consult the previous patch's.
import { registeredCallbacks, type RegisteredCallback } from './callbacks';
import { fileStatics } from './file-statics';
import { systemChanges } from './effects';
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
      'With `.replace = true` the replaced patches are dropped without any of their callbacks running:',
      'neither their `pre_unpatch` nor their `post_unpatch`. Whatever an older patch set up in its',
      'callbacks is then never undone, unless this patch takes it over.',
      '',
      'The documented way is system state (`.states` with an id and version) and',
      '`klp_get_prev_state()` in the callbacks, to find out whether the state already exists and',
      'adopt it rather than set it up again. This is informational: it matters once a second version',
      'of the patch is loaded over the first.',
      '',
      'Only changes outside the module count: registrations, enabled keys, threads, shadow variables,',
      "writes to kernel variables and calls of unknown effect. The module's own static variables and",
      'memory go away with the replaced module.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const callbacks = registeredCallbacks(ctx.model);
    for (const patch of ctx.model.patches) {
      if (!patch.replace) continue;
      const own = callbacks.filter((c) => c.patch === patch && c.functionName);
      const consults = own.some((c) =>
        ctx.flow.reachableCalls(c.functionName as string).some(({ step }) => TAKEOVER_CALLS.has(step.callee)),
      );
      if (consults) continue;
      // What pre_patch/post_patch set up outside the module is what an older version set up already.
      const statics = fileStatics(ctx.units);
      const changing = own.filter(
        (c) =>
          SETTING_UP.has(c.kind) && systemChanges(ctx.flow, c.functionName as string, statics).length > 0,
      );
      if (changing.length === 0) continue;
      findings.push({
        message: `patch '${patch.name}' replaces earlier patches, whose callbacks will not run when it does, but its callbacks (${names(changing)}) change state without ever calling klp_get_prev_state(): what an older version set up is neither undone nor taken over. Declare a klp_state and take the old state over in pre_patch/post_patch.`,
        range: patch.replaceRange ?? patch.range,
        related: changing.map((c) => ({
          range: c.registration.range,
          message: `${c.kind} '${c.functionName}' changes state`,
        })),
      });
    }
    return findings;
  },
};

function names(callbacks: RegisteredCallback[]): string {
  return callbacks.map((c) => c.kind).join(', ');
}
