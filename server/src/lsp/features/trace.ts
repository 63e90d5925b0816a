// The trace preview's data: which callbacks the kernel calls, in order, in each scenario, for an open document.
import { appendAll } from '../../core/append';
import { CALLBACK_TIMING } from '../../core/docs/callback-timing';
import { withNextVersions } from '../../core/check/alphabet';
import { builtinScenarios, type BuiltinScenario } from '../../core/lifecycle/builtins';
import { livepatchModulesOf } from '../../core/lifecycle/file-modules';
import { parseScenario } from '../../core/lifecycle/scenario';
import { simulateSteps, type LivepatchModule } from '../../core/lifecycle/simulate';
import { summarizeProblems } from '../../core/model/problem-summary';
import { scenarioWithout, withoutCondition } from '../../core/model/configuration';
import { CALLBACK_KINDS, type CallbackKind, type FileModel } from '../../core/model/types';
import type {
  RegisteredCallback,
  TraceEventWithUri,
  TraceObjectName,
  TraceParams,
  TraceResult,
  TraceScenario,
} from '../../protocol';

/** What provideTrace needs from the document store (the real DocumentStore satisfies it). */
export interface TraceSource {
  has(uri: string): boolean;
  uris(): string[];
  version(uri: string): number | undefined;
  model(uri: string): FileModel | undefined;
}

/** Syntax errors listed by line before the rest are summarised: the panel is not a problems view. */
const MAX_LISTED_PROBLEMS = 5;
const CUSTOM = 'custom';

export function provideTrace(source: TraceSource, params: TraceParams): TraceResult {
  const { uri } = params;
  const callbackTiming = timingSummary();
  const empty = {
    uri,
    patches: [],
    ownPatches: [],
    objectNames: [],
    scenarios: [],
    scenarioErrors: [],
    callbackTiming,
  };
  const model = source.has(uri) ? source.model(uri) : undefined;
  if (!model)
    return { ...empty, version: null, problems: ['This document is not open in the language server.'] };

  // Binary or oversized text is not parsed at all (core/input-limits.ts): say that, not "no livepatch".
  const notAnalysed = model.problems.find((p) => p.kind === 'skipped');
  const problems = notAnalysed ? [`This file is ${notAnalysed.message}.`] : describeProblems(model);
  // A counterexample of one build names it in its scenario (`# klp-callbacks: without CONFIG_X`).
  const without = params.scenario === undefined ? undefined : scenarioWithout(params.scenario);
  const simulated = without === undefined ? model : withoutCondition(model, without);
  const { modules, uriByPath, skipped } = collectModules(source, uri, simulated);
  appendAll(problems, skipped);
  if (model.patches.length === 0 && !notAnalysed) {
    problems.unshift(
      'No livepatch in this file: no struct klp_patch, and no kpatch or klp-build callback macros.',
    );
  }
  const result: TraceResult = {
    ...empty,
    version: source.version(uri) ?? null,
    patches: modules.map((m) => m.patch.name),
    ownPatches: livepatchModulesOf(model).map((m) => m.patch.name),
    objectNames: objectNames(model),
    problems,
    registered: registeredCallbacks(modules),
  };
  if (params.patchesOnly) return result;
  const requested = params.scenario;
  const everyBuiltin = requested === undefined || requested.trim() === '';
  if (model.patches.length === 0) {
    // Listed so the panel still says what each scenario would need; a custom scenario gets nothing.
    if (everyBuiltin)
      result.scenarios = builtinScenarios([]).map((b) => notApplicable(b, b.reason ?? 'no livepatch'));
    return result;
  }

  const builtins = builtinScenarios(modules);
  if (everyBuiltin) {
    result.scenarios = builtins.map((b) => runScenario(modules, uriByPath, b));
    return result;
  }
  const builtin = builtins.find((b) => b.name === requested.trim());
  if (builtin) {
    result.scenarios = [runScenario(modules, uriByPath, builtin)];
    return result;
  }
  const parsed = parseScenario(requested ?? '');
  if (parsed.errors.length > 0) {
    result.scenarioErrors = parsed.errors.map((e) => ({ line: e.line, message: e.message }));
    return result;
  }
  result.scenarios = [
    {
      name: CUSTOM,
      title: 'Custom scenario',
      description: 'The scenario typed in the panel.',
      applicable: true,
      text: requested,
      ...traced(withNextVersions(modules, parsed.actions), parsed.actions, uriByPath),
    },
  ];
  return result;
}

export interface CollectedModules {
  modules: LivepatchModule[];
  uriByPath: Map<string, string>;
  skipped: string[];
}

/** This document's patches first (built-ins are written against the first), then other open documents'. */
export function collectModules(source: TraceSource, uri: string, model: FileModel): CollectedModules {
  const modules: LivepatchModule[] = [];
  const uriByPath = new Map<string, string>([[model.path, uri]]);
  const skipped: string[] = [];
  const names = new Set<string>();
  const add = (from: FileModel, label: string) => {
    for (const module of livepatchModulesOf(from)) {
      const { patch } = module;
      if (names.has(patch.name)) {
        skipped.push(
          `${label}: the livepatch '${patch.name}' is already among the inputs; this copy is left out.`,
        );
        continue;
      }
      names.add(patch.name);
      modules.push(module);
    }
  };
  add(model, 'This document');
  for (const other of source.uris()) {
    if (other === uri) continue;
    const otherModel = source.model(other);
    if (!otherModel) continue;
    uriByPath.set(otherModel.path, other);
    add(otherModel, other);
  }
  return { modules, uriByPath, skipped };
}

function runScenario(
  modules: LivepatchModule[],
  uriByPath: Map<string, string>,
  builtin: BuiltinScenario,
): TraceScenario {
  if (!builtin.applicable) return notApplicable(builtin, builtin.reason ?? 'does not apply');
  const parsed = parseScenario(builtin.text);
  // A built-in is generated from patch names; one the parser rejects is reported, never simulated.
  if (parsed.errors.length > 0) {
    const reason = parsed.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ');
    return notApplicable(builtin, `the generated scenario does not parse (${reason})`);
  }
  const { name, title, description, text } = builtin;
  return { name, title, description, applicable: true, text, ...traced(modules, parsed.actions, uriByPath) };
}

function traced(
  modules: LivepatchModule[],
  actions: ReturnType<typeof parseScenario>['actions'],
  uriByPath: Map<string, string>,
): Pick<TraceScenario, 'events' | 'steps'> {
  const { events, steps } = simulateSteps(modules, actions);
  return { events: withUris(events, uriByPath), steps };
}

/** The summary's columns: every registration of every simulated patch, in objs[] and callback order. */
function registeredCallbacks(modules: LivepatchModule[]): RegisteredCallback[] {
  return modules.flatMap(({ patch }) =>
    patch.objects.flatMap((object) =>
      CALLBACK_KINDS.flatMap((callback) => {
        const registration = object.callbacks[callback];
        if (!registration) return [];
        return [
          { patch: patch.name, object: object.name ?? 'vmlinux', callback, function: registration.function },
        ];
      }),
    ),
  );
}

function notApplicable(builtin: BuiltinScenario, reason: string): TraceScenario {
  const { name, title, description } = builtin;
  return { name, title, description, applicable: false, reason, text: '', events: [] };
}

function withUris(
  events: ReturnType<typeof simulateSteps>['events'],
  uriByPath: Map<string, string>,
): TraceEventWithUri[] {
  return events.map((event) =>
    event.type === 'callback'
      ? { ...event, uri: uriByPath.get(event.source.path) ?? event.source.path }
      : event,
  );
}

function objectNames(model: FileModel): TraceObjectName[] {
  return model.patches.flatMap((patch) =>
    patch.objects.flatMap((object) =>
      object.nameOrigin
        ? [{ patch: patch.name, object: object.name ?? 'vmlinux', ...object.nameOrigin }]
        : [],
    ),
  );
}

function describeProblems(model: FileModel): string[] {
  // Harmless recoveries come last, as one line (summarizeProblems).
  const ordered = summarizeProblems(model.problems);
  const syntax = ordered.filter((p) => p.kind === 'syntax');
  const other = ordered.filter((p) => p.kind !== 'syntax');
  const lines = [...syntax, ...other]
    .slice(0, MAX_LISTED_PROBLEMS)
    .map((p) => `Line ${p.range.start.line + 1}: ${p.message}`);
  const rest = ordered.length - lines.length;
  if (rest > 0) lines.push(`… and ${rest} more problem${rest === 1 ? '' : 's'} in this file.`);
  return lines;
}

function timingSummary(): Record<CallbackKind, string> {
  return Object.fromEntries(CALLBACK_KINDS.map((kind) => [kind, CALLBACK_TIMING[kind].when])) as Record<
    CallbackKind,
    string
  >;
}
