// Code lens above each callback function: its kind and object, its counterpart, and how often it runs in the built-in scenarios.
import type { CodeLens } from 'vscode-languageserver/node';
import { callbackKey, type CallbackRuns, type ScenarioRuns } from '../../core/lifecycle/callback-runs';
import { livepatchModulesOf } from '../../core/lifecycle/file-modules';
import type { FunctionModel } from '../../core/model/types';
import { COUNTERPART, plainFunctionName } from '../../core/rules/callbacks';
import type { TracePreviewFocus } from '../../protocol';
import { toLspRange } from '../convert';
import type { OpenModel } from './registrations';

/** The command a lens runs: the trace panel, focused on the callback. */
export const SHOW_TRACE_COMMAND = 'klpCallbacks.showTracePreview';

/**
 * `runs` are the built-in scenarios simulated over the open livepatches with this document's first
 * (as the trace panel simulates them), computed by the caller once per set of models.
 */
export function provideCodeLenses(uri: string, open: readonly OpenModel[], runs: CallbackRuns): CodeLens[] {
  const current = open.find((doc) => doc.uri === uri);
  if (!current) return [];
  const defined = new Map<string, FunctionModel>();
  for (const fn of current.model.functions) if (!defined.has(fn.name)) defined.set(fn.name, fn);
  const lenses: CodeLens[] = [];
  const seen = new Set<string>();
  const ordered = [current, ...open.filter((doc) => doc !== current)];
  for (const doc of ordered) {
    // Another file that defines a function of the same name registers its own (a static function is per file).
    const ownNames = doc === current ? new Set<string>() : new Set(doc.model.functions.map((f) => f.name));
    const simulated = livepatchModulesOf(doc.model);
    doc.model.patches.forEach((patch, index) => {
      const patchName = simulated[index]?.patch.name ?? patch.name;
      for (const object of patch.objects) {
        for (const registration of Object.values(object.callbacks)) {
          const name = registration && plainFunctionName(registration.function);
          const fn = name && !ownNames.has(name) ? defined.get(name) : undefined;
          if (!registration || !fn) continue;
          const objectName = object.name ?? 'vmlinux';
          const key = callbackKey(patchName, objectName, registration.kind);
          if (seen.has(`${fn.name}\u0000${key}`)) continue;
          seen.add(`${fn.name}\u0000${key}`);
          const counterpartKind = COUNTERPART[registration.kind];
          const counterpart = object.callbacks[counterpartKind];
          const scenarioRuns = runs.byCallback.get(key) ?? [];
          const parts = [
            `${registration.kind} of ${objectName}`,
            counterpart ? `pairs with ${counterpart.function}` : `no ${counterpartKind} registered`,
            ...(runs.scenarios.length > 0 ? [runsText(scenarioRuns, runs.scenarios.length)] : []),
          ];
          const focus: TracePreviewFocus = { uri, function: fn.name, ...focusScenario(scenarioRuns) };
          lenses.push({
            range: toLspRange({ start: fn.range.start, end: fn.range.start }),
            command: { title: parts.join(' · '), command: SHOW_TRACE_COMMAND, arguments: [focus] },
          });
        }
      }
    });
  }
  return lenses;
}

/** `runs in 12 of 15 scenarios, twice in disable-reversed`. */
export function runsText(scenarioRuns: readonly ScenarioRuns[], total: number): string {
  if (scenarioRuns.length === 0) return `runs in none of the ${total} scenarios`;
  const repeated = scenarioRuns
    .filter((s) => s.runs > 1)
    .map((s) => `${s.runs === 2 ? 'twice' : `${s.runs} times`} in ${s.scenario}`);
  return [`runs in ${scenarioRuns.length} of ${total} scenarios`, ...repeated].join(', ');
}

function focusScenario(scenarioRuns: readonly ScenarioRuns[]): { scenario?: string } {
  const chosen = scenarioRuns.find((s) => s.runs > 1) ?? scenarioRuns[0];
  return chosen ? { scenario: chosen.scenario } : {};
}
