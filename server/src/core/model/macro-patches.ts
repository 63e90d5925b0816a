// kpatch (KPATCH_*_CALLBACK) and klp-build (KLP_*_CALLBACK) macro registrations → one PatchModel per tool.
import { comparePositions } from '../text';
import type { MacroUse } from './facts';
import { addCallback } from './objects';
import type {
  CallbackKind,
  CallbackRegistration,
  ObjectModel,
  ObjectNameOrigin,
  PatchModel,
  PatchSource,
  Range,
} from './types';

/** A macro use together with the object its file belongs to (null = vmlinux) and its #if condition. */
export interface PlacedMacro {
  use: MacroUse;
  object: string | null;
  /** Why the file's macros belong to `object` (see objname/resolve.ts). */
  origin?: ObjectNameOrigin;
  condition?: string;
}

const FAMILIES: {
  prefix: string;
  source: PatchSource;
  via: CallbackRegistration['via'];
  replace: boolean;
}[] = [
  // Both tools build atomic-replace patches unless told otherwise (kpatch-build -R/--non-replace).
  { prefix: 'KPATCH_', source: 'kpatch-macros', via: 'kpatch-macro', replace: true },
  { prefix: 'KLP_', source: 'klp-build-macros', via: 'klp-macro', replace: true },
];

export function macroKind(macro: string): CallbackKind | null {
  const match = /^(?:KPATCH|KLP)_(PRE|POST)_(UN)?PATCH_CALLBACK$/.exec(macro);
  if (!match) return null;
  return `${match[1].toLowerCase()}_${match[2] ? 'un' : ''}patch` as CallbackKind;
}

export function buildMacroPatches(placed: readonly PlacedMacro[], patchName: string): PatchModel[] {
  const patches: PatchModel[] = [];
  for (const family of FAMILIES) {
    const uses = placed.filter((p) => p.use.macro.startsWith(family.prefix));
    if (uses.length === 0) continue;
    const objects = new Map<string | null, ObjectModel>();
    for (const { use, object: name, origin, condition } of uses) {
      const kind = macroKind(use.macro);
      if (!kind) continue;
      let object = objects.get(name);
      if (!object) {
        // The tool generates funcs[] from the changed functions, so the object always has one.
        object = {
          name,
          ...(origin ? { nameOrigin: origin } : {}),
          range: use.range,
          funcsSet: true,
          funcs: [],
          funcsTerminated: null,
          callbacks: {},
          duplicateCallbacks: [],
        };
        objects.set(name, object);
      }
      object.range = span(object.range, use.range);
      const registration: CallbackRegistration = {
        kind,
        function: use.argument,
        via: family.via,
        range: use.range,
      };
      if (condition !== undefined) registration.condition = condition;
      addCallback(object, registration, 'first');
    }
    const list = [...objects.values()];
    patches.push({
      name: patchName,
      source: family.source,
      range: list.map((o) => o.range).reduce(span),
      replace: family.replace,
      replaceSetAtRuntime: false,
      objects: list,
      objectsTerminated: null,
      states: null,
      statesTerminated: null,
    });
  }
  return patches;
}

function span(a: Range, b: Range): Range {
  const before = (x: Range['start'], y: Range['start']) => comparePositions(x, y) <= 0;
  return { start: before(a.start, b.start) ? a.start : b.start, end: before(a.end, b.end) ? b.end : a.end };
}
