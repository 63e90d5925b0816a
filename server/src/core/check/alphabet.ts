// The actions the explorer combines for one patch: its targets, failures, transitions, a stacked or replacing next version.
import type { LivepatchModule } from '../lifecycle/state';
import type { ScenarioAction } from '../lifecycle/scenario';
import type { PatchModel } from '../model/types';

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

/**
 * Scenario lines over one patch P: load/unload of P and of each target module, disable/enable,
 * a failing pre_patch per object, stall/settle, and P's next version loaded on top, replacing P
 * when P is a replace patch and stacked otherwise.
 */
export function alphabetFor(patch: PatchModel): string[] {
  const p = patch.name;
  const next = nextVersionName(p);
  const targets = [...new Set(patch.objects.flatMap((o) => (o.name === null ? [] : [o.name])))];
  const failing = [
    ...new Set(patch.objects.filter((o) => o.callbacks.pre_patch).map((o) => o.name ?? 'vmlinux')),
  ];
  return [
    `load ${p}`,
    ...targets.map((t) => `load ${t}`),
    `disable ${p}`,
    ...targets.map((t) => `unload ${t}`),
    `unload ${p}`,
    ...failing.map((o) => `fail ${p}:${o}`),
    'stall',
    'settle',
    `enable ${p}`,
    `load ${next} replace=${patch.replace || patch.replaceSetAtRuntime ? 1 : 0}`,
    `disable ${next}`,
  ];
}
