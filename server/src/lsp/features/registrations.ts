// Every callback registration of a model with its patch and object: what navigation walks.
import type { Position } from 'vscode-languageserver/node';
import type {
  CallbackRegistration,
  FileModel,
  FunctionModel,
  ObjectModel,
  PatchModel,
  Range,
} from '../../core/model/types';
import { comparePositions } from '../../core/text';

export interface RegistrationUse {
  registration: CallbackRegistration;
  /** Absent for an object no patch's objs[] holds (its callbacks are registered all the same). */
  patch?: PatchModel;
  object?: ObjectModel;
}

/** An open document's model under its URI. */
export interface OpenModel {
  uri: string;
  model: FileModel;
}

/** Registrations that take effect, overridden ones and `#else` alternatives: each is written in the source. */
export function registrationUses(model: FileModel): RegistrationUse[] {
  const uses: RegistrationUse[] = [];
  for (const patch of model.patches) {
    for (const object of patch.objects) {
      const written = [
        ...Object.values(object.callbacks),
        ...object.duplicateCallbacks,
        ...(object.alternativeCallbacks ?? []),
      ];
      for (const registration of written) if (registration) uses.push({ patch, object, registration });
    }
  }
  for (const orphan of model.unanalysedObjects ?? []) {
    for (const registration of orphan.callbacks) uses.push({ registration });
  }
  return uses;
}

/** The registration written at `position`: on its own text, or where its callbacks variable is copied in. */
export function registrationAt(model: FileModel, position: Position): RegistrationUse[] {
  const uses = registrationUses(model);
  const direct = uses.filter((use) => containsPosition(use.registration.range, position));
  if (direct.length > 0) return direct;
  return uses.filter(
    (use) => use.registration.copyRange && containsPosition(use.registration.copyRange, position),
  );
}

export function functionAt(model: FileModel, position: Position): FunctionModel | undefined {
  return model.functions.find((fn) => containsPosition(fn.nameRange, position));
}

export function containsPosition(range: Range, position: Position): boolean {
  return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
}

/** The C identifier under the cursor in `text` (touching it from either side), if any. */
export function identifierAt(text: string, position: Position): string | undefined {
  const line = text.split('\n')[position.line];
  if (line === undefined) return undefined;
  const isWord = (ch: string | undefined) => ch !== undefined && /[A-Za-z0-9_]/.test(ch);
  let start = Math.min(position.character, line.length);
  let end = start;
  while (start > 0 && isWord(line[start - 1])) start--;
  while (isWord(line[end])) end++;
  const word = line.slice(start, end);
  return /^[A-Za-z_]\w*$/.test(word) ? word : undefined;
}
