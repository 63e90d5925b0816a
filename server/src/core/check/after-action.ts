// The invariants checked once an action is over: a patch gone for good still holding, a replaced patch's changes.
import type { KernelState, LivepatchModule } from '../lifecycle/state';
import type { Resources } from './resources';
import type { Violation } from './violations';

/**
 * For each patch whose init ran and that is no longer installed: replaced (its changes are the
 * replacement's to take over, unless that one calls klp_get_prev_state), or gone for good (module
 * unloaded, targets gone) with what it still holds. Notes the replaced patches in `resources`.
 */
export function afterAction(
  state: KernelState,
  resources: Resources,
  actionIndex: number,
  takesOver: (module: LivepatchModule) => boolean,
): Violation[] {
  const violations: Violation[] = [];
  for (const name of resources.everLoaded) {
    if (state.patches.some((p) => p.name === name)) continue;
    const replacer = state.patches.find((p) => p.replace && p.name !== name);
    if (replacer) resources.replace(name);
    const gone = !state.livepatchModules.has(name) && state.targets.size === 0;
    if (gone && !resources.isReplaced(name)) leftBehind(resources, name, actionIndex, violations);
    if (!replacer || takesOver(replacer.module)) continue;
    for (const change of resources.changes.filter((c) => c.patch === name && c.system))
      violations.push({
        invariant: 'replaced-state',
        ...change,
        replacer: replacer.name,
        site: change.range,
      });
  }
  return violations;
}

/** What a patch gone for good still holds, and the changes its counterparts never undid. */
function leftBehind(resources: Resources, name: string, actionIndex: number, violations: Violation[]): void {
  const own = (slot: string) => slot.startsWith(`${name}|`);
  for (const holding of resources.holdings.filter((h) => own(h.slot))) {
    const { slot, runner, function: fn } = holding;
    violations.push({
      invariant: 'held-at-end',
      patch: name,
      slot,
      runner,
      function: fn,
      event: actionIndex,
      holder: holding,
      site: holding.held.site,
    });
  }
  for (const change of resources.changes.filter((c) => own(c.slot)))
    violations.push({
      invariant: 'held-at-end',
      ...change,
      event: actionIndex,
      change,
      site: change.range,
    });
}
