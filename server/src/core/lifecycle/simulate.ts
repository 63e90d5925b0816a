// Runs a scenario through the simulated livepatch core and returns the trace, event for event.
//
// Modelled on mainline kernel/livepatch (core.c, transition.c, state.c, v5.5+; messages as 6.1 prints them).
// Not modelled: the `klp_try_switch_task: ... is sleeping on function` debug lines a stalled transition
// repeats (their count depends on timing), forced transitions, a target module whose own init fails,
// and preprocessor conditions on registrations (every registration is taken as compiled in).
import type { TraceEvent, TraceStep } from './events';
import { EEXIST, ENOENT } from './errno';
import { loadLivepatch, unloadLivepatch, writeEnabled } from './enable-disable';
import { loadTarget, unloadTarget } from './module-notifier';
import type { ScenarioAction } from './scenario';
import { KernelState, type LivepatchModule } from './state';
import { finishTransition } from './transition';

export type { LivepatchModule } from './state';

export function simulate(modules: LivepatchModule[], actions: ScenarioAction[]): TraceEvent[] {
  return simulateSteps(modules, actions).events;
}

/** The trace, and after each action the livepatches' sysfs state (what the trace panel shows per step). */
export function simulateSteps(
  modules: LivepatchModule[],
  actions: ScenarioAction[],
): { events: TraceEvent[]; steps: TraceStep[] } {
  const state = startKernel(modules);
  const steps: TraceStep[] = [];
  for (const action of actions) {
    const event = state.events.length;
    applyAction(state, action);
    steps.push({ event, patches: state.patchStatus() });
  }
  return { events: state.events, steps };
}

/** A fresh simulated kernel knowing the input livepatches (the model checker steps it action by action). */
export function startKernel(modules: LivepatchModule[]): KernelState {
  const catalog = new Map<string, LivepatchModule>();
  const duplicates: [LivepatchModule, LivepatchModule][] = [];
  for (const module of modules) {
    const first = catalog.get(module.patch.name);
    if (first) duplicates.push([first, module]);
    else catalog.set(module.patch.name, module);
  }
  const state = new KernelState(catalog);
  for (const [first, second] of duplicates) {
    const name = first.patch.name;
    state.error(
      name,
      EEXIST,
      `two input livepatches are named '${name}' (${first.path}, ${second.path}): the first is used`,
    );
  }
  return state;
}

/** One scenario line: its echo, then what the kernel does. */
export function applyAction(state: KernelState, action: ScenarioAction): void {
  state.events.push({ type: 'action', line: action.line, text: action.text });
  apply(state, action);
}

function apply(state: KernelState, action: ScenarioAction): void {
  switch (action.kind) {
    case 'load': {
      const module = state.catalog.get(action.name);
      if (module) loadLivepatch(state, module, action.replace);
      else if (action.replace !== undefined)
        notAnInput(state, action.name, 'replace= applies to livepatch modules');
      else loadTarget(state, action.name);
      return;
    }
    case 'unload':
      if (state.catalog.has(action.name)) unloadLivepatch(state, action.name);
      else unloadTarget(state, action.name);
      return;
    case 'enable':
    case 'disable':
      writeEnabled(state, action.patch, action.kind === 'enable');
      return;
    case 'fail':
    case 'succeed':
      setInjectedResult(state, action.patch, action.object, action.kind === 'fail' ? action.errno : 0);
      return;
    case 'stall':
      state.stalling = true;
      return;
    case 'settle':
      state.stalling = false;
      finishTransition(state);
      return;
  }
}

/** `fail` sets a result for every object or one; `succeed` without an object forgets all of them. */
function setInjectedResult(state: KernelState, patch: string, object: string | null, result: number): void {
  if (!state.catalog.has(patch)) {
    notAnInput(state, patch, 'fail and succeed name a livepatch among the inputs');
    return;
  }
  const spec = state.failures.get(patch) ?? { objects: new Map<string, number>() };
  state.failures.set(patch, spec);
  if (object !== null) {
    spec.objects.set(object, result);
  } else {
    spec.objects.clear();
    if (result === 0) delete spec.all;
    else spec.all = result;
  }
}

function notAnInput(state: KernelState, name: string, why: string): void {
  const known = [...state.catalog.keys()].join(', ') || 'none';
  state.error(name, ENOENT, `no livepatch named '${name}' among the inputs (${why}; inputs: ${known})`);
}
