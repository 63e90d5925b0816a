// "Verify on a real kernel" for an open document: the scenario's modules and actions, a verifier runs them, the result as the panel shows it.
import { withNextVersions } from '../../core/check/alphabet';
import { builtinScenarios } from '../../core/lifecycle/builtins';
import { parseScenario, type ScenarioAction } from '../../core/lifecycle/scenario';
import type { LivepatchModule } from '../../core/lifecycle/simulate';
import { realKernelLimits } from '../../host/verify/limits';
import type { VerifyScenarioParams, VerifyScenarioResult } from '../../protocol';
import { collectModules, type TraceSource } from './trace';

/** The custom scenario's name in traces and results. */
const CUSTOM = 'custom';

export interface VerifyJob {
  modules: LivepatchModule[];
  actions: ScenarioAction[];
}

/** What a real-kernel run (or a probe) came to; host/verify/forked-verifier.ts runs it in a child process. */
export type VerifyOutcome =
  | { kind: 'available' }
  | { kind: 'unavailable'; missing: string[]; aptLine: string }
  | {
      kind: 'ran';
      kernel: string;
      problems: string[];
      predicted: string[];
      real: string[];
      firstDifference: number;
    }
  | { kind: 'error'; message: string }
  | { kind: 'cancelled' };

/** The request's cancellation, as vscode-jsonrpc's CancellationToken offers it. */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): unknown;
}

export interface ScenarioVerifier {
  /** `available`, or why not (`unavailable` with the install line, `error`). */
  probe(): Promise<VerifyOutcome>;
  run(job: VerifyJob, progress: (message: string) => void, cancel: Cancellation): Promise<VerifyOutcome>;
}

/**
 * The modules and actions `provideTrace` simulates for this scenario: this document's patches first, then
 * the other open documents'; a built-in by name, else scenario text (with the next klp_state versions).
 */
export function verifyJob(
  source: TraceSource,
  params: VerifyScenarioParams,
): { job: VerifyJob; scenario: string } | { problem: string } {
  const model = source.has(params.uri) ? source.model(params.uri) : undefined;
  if (!model) return { problem: 'This document is not open in the language server.' };
  const { modules } = collectModules(source, params.uri, model);
  if (model.patches.length === 0 || modules.length === 0)
    return { problem: 'No livepatch in this file: there is nothing to verify.' };
  const name = params.scenario.trim();
  const builtin = builtinScenarios(modules).find((b) => b.name === name);
  if (builtin) {
    if (!builtin.applicable)
      return { problem: `The scenario ${name} does not apply here: ${builtin.reason ?? 'not applicable'}.` };
    const parsed = parseScenario(builtin.text);
    return { job: { modules, actions: parsed.actions }, scenario: builtin.name };
  }
  const parsed = parseScenario(params.scenario);
  const [error] = parsed.errors;
  if (error) return { problem: `Scenario line ${error.line}: ${error.message}` };
  if (parsed.actions.length === 0) return { problem: 'The scenario has no actions.' };
  return {
    job: { modules: withNextVersions(modules, parsed.actions), actions: parsed.actions },
    scenario: CUSTOM,
  };
}

export async function provideVerifyScenario(
  source: TraceSource,
  params: VerifyScenarioParams,
  verifier: ScenarioVerifier,
  progress: (message: string) => void,
  cancel: Cancellation,
): Promise<VerifyScenarioResult> {
  if (params.probe) return verifyResult(await verifier.probe(), params.scenario.trim(), []);
  const found = verifyJob(source, params);
  if ('problem' in found) return verifyResult({ kind: 'error', message: found.problem }, params.scenario, []);
  const warnings = realKernelLimits(found.job.modules, found.job.actions);
  const outcome = await verifier.run(found.job, progress, cancel);
  return verifyResult(outcome, found.scenario, warnings);
}

/** The panel's words for an outcome. */
export function verifyResult(
  outcome: VerifyOutcome,
  scenario: string,
  warnings: string[],
): VerifyScenarioResult {
  const base = { scenario, kernel: '', warnings, problems: [], predicted: [], real: [], firstDifference: -1 };
  switch (outcome.kind) {
    case 'available':
      return { ...base, status: 'available', summary: 'A real kernel can run the scenarios here (qemu).' };
    case 'unavailable':
      return {
        ...base,
        status: 'unavailable',
        summary: `Cannot run a real kernel here: missing ${outcome.missing.join(', ')}.`,
        ...(outcome.aptLine ? { aptLine: outcome.aptLine } : {}),
      };
    case 'error':
      return {
        ...base,
        status: 'failed',
        summary: `Could not run: ${outcome.message}`,
        problems: [outcome.message],
      };
    case 'cancelled':
      return { ...base, status: 'cancelled', summary: 'Cancelled.' };
    case 'ran': {
      const ran = { ...base, kernel: outcome.kernel, predicted: outcome.predicted, real: outcome.real };
      if (outcome.problems.length > 0)
        return {
          ...ran,
          status: 'failed',
          summary: `The real kernel run is not usable: ${outcome.problems[0]}`,
          problems: outcome.problems,
        };
      const kernel = outcome.kernel.split(' ')[0] ?? outcome.kernel;
      if (outcome.firstDifference < 0)
        return {
          ...ran,
          status: 'agree',
          summary: `The real kernel (${kernel}) agrees with the prediction: ${outcome.real.length} lines, event for event.`,
        };
      const row = outcome.firstDifference;
      return {
        ...ran,
        firstDifference: row,
        status: 'differ',
        summary:
          `The real kernel (${kernel}) differs from row ${row + 1} on: predicted ` +
          `"${outcome.predicted[row] ?? '(nothing)'}", real "${outcome.real[row] ?? '(nothing)'}".`,
      };
    }
  }
}
