// Walks the registered callbacks of a file model, with the names and wording the rules share.
import type { CallbackKind, CallbackRegistration, FileModel, ObjectModel, PatchModel } from '../model/types';

export interface RegisteredCallback {
  patch: PatchModel;
  object: ObjectModel;
  kind: CallbackKind;
  registration: CallbackRegistration;
  /** The function's name when the registration names a plain function (`fn` or `&fn`). */
  functionName: string | null;
}

/** pre_patch pairs with post_unpatch and post_patch with pre_unpatch (callbacks.rst). */
export const COUNTERPART: Record<CallbackKind, CallbackKind> = {
  pre_patch: 'post_unpatch',
  post_unpatch: 'pre_patch',
  post_patch: 'pre_unpatch',
  pre_unpatch: 'post_patch',
};

/**
 * Every registration once: a `struct klp_callbacks` variable copied into several objects is one
 * registration (reported for the first object), and #ifdef alternatives are included.
 */
export function registeredCallbacks(model: FileModel): RegisteredCallback[] {
  const found: RegisteredCallback[] = [];
  const seen = new Set<string>();
  for (const patch of model.patches) {
    for (const object of patch.objects) {
      const registrations = [...Object.values(object.callbacks), ...(object.alternativeCallbacks ?? [])];
      for (const registration of registrations) {
        if (!registration) continue;
        const id = `${registration.kind}|${registration.range.start.line}:${registration.range.start.character}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const kind = registration.kind;
        found.push({
          patch,
          object,
          kind,
          registration,
          functionName: plainFunctionName(registration.function),
        });
      }
    }
  }
  return found;
}

export function plainFunctionName(text: string | undefined): string | null {
  if (text === undefined) return null;
  const stripped = text
    .replace(/\s+/g, '')
    .replace(/^\(?&?\(?/, '')
    .replace(/\)+$/, '');
  return /^[A-Za-z_]\w*$/.test(stripped) ? stripped : null;
}

export function objectLabel(object: ObjectModel): string {
  return object.name === null ? 'vmlinux' : `'${object.name}'`;
}

/** `pre_patch 'fn'` plus, for a registration under #ifdef, when it applies. */
export function describeCallback(callback: RegisteredCallback): string {
  return `${callback.kind} '${callback.registration.function}'${conditionNote(callback.registration.condition ?? callback.object.condition)}`;
}

export function conditionNote(condition: string | undefined): string {
  return condition ? ` (registered only when ${condition})` : '';
}
