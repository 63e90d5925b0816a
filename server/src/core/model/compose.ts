// Composes the facts of every declaration of one C file into patches, functions and module hooks.
import { appendAll } from '../append';
import { samePlain } from '../plain-clone';
import { LineIndex } from '../text';
import { conditionsByLine } from './conditions';
import { ModelContext } from './context';
import type { UnitFacts } from './facts';
import { buildMacroPatches, type PlacedMacro } from './macro-patches';
import { maskDirectivesAndAttributes } from './mask';
import { buildOrphanObjects, unanalysedObjects } from './orphans';
import { buildKlpPatches } from './patches';
import { findMissingEquals } from './repairs';
import { applyRuntimeRegistrations } from './runtime';
import type { ResolvedObject } from './objname/resolve';
import type {
  BrokenDeclaration,
  CallbackKind,
  ExtractionProblem,
  FunctionModel,
  PatchModel,
  TemplateCallback,
  UnanalysedObject,
} from './types';

export interface ComposeSettings {
  patchName: string;
  /** The object KPATCH_ / KLP_ macros register on; asked only when there are macros (it may read Makefiles). */
  macroObject: () => ResolvedObject;
}

export interface ComposedUnit {
  /** Patches built from struct klp_patch variables (macro patches are built by the caller, see buildMacroPatches). */
  klpPatches: PatchModel[];
  macros: PlacedMacro[];
  functions: FunctionModel[];
  moduleInit?: string;
  moduleExit?: string;
  templateCallbacks: TemplateCallback[];
  brokenDeclarations: BrokenDeclaration[];
  unanalysedObjects: UnanalysedObject[];
  problems: ExtractionProblem[];
}

export function composeUnits(
  units: readonly UnitFacts[],
  text: string,
  settings: ComposeSettings,
): ComposedUnit {
  return composeInputs(readInputs(units, text, settings));
}

/** What a composition reads besides the facts: everything it takes from the text and the settings. */
interface ComposeInputs {
  units: readonly UnitFacts[];
  conditions: (string | undefined)[];
  missing: BrokenDeclaration[];
  patchName: string;
  /** The macros' object, asked only when some declaration uses a callback macro. */
  resolved: ResolvedObject | null;
}

function readInputs(units: readonly UnitFacts[], text: string, settings: ComposeSettings): ComposeInputs {
  const uses = units.some((unit) => unit.callbackMacros.length > 0);
  return {
    units,
    conditions: conditionsByLine(text),
    missing: missingEquals(text),
    patchName: settings.patchName,
    resolved: uses ? settings.macroObject() : null,
  };
}

/**
 * An edited document's composer: a composition is a function of its inputs, so when every
 * declaration's facts are the very objects of the previous pass (the top-level cache keeps them
 * when a keystroke leaves them equal) and the text and settings give the same conditions, broken
 * declarations, patch name and macro object, the previous composition is the answer. Callers must
 * not change what it returns.
 */
export class IncrementalComposer {
  private last: { inputs: ComposeInputs; composed: ComposedUnit } | undefined;

  compose(units: readonly UnitFacts[], text: string, settings: ComposeSettings): ComposedUnit {
    const inputs = readInputs(units, text, settings);
    const last = this.last;
    if (last && sameInputs(last.inputs, inputs)) return last.composed;
    const composed = composeInputs(inputs);
    this.last = { inputs, composed };
    return composed;
  }
}

function sameInputs(a: ComposeInputs, b: ComposeInputs): boolean {
  return (
    a.patchName === b.patchName &&
    a.units.length === b.units.length &&
    a.units.every((unit, index) => unit === b.units[index]) &&
    a.conditions.length === b.conditions.length &&
    a.conditions.every((condition, index) => condition === b.conditions[index]) &&
    samePlain(a.missing, b.missing) &&
    samePlain(a.resolved, b.resolved)
  );
}

function composeInputs({ units, conditions, missing, patchName, resolved }: ComposeInputs): ComposedUnit {
  const ctx = new ModelContext(units, conditions);
  const problems: ExtractionProblem[] = units.flatMap((unit) => unit.problems);
  const klpPatches = buildKlpPatches(ctx, patchName);
  const orphans = buildOrphanObjects(ctx);
  applyRuntimeRegistrations(ctx, () => klpPatches.flatMap((patch) => patch.objects));
  appendAll(problems, ctx.problems);
  const functions = units.flatMap((unit) =>
    unit.functions.map((fn) => {
      const condition = conditions[fn.range.start.line];
      return condition === undefined ? fn : { ...fn, condition };
    }),
  );
  const uses = units.flatMap((unit) => unit.callbackMacros);
  const macros = uses.map((use): PlacedMacro => {
    const placed: PlacedMacro = { use, object: resolved?.name ?? null };
    if (resolved) placed.origin = resolved.origin;
    const condition = conditions[use.range.start.line];
    if (condition !== undefined) placed.condition = condition;
    return placed;
  });
  const hooks = units.flatMap((unit) => unit.moduleHooks);
  const brokenDeclarations = missing.map((declaration) => {
    const condition = conditions[declaration.range.start.line];
    return condition === undefined ? declaration : { ...declaration, condition };
  });
  const result: ComposedUnit = {
    klpPatches,
    macros,
    functions,
    templateCallbacks: [],
    brokenDeclarations,
    unanalysedObjects: unanalysedObjects(ctx, orphans),
    problems,
  };
  result.templateCallbacks = templateCallbacks(functions, klpPatches, macros);
  const init = hooks.find((hook) => hook.macro === 'module_init');
  const exit = hooks.find((hook) => hook.macro === 'module_exit');
  if (init) result.moduleInit = init.argument;
  if (exit) result.moduleExit = exit.argument;
  return result;
}

/** All patches of one compiled file: its klp_patch variables, then its macro-built patches. */
export function allPatches(composed: ComposedUnit, patchName: string): PatchModel[] {
  return [...composed.klpPatches, ...buildMacroPatches(composed.macros, patchName)];
}

/** Declarations missing their '=' (repaired for parsing, so the tree no longer shows them). */
function missingEquals(text: string): BrokenDeclaration[] {
  // Masking only blanks characters: text without these has no livepatch struct for it to find.
  if (!text.includes('klp_') && !text.includes('patch_object')) return [];
  const found = findMissingEquals(maskDirectivesAndAttributes(text));
  if (found.length === 0) return [];
  const lines = new LineIndex(text);
  return found.map((declaration) => ({
    type: declaration.type,
    variable: declaration.name,
    range: { start: lines.positionAt(declaration.nameStart), end: lines.positionAt(declaration.brace + 1) },
    missing: "'='",
    repaired: declaration.overwrites.length > 0,
  }));
}

const TEMPLATE_NAME = /^(pre|post)_(un)?patch_callback$/;

/** Functions with a template generator's fixed callback name that this file does not register itself. */
function templateCallbacks(
  functions: readonly FunctionModel[],
  patches: readonly PatchModel[],
  macros: readonly PlacedMacro[],
): TemplateCallback[] {
  const registered = new Set<string>(macros.map((placed) => placed.use.argument));
  for (const object of patches.flatMap((patch) => patch.objects)) {
    const all = [
      ...Object.values(object.callbacks),
      ...object.duplicateCallbacks,
      ...(object.alternativeCallbacks ?? []),
    ];
    for (const registration of all) registered.add(registration.function);
  }
  return functions
    .filter((fn) => TEMPLATE_NAME.test(fn.name) && !registered.has(fn.name))
    .map((fn) => {
      const callback: TemplateCallback = {
        kind: fn.name.replace(/_callback$/, '') as CallbackKind,
        function: fn.name,
        range: fn.nameRange,
      };
      if (fn.condition !== undefined) callback.condition = fn.condition;
      return callback;
    });
}
