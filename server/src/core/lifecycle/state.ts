// The simulated livepatch core's state: installed patches, the transition, target modules, injected failures.
import type { FunctionModel, ObjectModel, PatchModel } from '../model/types';
import type { KernelLevel, ModuleState, PatchStatus, TraceEvent } from './events';

/** One livepatch module among the inputs: its patch and the functions its source defines. */
export interface LivepatchModule {
  path: string;
  patch: PatchModel;
  functions: FunctionModel[];
}

/** A `struct klp_object` as the core holds it while its patch is installed. */
export interface RuntimeObject {
  /** Target module name; null for vmlinux. */
  name: string | null;
  /** The source object; null for a 'nop' object the core adds to a replace patch (it has no callbacks). */
  model: ObjectModel | null;
  /** obj->mod is set: always for vmlinux, for a module object while that module is present. */
  loaded: boolean;
  patched: boolean;
  /** The kernel's `callbacks.post_unpatch_enabled`: set by pre_patch's success, cleared by post_unpatch. */
  postUnpatchEnabled: boolean;
}

/** A `struct klp_patch` from the moment its module's init calls klp_enable_patch until it is freed. */
export interface PatchInstance {
  name: string;
  module: LivepatchModule;
  replace: boolean;
  enabled: boolean;
  objects: RuntimeObject[];
}

export type TargetState = 'patched' | 'unpatched';

export interface Transition {
  patch: PatchInstance;
  target: TargetState;
}

/** Injected pre_patch results for one patch: for every object, and per object (0 overrides `all`). */
export interface FailureSpec {
  all?: number;
  objects: Map<string, number>;
}

export class KernelState {
  readonly events: TraceEvent[] = [];
  /** The kernel's klp_patches list: enabled or in-transition patches in load order (sysfs shows these). */
  patches: PatchInstance[] = [];
  /** Livepatch modules currently loaded, by name; a disabled or replaced patch's module stays until rmmod. */
  readonly livepatchModules = new Map<string, PatchInstance>();
  /** Target modules present, with their module state. */
  readonly targets = new Map<string, ModuleState>();
  transition: Transition | null = null;
  /** Transitions started while stalling wait for `settle`. */
  stalling = false;
  readonly failures = new Map<string, FailureSpec>();

  constructor(readonly catalog: ReadonlyMap<string, LivepatchModule>) {}

  kernel(level: KernelLevel, text: string): void {
    this.events.push({ type: 'kernel', level, text });
  }

  error(module: string, errno: number, text: string): void {
    this.events.push({ type: 'error', module, errno, text });
  }

  /** The module state a callback of this object sees: null for vmlinux. */
  moduleState(object: RuntimeObject): ModuleState | null {
    if (object.name === null) return null;
    return this.targets.get(object.name) ?? 'LIVE';
  }

  /** What the object's pre_patch returns under the scenario's `fail`/`succeed` lines. */
  injectedResult(patch: string, object: RuntimeObject): number {
    const spec = this.failures.get(patch);
    if (!spec) return 0;
    const own = spec.objects.get(objectLabel(object));
    return own ?? spec.all ?? 0;
  }

  isTransitionPatch(patch: PatchInstance): boolean {
    return this.transition?.patch === patch;
  }

  /** Every loaded livepatch module's patch as sysfs shows it now, in load order. */
  patchStatus(): PatchStatus[] {
    return [...this.livepatchModules.values()].map((patch) => ({
      patch: patch.name,
      installed: this.patches.includes(patch),
      enabled: patch.enabled,
      transition: this.isTransitionPatch(patch),
    }));
  }
}

/** `vmlinux` or the module name, as the kernel prints an object. */
export function objectLabel(object: { name: string | null }): string {
  return object.name ?? 'vmlinux';
}
