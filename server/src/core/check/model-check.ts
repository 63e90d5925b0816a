// Model checking of one file's lifecycle: explores each object's scenarios once per effect signature.
import { livepatchModulesOf } from '../lifecycle/file-modules';
import type { LivepatchModule } from '../lifecycle/state';
import type { ObjectModel } from '../model/types';
import { parseScenario } from '../lifecycle/scenario';
import { plainFunctionName } from '../rules/callbacks';
import { fileStatics, initialisedGlobals } from '../rules/file-statics';
import type { RuleContext } from '../rules/types';
import { nextVersionName, withNextVersions } from './alphabet';
import { assignedVariables, EffectTable } from './effects';
import { counterexampleOf, exploreInSlices, type Exploration, type FoundViolation } from './explore';
import { instantiate, objectTasks, templatize, type ObjectTask } from './per-object';
import { replay, type ReplayInput } from './replay';
import { violationId, type Violation } from './violations';

export interface LifecycleCheck {
  found: FoundViolation[];
  /** Objects explored afresh, and objects that reused an exploration of the same effect signature. */
  explored: number;
  reused: number;
  states: number;
}

/** Scenarios that showed violations, by effect signature: an edit that changes no effect explores nothing. */
const byKey = new Map<string, string[]>();
const MAX_SIGNATURES = 256;

/** Forgets every remembered exploration (the bench measures exploring afresh). */
export function forgetExplorations(): void {
  byKey.clear();
}

/** The file's violations with their shortest counterexamples: every object explored (tests, bench). */
export function checkLifecycle(ctx: RuleContext): LifecycleCheck {
  const lazy = lazyCheckOf(ctx);
  const found = lazy.tasks.flatMap((_, index) => lazy.foundOf(index));
  const seen = new Set<string>();
  return {
    found: found.filter((f) => !seen.has(violationId(f.violation)) && seen.add(violationId(f.violation))),
    explored: lazy.explored,
    reused: lazy.reused,
    states: lazy.states,
  };
}

/**
 * The shortest counterexample among the violations `matches` accepts. `about`: the functions the
 * violations can be about. Only the objects registering one of them are explored (a violation of a
 * callback shows in its own object's exploration, which acts on everything that object meets), so an
 * edit in one callback of a 50-object module explores one object, not fifty. Without it, or when it
 * names module_init/module_exit, every object is.
 */
export function shortestViolation(
  ctx: RuleContext,
  matches: (violation: Violation) => boolean,
  about?: readonly string[],
): FoundViolation | undefined {
  const lazy = lazyCheckOf(ctx);
  let best: FoundViolation | undefined;
  lazy.tasks.forEach((entry, index) => {
    if (!lazy.concerns(entry, about)) return;
    for (const found of lazy.foundOf(index)) {
      if (!matches(found.violation)) continue;
      if (!best || scenarioLength(found) < scenarioLength(best)) best = found;
    }
  });
  return best;
}

function scenarioLength(found: FoundViolation): number {
  return parseScenario(found.counterexample.scenario).actions.length;
}

interface TaskEntry {
  module: LivepatchModule;
  task: ObjectTask;
  /** The callbacks of the task's objects. */
  functions: Set<string>;
}

/** The file's per-object explorations, each run the first time a rule asks about its object. */
class LazyCheck {
  readonly tasks: TaskEntry[] = [];
  explored = 0;
  reused = 0;
  states = 0;
  private readonly done = new Map<number, FoundViolation[]>();
  private readonly moduleFunctions: Set<string>;
  /**
   * While set, a task that would have to be explored afresh is not: it is noted here and seen as
   * showing nothing, so the caller discards that rule run and explores the task in slices.
   */
  pending: PendingExplorations | undefined;
  /** With `pending`: a remembered task's replays are deferred too (each its own slice). */
  deferReplays = false;

  constructor(
    private readonly modules: LivepatchModule[],
    private readonly input: ReplayInput,
    effects: EffectTable,
  ) {
    const moduleFunctions = [input.moduleInit, input.moduleExit];
    this.moduleFunctions = new Set(moduleFunctions.filter((f): f is string => !!f));
    for (const module of modules)
      for (const task of objectTasks(module, effects, moduleFunctions)) {
        const functions = new Set<string>();
        for (const object of task.objects)
          for (const registration of Object.values(object.callbacks)) {
            const name = plainFunctionName(registration?.function);
            if (name) functions.add(name);
          }
        this.tasks.push({ module, task, functions });
      }
  }

  concerns(entry: TaskEntry, about: readonly string[] | undefined): boolean {
    if (!about || about.some((name) => this.moduleFunctions.has(name))) return true;
    return about.some((name) => entry.functions.has(name));
  }

  foundOf(index: number): FoundViolation[] {
    const cached = this.done.get(index);
    if (cached) return cached;
    const entry = this.tasks[index];
    if (this.pending && (this.deferReplays || !byKey.has(entry.task.key))) {
      this.pending.push(this.exploreTask.bind(this, index));
      return [];
    }
    const steps = this.run(entry);
    let step = steps.next();
    while (!step.done) step = steps.next();
    this.done.set(index, step.value);
    return step.value;
  }

  /** Explores task `index`, pausing between slices; afterwards `foundOf(index)` answers at once. */
  *exploreTask(index: number): Generator<void, void> {
    if (this.done.has(index)) return;
    const found = yield* this.run(this.tasks[index]);
    this.done.set(index, found);
  }

  private *run({ module, task }: TaskEntry): Generator<void, FoundViolation[]> {
    const templates = byKey.get(task.key);
    if (templates) {
      // An object with the same effects was explored before: its scenarios, under this object's names.
      this.reused++;
      return templates.flatMap((template) => {
        const scenario = instantiate(template, task.roles);
        return scenario ? replayFound(this.input, scenario) : [];
      });
    }
    // Each searched state copies and keys every object of the patch: searching on the objects the
    // alphabet reaches keeps a 50-object module's exploration as cheap as a 2-object one's.
    const reduced = reducedInput(this.modules, module, task.objects, this.input);
    const exploration: Exploration = yield* exploreInSlices(reduced, task.alphabet, undefined, this.input);
    this.explored++;
    this.states += exploration.states;
    const found = [...exploration.found.values()];
    const scenarios = found.map((f) => f.counterexample.scenario);
    remember(
      task.key,
      [...new Set(scenarios)].map((s) => templatize(s, task.roles)),
    );
    return found;
  }
}

/** Explorations a rule asked for while running without exploring: each runs one slice per step. */
export type PendingExplorations = (() => Generator<void, void>)[] & { deferReplays?: boolean };

const lazyChecks = new WeakMap<object, WeakMap<object, LazyCheck>>();
/** The analyses (by flow facts object) whose rules run without exploring: the explorations they asked for. */
const deferring = new WeakMap<object, PendingExplorations>();

/**
 * One LazyCheck per analysis (the flow facts object is new for each) and model: a rule may check a
 * build configuration's model of the same file (see withoutCondition).
 */
function lazyCheckOf(ctx: RuleContext): LazyCheck {
  let byModel = lazyChecks.get(ctx.flow);
  if (!byModel) lazyChecks.set(ctx.flow, (byModel = new WeakMap()));
  let lazy = byModel.get(ctx.model);
  if (!lazy) {
    const { modules, input, effects } = replayInputOf(ctx);
    lazy = new LazyCheck(modules, input, effects);
    byModel.set(ctx.model, lazy);
  }
  lazy.pending = deferring.get(ctx.flow);
  lazy.deferReplays = lazy.pending?.deferReplays === true;
  return lazy;
}

/**
 * Runs `check` (a rule) without exploring anything not remembered (nor replaying what is, with
 * `deferReplays`): `pending` lists the object tasks' explorations it asked for; while there is any,
 * `result` is incomplete and must be discarded.
 */
export function withoutExploring<T>(
  ctx: RuleContext,
  check: () => T,
  deferReplays = false,
): { result: T; pending: PendingExplorations } {
  const pending: PendingExplorations = Object.assign([], { deferReplays });
  deferring.set(ctx.flow, pending);
  try {
    return { result: check(), pending };
  } finally {
    deferring.delete(ctx.flow);
  }
}

/** The ids of the violations one scenario shows for the file (the minimality test replays built-ins). */
export function violationsIn(ctx: RuleContext, scenario: string): string[] {
  const { input } = replayInputOf(ctx);
  if (input.modules.length === 0) return [];
  return [...new Set(replay(input, parseScenario(scenario).actions).violations.map(violationId))];
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
    modules: withNextVersions(modules, nextVersionLoads(modules)),
    effects,
    initialised: initialisedGlobals(ctx.units),
    moduleInit: ctx.model.moduleInit,
    moduleExit: ctx.model.moduleExit,
  };
  return { modules, input, functions, effects };
}

/** `input` with `module`'s patch holding only `objects` (its next version made again from it). */
function reducedInput(
  modules: readonly LivepatchModule[],
  module: LivepatchModule,
  objects: readonly ObjectModel[],
  input: ReplayInput,
): ReplayInput {
  if (objects.length === module.patch.objects.length) return input;
  const narrowed = modules.map((m) =>
    m === module ? { ...m, patch: { ...m.patch, objects: [...objects] } } : m,
  );
  return { ...input, modules: withNextVersions(narrowed, nextVersionLoads(narrowed)) };
}

function nextVersionLoads(modules: readonly LivepatchModule[]) {
  return parseScenario(modules.map((m) => `load ${nextVersionName(m.patch.name)}`).join('\n')).actions;
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
