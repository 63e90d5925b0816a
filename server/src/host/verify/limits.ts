// The scenario's real-kernel limits as one line each, for verify's warnings and JSON.
import { scenarioLimits } from '../../core/lifecycle/limits';
import type { ScenarioAction } from '../../core/lifecycle/scenario';
import type { LivepatchModule } from '../../core/lifecycle/state';

export function realKernelLimits(
  modules: readonly LivepatchModule[],
  actions: readonly ScenarioAction[],
): string[] {
  return scenarioLimits(modules, actions).map((l) => `scenario line ${l.line}: ${l.message}`);
}
