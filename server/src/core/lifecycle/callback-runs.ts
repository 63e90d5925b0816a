// How often each registered callback runs in the built-in scenarios: the numbers behind the editor's code lens.
import { builtinScenarios } from './builtins';
import type { CallbackKind } from '../model/types';
import { parseScenario } from './scenario';
import { simulate } from './simulate';
import type { LivepatchModule } from './state';

/** The runs of one callback in one scenario where it runs at all. */
export interface ScenarioRuns {
  scenario: string;
  runs: number;
}

export interface CallbackRuns {
  /** The built-in scenarios that apply to the inputs and were simulated. */
  scenarios: string[];
  /** Per callbackKey(...): the scenarios (in catalogue order) where that callback runs. */
  byCallback: ReadonlyMap<string, ScenarioRuns[]>;
}

/** `object` is the target module's name or `vmlinux`, as trace events name it. */
export function callbackKey(patch: string, object: string, kind: CallbackKind): string {
  return `${patch}\u0000${object}\u0000${kind}`;
}

/** Simulates every applicable built-in scenario once and counts the callback events of each callback. */
export function countCallbackRuns(modules: LivepatchModule[]): CallbackRuns {
  const scenarios: string[] = [];
  const byCallback = new Map<string, ScenarioRuns[]>();
  if (modules.length === 0) return { scenarios, byCallback };
  for (const builtin of builtinScenarios(modules)) {
    if (!builtin.applicable) continue;
    const parsed = parseScenario(builtin.text);
    if (parsed.errors.length > 0) continue;
    scenarios.push(builtin.name);
    const counts = new Map<string, number>();
    for (const event of simulate(modules, parsed.actions)) {
      if (event.type !== 'callback') continue;
      const key = callbackKey(event.patch, event.object, event.callback);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, runs] of counts) {
      const list = byCallback.get(key) ?? [];
      list.push({ scenario: builtin.name, runs });
      byCallback.set(key, list);
    }
  }
  return { scenarios, byCallback };
}
