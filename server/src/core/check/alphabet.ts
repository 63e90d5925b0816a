// A patch's next version: the same source loaded again under a new module name, stacked or replacing.
import type { LivepatchModule } from '../lifecycle/state';
import type { ScenarioAction } from '../lifecycle/scenario';

/** The suffix of the module's own next version (`livepatch_fix` → `livepatch_fix_v2`). */
const NEXT_SUFFIX = '_v2';
const MAX_MODULE_NAME = 55;

export function nextVersionName(patch: string): string {
  return `${patch.slice(0, MAX_MODULE_NAME - NEXT_SUFFIX.length)}${NEXT_SUFFIX}`;
}

/**
 * The inputs plus, for each patch a scenario loads as its next version (`load P_v2`), a copy of
 * P's module under that name: the same source built again, as a new version of a livepatch is.
 * `trace` and the model checker share this, so a counterexample replays as it was found.
 */
export function withNextVersions(
  modules: LivepatchModule[],
  actions: readonly ScenarioAction[],
): LivepatchModule[] {
  const loaded = actions.flatMap((a) => (a.kind === 'load' ? [a.name] : []));
  const names = new Set(modules.map((m) => m.patch.name));
  const extra: LivepatchModule[] = [];
  for (const module of modules) {
    const next = nextVersionName(module.patch.name);
    if (names.has(next) || !loaded.includes(next)) continue;
    names.add(next);
    extra.push({ ...module, patch: { ...module.patch, name: next } });
  }
  return [...modules, ...extra];
}
