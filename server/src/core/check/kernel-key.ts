// The abstract kernel state the explorer memoises on: what decides the effect of later actions.
import type { KernelState } from '../lifecycle/state';

const STATE_NUMBERS = { COMING: 0, LIVE: 1, GOING: 2 } as const;

/**
 * A hash of the abstract kernel state: equal for states `sameKernelState` finds equal. `nameId` numbers
 * names (the same name the same number for the hash's whole use). Lists in order; the loaded modules
 * and the target modules as sets, as `sameKernelState` compares them.
 */
export function kernelHash(state: KernelState, nameId: (name: string) => number): number {
  let hash = state.stalling ? 1 : 2;
  for (const patch of state.patches) {
    hash = mix(hash, nameId(patch.name) * 4 + (patch.enabled ? 2 : 0) + (patch.replace ? 1 : 0));
    for (const object of patch.objects) {
      const name = object.name === null ? 0 : nameId(object.name) + 1;
      const bits = (object.loaded ? 4 : 0) + (object.patched ? 2 : 0) + (object.postUnpatchEnabled ? 1 : 0);
      hash = mix(hash, name * 8 + bits);
    }
    hash = mix(hash, -1);
  }
  let modules = 0;
  for (const name of state.livepatchModules.keys()) modules = (modules + scramble(nameId(name))) | 0;
  let targets = 0;
  for (const [name, moduleState] of state.targets)
    targets = (targets + scramble(nameId(name) * 3 + STATE_NUMBERS[moduleState])) | 0;
  hash = mix(mix(hash, modules), targets);
  const transition = state.transition;
  hash = mix(
    hash,
    transition ? nameId(transition.patch.name) * 2 + (transition.target === 'patched' ? 1 : 0) : -2,
  );
  for (const [name, spec] of state.failures) {
    hash = mix(mix(hash, nameId(name)), numberHash(spec.all ?? null));
    for (const [object, result] of spec.objects) hash = mix(mix(hash, nameId(object)), numberHash(result));
    hash = mix(hash, -3);
  }
  return hash >>> 0;
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ scramble(value), 0x01000193);
}

function scramble(value: number): number {
  const x = Math.imul(value ^ (value >>> 16), 0x45d9f3b);
  return x ^ (x >>> 13);
}

/** Numbers equal as JSON writes them (NaN, the infinities and null alike) hash alike. */
function numberHash(value: number | null): number {
  return value === null || !Number.isFinite(value) ? 0x7fff : value | 0;
}

/**
 * Everything about the simulated kernel that decides what later actions do (and print) is equal: the
 * patches on klp_patches in order (name, enabled, replace, and each object's target, whether it is
 * loaded, patched and post_unpatch is armed), the livepatch modules loaded, the target modules present
 * with their state, the transition, stalling, and the injected failures in the order they were set.
 * What it leaves out (a disabled patch's instance, the order modules were loaded in) no later action
 * reads; kernel-graph.test.ts checks that on every state the fixtures' explorations meet.
 */
export function sameKernelState(a: KernelState, b: KernelState): boolean {
  if (a.stalling !== b.stalling || a.patches.length !== b.patches.length) return false;
  for (let index = 0; index < a.patches.length; index++) {
    const p = a.patches[index];
    const q = b.patches[index];
    if (p.name !== q.name || p.enabled !== q.enabled || p.replace !== q.replace) return false;
    if (p.objects.length !== q.objects.length) return false;
    for (let o = 0; o < p.objects.length; o++) {
      const x = p.objects[o];
      const y = q.objects[o];
      if (x.name !== y.name || x.loaded !== y.loaded || x.patched !== y.patched) return false;
      if (x.postUnpatchEnabled !== y.postUnpatchEnabled) return false;
    }
  }
  if (!sameKeys(a.livepatchModules, b.livepatchModules) || !sameEntries(a.targets, b.targets)) return false;
  const s = a.transition;
  const t = b.transition;
  if (s === null || t === null ? s !== t : s.patch.name !== t.patch.name || s.target !== t.target)
    return false;
  return sameFailures(a, b);
}

function sameKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const name of a.keys()) if (!b.has(name)) return false;
  return true;
}

function sameEntries<T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, value] of a) if (!b.has(name) || b.get(name) !== value) return false;
  return true;
}

/** In the order they were set, as kernelKey lists them. */
function sameFailures(a: KernelState, b: KernelState): boolean {
  if (a.failures.size !== b.failures.size) return false;
  const others = [...b.failures];
  let index = 0;
  for (const [name, spec] of a.failures) {
    const [otherName, other] = others[index++];
    if (name !== otherName || !sameNumber(spec.all ?? null, other.all ?? null)) return false;
    if (spec.objects.size !== other.objects.size) return false;
    const otherObjects = [...other.objects];
    let o = 0;
    for (const [object, result] of spec.objects) {
      const [otherObject, otherResult] = otherObjects[o++];
      if (object !== otherObject || !sameNumber(result, otherResult)) return false;
    }
  }
  return true;
}

/** Equal as JSON writes them (NaN and null alike), as kernelKey compares them. */
function sameNumber(a: number | null, b: number | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
