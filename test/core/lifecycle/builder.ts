// Builds LivepatchModule inputs for lifecycle tests without going through extraction.
import * as assert from 'node:assert/strict';
import { formatTraceText, type TraceEvent } from '../../../server/src/core/lifecycle/events';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import { simulate, type LivepatchModule } from '../../../server/src/core/lifecycle/simulate';
import {
  CALLBACK_KINDS,
  type CallbackKind,
  type CallbackRegistration,
  type ObjectModel,
  type Range,
  type StateModel,
} from '../../../server/src/core/model/types';

export function range(line: number, character = 0, length = 1): Range {
  return { start: { line, character }, end: { line, character: character + length } };
}

export interface ObjectSpec {
  /** Module name, or null for vmlinux. */
  name: string | null;
  /** Which callbacks the object registers (default: all four). */
  callbacks?: readonly CallbackKind[];
  funcsSet?: boolean;
}

export interface PatchSpec {
  replace?: boolean;
  states?: { id: number | null; version: number | null; idText?: string }[];
  path?: string;
  /** Register callbacks without defining their functions in the module's source. */
  undefinedFunctions?: boolean;
}

/** Callback functions are named `<kind>_<object>`; each object's registrations sit 10 lines after the last's. */
export function livepatch(
  name: string,
  objects: readonly ObjectSpec[],
  spec: PatchSpec = {},
): LivepatchModule {
  const functions: LivepatchModule['functions'] = [];
  const models: ObjectModel[] = objects.map((object, index) => {
    const callbacks: ObjectModel['callbacks'] = {};
    (object.callbacks ?? CALLBACK_KINDS).forEach((kind, k) => {
      const fn = `${kind}_${object.name ?? 'vmlinux'}`;
      const registration: CallbackRegistration = {
        kind,
        function: fn,
        via: 'initializer',
        range: range(100 + index * 10 + k, 4, fn.length),
      };
      callbacks[kind] = registration;
      if (!spec.undefinedFunctions) {
        functions.push({
          name: fn,
          returnType: kind === 'pre_patch' ? 'int' : 'void',
          parameters: [{ type: 'struct klp_object *', name: 'obj' }],
          isStatic: true,
          range: range(index * 10 + k, 0, 40),
          nameRange: range(index * 10 + k, 12, fn.length),
        });
      }
    });
    return {
      name: object.name,
      range: range(100 + index * 10),
      funcsSet: object.funcsSet ?? true,
      funcs: [],
      funcsTerminated: true,
      callbacks,
      duplicateCallbacks: [],
    };
  });
  const states: StateModel[] | null = spec.states
    ? spec.states.map((s) => ({
        id: s.id,
        idText: s.idText ?? String(s.id),
        version: s.version,
        range: range(90),
      }))
    : null;
  return {
    path: spec.path ?? `${name}.c`,
    functions,
    patch: {
      name,
      source: 'klp_patch',
      variable: 'patch',
      range: range(95),
      replace: spec.replace ?? false,
      replaceSetAtRuntime: false,
      objects: models,
      objectsTerminated: true,
      states,
      statesTerminated: states ? true : null,
    },
  };
}

/** Parses (asserting the scenario is valid) and simulates. */
export function trace(modules: LivepatchModule[], scenario: string): TraceEvent[] {
  const parsed = parseScenario(scenario);
  assert.deepEqual(parsed.errors, []);
  return simulate(modules, parsed.actions);
}

/** The trace's text form as lines, for comparing with expected dmesg-like sequences. */
export function traceLines(modules: LivepatchModule[], scenario: string): string[] {
  return formatTraceText(trace(modules, scenario)).trimEnd().split('\n');
}

/** Expected lines written as a template block: trimmed, blank lines dropped. */
export function expected(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
