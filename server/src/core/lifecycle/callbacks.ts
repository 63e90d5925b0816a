// Runs one object's callback the way the livepatch core's helpers do, recording it in the trace.
import type { CallbackKind, Range } from '../model/types';
import type { SourceLocation } from './events';
import { objectLabel, type KernelState, type PatchInstance, type RuntimeObject } from './state';

/** pre_patch: returns its result (0 when there is none) and arms post_unpatch only on success. */
export function runPrePatch(state: KernelState, patch: PatchInstance, object: RuntimeObject): number {
  const ret = object.model?.callbacks.pre_patch ? state.injectedResult(patch.name, object) : 0;
  record(state, patch, object, 'pre_patch', ret);
  object.postUnpatchEnabled = ret === 0;
  return ret;
}

export function runPostPatch(state: KernelState, patch: PatchInstance, object: RuntimeObject): void {
  record(state, patch, object, 'post_patch');
}

/** pre_unpatch has no guard: it runs whenever the core reaches it. */
export function runPreUnpatch(state: KernelState, patch: PatchInstance, object: RuntimeObject): void {
  record(state, patch, object, 'pre_unpatch');
}

/** post_unpatch runs only while post_unpatch_enabled is set, and always disarms it. */
export function runPostUnpatch(state: KernelState, patch: PatchInstance, object: RuntimeObject): void {
  if (object.postUnpatchEnabled) record(state, patch, object, 'post_unpatch');
  object.postUnpatchEnabled = false;
}

/** Records the callback when the object registers one of this kind (objects without it run nothing). */
function record(
  state: KernelState,
  patch: PatchInstance,
  object: RuntimeObject,
  kind: CallbackKind,
  ret?: number,
): void {
  const registration = object.model?.callbacks[kind];
  if (!registration) return;
  state.events.push({
    type: 'callback',
    patch: patch.name,
    object: objectLabel(object),
    callback: kind,
    function: registration.function,
    moduleState: state.moduleState(object),
    ...(ret === undefined ? {} : { ret }),
    source: sourceOf(patch, registration.function, registration.range),
  });
}

/** The function's definition name in the patch's own source, else the registration itself. */
function sourceOf(patch: PatchInstance, functionName: string, registration: Range): SourceLocation {
  const definition = patch.module.functions.find((f) => f.name === functionName);
  return { path: patch.module.path, range: definition ? definition.nameRange : registration };
}
