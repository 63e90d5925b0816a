// Model checking of one file's lifecycle: explores each object's scenarios once per effect signature.
import { livepatchModulesOf } from '../lifecycle/file-modules';
import { parseScenario } from '../lifecycle/scenario';
import { plainFunctionName } from '../rules/callbacks';
import { fileStatics, initialisedGlobals } from '../rules/file-statics';
import type { RuleContext } from '../rules/types';
import { nextVersionName, withNextVersions } from './alphabet';
import { assignedVariables, EffectTable } from './effects';
import { counterexampleOf, explore, type Exploration, type FoundViolation } from './explore';
import { instantiate, objectTasks, templatize } from './per-object';
import { replay, type ReplayInput } from './replay';
import { violationId, type Violation } from './violations';

export interface LifecycleCheck {
  found: FoundViolation[];
  /** Objects explored afresh, and objects that reused an exploration of the same effect signature. */
  explored: number;
  reused: number;
  states: number;
}

const results = new WeakMap<object, LifecycleCheck>();
/** Scenarios that showed violations, by effect signature: an edit that changes no effect explores nothing. */
const byKey = new Map<string, string[]>();
const MAX_SIGNATURES = 256;

/** Forgets every remembered exploration (the bench measures exploring afresh). */
export function forgetExplorations(): void {
  byKey.clear();
}

/** The file's violations with their shortest counterexamples (computed once per rule run). */
export function checkLifecycle(ctx: RuleContext): LifecycleCheck {
  const cached = results.get(ctx.flow);
  if (cached) return cached;
  const result = computeLifecycle(ctx);
  results.set(ctx.flow, result);
  return result;
}

/** The shortest counterexample among the violations `matches` accepts. */
export function shortestViolation(
  ctx: RuleContext,
  matches: (violation: Violation) => boolean,
): FoundViolation | undefined {
  let best: FoundViolation | undefined;
  for (const found of checkLifecycle(ctx).found) {
    if (!matches(found.violation)) continue;
    if (!best || scenarioLength(found) < scenarioLength(best)) best = found;
  }
  return best;
}

function scenarioLength(found: FoundViolation): number {
  return parseScenario(found.counterexample.scenario).actions.length;
}

/** The ids of the violations one scenario shows for the file (the minimality test replays built-ins). */
export function violationsIn(ctx: RuleContext, scenario: string): string[] {
  const { input } = replayInputOf(ctx);
  if (input.modules.length === 0) return [];
  return [...new Set(replay(input, parseScenario(scenario).actions).violations.map(violationId))];
}

function computeLifecycle(ctx: RuleContext): LifecycleCheck {
  const result: LifecycleCheck = { found: [], explored: 0, reused: 0, states: 0 };
  const { modules, input, effects } = replayInputOf(ctx);
  if (modules.length === 0) return result;
  const seen = new Set<string>();
  const add = (found: FoundViolation) => {
    const id = violationId(found.violation);
    if (seen.has(id)) return;
    seen.add(id);
    result.found.push(found);
  };
  const moduleFunctions = [input.moduleInit, input.moduleExit];
  for (const module of modules) {
    for (const task of objectTasks(module, effects, moduleFunctions)) {
      const templates = byKey.get(task.key);
      if (templates) {
        // An object with the same effects was explored before: its scenarios, under this object's names.
        result.reused++;
        for (const template of templates) {
          const scenario = instantiate(template, task.roles);
          if (scenario) replayFound(input, scenario).forEach(add);
        }
        continue;
      }
      const exploration: Exploration = explore(input, task.alphabet);
      result.explored++;
      result.states += exploration.states;
      for (const found of exploration.found.values()) add(found);
      const scenarios = [...exploration.found.values()].map((f) => f.counterexample.scenario);
      remember(
        task.key,
        [...new Set(scenarios)].map((s) => templatize(s, task.roles)),
      );
    }
  }
  return result;
}

/** The file's livepatch modules, the simulated ones (with next versions) and the effects of its functions. */
function replayInputOf(ctx: RuleContext) {
  const modules = livepatchModulesOf(ctx.model);
  const functions = lifecycleFunctions(ctx);
  const watched = new Set<string>();
  for (const fn of functions)
    for (const variable of assignedVariables(ctx.flow, fn).assigned.keys()) watched.add(variable);
  const effects = new EffectTable(ctx.flow, watched, fileStatics(ctx.units));
  const input: ReplayInput = {
    modules: withNextVersions(
      modules,
      parseScenario(modules.map((m) => `load ${nextVersionName(m.patch.name)}`).join('\n')).actions,
    ),
    effects,
    initialised: initialisedGlobals(ctx.units),
    moduleInit: ctx.model.moduleInit,
    moduleExit: ctx.model.moduleExit,
  };
  return { modules, input, functions, effects };
}

function replayFound(input: ReplayInput, scenario: string): FoundViolation[] {
  const replayed = replay(input, parseScenario(scenario).actions);
  return replayed.violations.map((violation) => ({
    violation,
    counterexample: counterexampleOf(scenario.trim().split('\n'), replayed.events, violation),
  }));
}

function remember(signature: string, scenarios: string[]): void {
  if (byKey.size >= MAX_SIGNATURES) byKey.delete(byKey.keys().next().value as string);
  const lines = (text: string) => text.split('\n').length;
  byKey.set(
    signature,
    [...scenarios].sort((a, b) => lines(a) - lines(b)),
  );
}

/** The callbacks, module_init and module_exit of the file. */
function lifecycleFunctions(ctx: RuleContext): string[] {
  const names = new Set<string>();
  for (const patch of ctx.model.patches)
    for (const object of patch.objects)
      for (const registration of Object.values(object.callbacks)) {
        const name = plainFunctionName(registration?.function);
        if (name) names.add(name);
      }
  if (ctx.model.moduleInit) names.add(ctx.model.moduleInit);
  if (ctx.model.moduleExit) names.add(ctx.model.moduleExit);
  return [...names];
}
