// What a scenario asks that a real kernel would do differently or only by chance: warnings for trace and verify.
import { patchChangesFunctions } from './held-transition';
import type { ScenarioAction } from './scenario';
import type { LivepatchModule } from './state';

/**
 * The kernel retries a held transition about once a second and, after 15 tries, prints `signaling
 * remaining tasks` (then every 15 s): a stall kept over that many actions (each waits up to 2.5 s in
 * `verify`'s guest) may show it. The line is timing, not behaviour: comparisons ignore it.
 */
const ACTIONS_BEFORE_SIGNALS = 5;

export interface ScenarioLimit {
  line: number;
  message: string;
}

/** One warning per scenario line that meets one of the simulator's known limits (see held-transition.ts). */
export function scenarioLimits(
  modules: readonly LivepatchModule[],
  actions: readonly ScenarioAction[],
): ScenarioLimit[] {
  const byName = new Map(modules.map((m) => [m.patch.name, m]));
  const limits: ScenarioLimit[] = [];
  let stalledSince: number | null = null;
  let signalled = false;
  actions.forEach((action, index) => {
    const warn = (message: string) => limits.push({ line: action.line, message });
    if (action.kind === 'stall') {
      stalledSince ??= index;
      return;
    }
    if (action.kind === 'settle') {
      stalledSince = null;
      signalled = false;
      return;
    }
    if (stalledSince === null) {
      if ((action.kind === 'fail' || action.kind === 'succeed') && !byName.has(action.patch))
        warn(`'${action.patch}' is not a livepatch among the inputs: a real kernel has no parameter to set`);
      return;
    }
    if (!signalled && index - stalledSince > ACTIONS_BEFORE_SIGNALS) {
      signalled = true;
      warn(
        "a transition held this long makes the kernel print 'signaling remaining tasks' (about every 15 s); comparisons ignore that line",
      );
    }
    const name =
      action.kind === 'load' || action.kind === 'unload'
        ? action.name
        : 'patch' in action
          ? action.patch
          : '';
    const module = byName.get(name);
    if (
      module &&
      (action.kind === 'load' || action.kind === 'disable') &&
      !patchChangesFunctions(module.patch)
    ) {
      warn(
        `'${name}' changes no function: on a real kernel no task can hold its transition, which completes at once (the trace shows it held, as 'stall' asks)`,
      );
    }
    if (action.kind === 'unload' && !module) {
      warn(
        `unloading '${name}' while stalled: if the held task sleeps in that module's code, a real transition completes when it goes (the trace keeps it held)`,
      );
    }
  });
  return limits;
}
