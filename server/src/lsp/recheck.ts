// Which open documents a change of defined function names affects: only those that register one of the names.
import type { FileModel } from '../core/model/types';
import { registrationUses, type OpenModel } from './features/registrations';

/** The names a model defines. */
export function definedNames(model: FileModel | undefined): Set<string> {
  return new Set((model?.functions ?? []).map((fn) => fn.name));
}

/** The names in one set but not the other (a function added, removed or renamed). */
export function namesChanged(before: ReadonlySet<string>, after: ReadonlySet<string>): Set<string> {
  return new Set([...before, ...after].filter((name) => before.has(name) !== after.has(name)));
}

/** The open documents whose registrations name one of `names` (their undefined-callback findings may change). */
export function documentsRegistering(open: readonly OpenModel[], names: ReadonlySet<string>): string[] {
  if (names.size === 0) return [];
  return open
    .filter(({ model }) =>
      registrationUses(model).some(({ registration }) => names.has(registration.function)),
    )
    .map(({ uri }) => uri);
}
