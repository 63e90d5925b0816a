// The abstract kernel state the explorer memoises on: what decides the effect of later actions.
import type { KernelState } from '../lifecycle/state';

const STATE_LETTERS = { COMING: 'C', LIVE: 'L', GOING: 'G' } as const;
const byName = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
const bit = (value: boolean) => (value ? '1' : '0');
/** Names are JSON strings: quoted and escaped, so each ends where the next part begins. */
const quoted = new Map<string, string>();
const MAX_QUOTED = 4096;

/** Each name is quoted once (a kernel state is keyed at every step, and it holds the same few names). */
function quote(name: string | null): string {
  if (name === null) return 'n';
  let text = quoted.get(name);
  if (text === undefined) {
    if (quoted.size >= MAX_QUOTED) quoted.clear();
    text = JSON.stringify(name);
    quoted.set(name, text);
  }
  return text;
}

/**
 * Everything about the simulated kernel that decides what later actions do, as one string: the
 * patches on klp_patches (name, enabled, replace, and each object's target, whether it is loaded,
 * patched and post_unpatch is armed), the livepatch modules loaded, the target modules present with
 * their state, the transition, stalling, and the injected failures in the order they were set. Built
 * directly (no nested arrays) because the explorer keys every kernel state it meets.
 */
export function kernelKey(state: KernelState): string {
  let key = '';
  for (const patch of state.patches) {
    key += `${quote(patch.name)}${bit(patch.enabled)}${bit(patch.replace)}`;
    for (const object of patch.objects)
      key += `${quote(object.name)}${bit(object.loaded)}${bit(object.patched)}${bit(object.postUnpatchEnabled)}`;
    key += ';';
  }
  key += '|';
  for (const name of [...state.livepatchModules.keys()].sort()) key += quote(name);
  key += '|';
  for (const [name, moduleState] of [...state.targets].sort(byName))
    key += `${quote(name)}${STATE_LETTERS[moduleState]}`;
  key += '|';
  const transition = state.transition;
  key += transition ? `${quote(transition.patch.name)}${transition.target === 'patched' ? 'p' : 'u'}` : '-';
  key += `|${bit(state.stalling)}|`;
  for (const [name, spec] of state.failures) {
    key += `${quote(name)}(${JSON.stringify(spec.all ?? null)})`;
    for (const [object, result] of spec.objects) key += `${quote(object)}(${JSON.stringify(result)})`;
    key += ';';
  }
  return key;
}
