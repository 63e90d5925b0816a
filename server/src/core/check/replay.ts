// Replays a scenario through the simulator and applies each callback's effects, checking the invariants in order.
import type { Held } from '../flow/interpret';
import type { CallbackEvent, TraceEvent } from '../lifecycle/events';
import type { ScenarioAction } from '../lifecycle/scenario';
import { applyAction, startKernel } from '../lifecycle/simulate';
import type { KernelState, LivepatchModule } from '../lifecycle/state';
import type { CallbackKind } from '../model/types';
import { plainFunctionName } from '../rules/callbacks';
import { releases } from '../rules/effects';
import type { Effect, EffectTable } from './effects';
import type { KernelNode, KernelStep } from './kernel-graph';
import { afterAction } from './after-action';
import { Resources, type Holding } from './resources';
import type { Violation } from './violations';

/** Who ran an effect: a callback of one object, or the livepatch module's init/exit. */
export type Runner = CallbackKind | 'module_init' | 'module_exit';

export interface ReplayResult {
  events: TraceEvent[];
  violations: Violation[];
}

export interface ReplayInput {
  modules: LivepatchModule[];
  effects: EffectTable;
  /** Globals that start with a value (initialised at their declaration). */
  initialised: ReadonlySet<string>;
  moduleInit?: string;
  moduleExit?: string;
}

/** Runs the actions one by one; after each, the new events are checked against the invariants. */
export function replay(input: ReplayInput, actions: readonly ScenarioAction[]): ReplayResult {
  const run = Replay.start(input);
  for (const action of actions) run.step(action);
  return { events: run.state.events, violations: run.violations };
}

/** A scenario in progress: the simulated kernel plus what the effects so far hold, set and changed. */
export class Replay {
  violations: Violation[] = [];
  /** The violations its last action's checks found once the action was over (see `idle`). */
  private gone: readonly Violation[] = [];

  private constructor(
    private readonly input: ReplayInput,
    /** Its own (stepped in place), or, while exploring, a KernelGraph node's (shared, never written). */
    public state: KernelState,
    private resources: Resources,
    private readonly known: Memo,
  ) {}

  static start(input: ReplayInput): Replay {
    const known: Memo = { functions: new Map(), takesOver: new Map() };
    return new Replay(input, startKernel(input.modules), Resources.empty(), known);
  }

  /**
   * A copy extended by `step` of the kernel graph (`from` is this scenario's node): the kernel state is
   * the node's, the resources are shared until written. Its violations are only the ones found by it.
   */
  extend(from: KernelNode, step: KernelStep, action: ScenarioAction): Replay {
    const copy = new Replay(this.input, step.to.state, this.resources.fork(), this.known);
    copy.observe(action, from.state.livepatchModules, step.events, 0);
    return copy;
  }

  /** Applies the action to this scenario's own kernel state. */
  step(action: ScenarioAction): void {
    const before = new Set(this.state.livepatchModules.keys());
    const actionIndex = this.state.events.length;
    applyAction(this.state, action);
    this.observe(action, before, this.state.events, actionIndex);
  }

  /** The effects of what `action` caused (`events` from `actionIndex` on), then the invariants checked after it. */
  private observe(
    action: ScenarioAction,
    before: { has(name: string): boolean },
    events: readonly TraceEvent[],
    actionIndex: number,
  ): void {
    const name = action.kind === 'load' || action.kind === 'unload' ? action.name : '';
    const isLivepatch = this.state.catalog.has(name);
    // module_init runs klp_enable_patch: its own work comes before the callbacks it causes.
    if (
      action.kind === 'load' &&
      isLivepatch &&
      !before.has(name) &&
      this.initRan(name, events, actionIndex)
    ) {
      this.resources.loaded(name);
      this.run(this.input.moduleInit, 'module_init', name, `${name}|*`, actionIndex, false);
    }
    for (let index = actionIndex + 1; index < events.length; index++) {
      const event = events[index];
      if (event.type === 'callback') this.callback(event, index);
    }
    if (
      action.kind === 'unload' &&
      isLivepatch &&
      before.has(name) &&
      !this.state.livepatchModules.has(name)
    ) {
      this.run(this.input.moduleExit, 'module_exit', name, `${name}|*`, actionIndex, false);
    }
    this.gone = afterAction(this.state, this.resources, actionIndex, (module) => this.takesOver(module));
    for (const violation of this.gone) this.violations.push(violation);
  }

  /**
   * The violations a copy extended by an idle step (the kernel as it was, no callback run) would find:
   * its resources are this scenario's, so the checks after the action find what they found after this
   * scenario's last action. Its state is this one's: the explorer need not make that copy at all.
   */
  idleViolations(): readonly Violation[] {
    return this.gone;
  }

  /** The module's init ran: it is loaded now, or its enable got as far as a callback or a message. */
  private initRan(name: string, events: readonly TraceEvent[], actionIndex: number): boolean {
    if (this.state.livepatchModules.has(name)) return true;
    return events.slice(actionIndex + 1).some((e) => e.type === 'callback' && e.patch === name);
  }

  private callback(event: CallbackEvent, index: number): void {
    const slot = `${event.patch}|${event.object}`;
    const failed = event.callback === 'pre_patch' && (event.ret ?? 0) !== 0;
    this.run(this.functionOf(event.function), event.callback, event.patch, slot, index, failed);
    // A counterpart undoes what its callback changed (callbacks.rst's pairs), whether or not it tries.
    const undone = UNDOES[event.callback];
    if (undone) this.resources.undo((c) => c.slot === slot && c.runner === undone);
  }

  /** The plain function name a registration names (once per text: every step's events name the same few). */
  private functionOf(registered: string): string | undefined {
    let name = this.known.functions.get(registered);
    if (name === undefined) {
      name = plainFunctionName(registered) ?? '';
      this.known.functions.set(registered, name);
    }
    return name || undefined;
  }

  /** A callback of the module reads what a replaced patch left (klp_get_prev_state). */
  private takesOver(module: LivepatchModule): boolean {
    let takes = this.known.takesOver.get(module);
    if (takes === undefined) {
      takes = callbackFunctions(module).some((fn) => this.input.effects.of(fn).takesOver);
      this.known.takesOver.set(module, takes);
    }
    return takes;
  }

  private run(
    fn: string | undefined,
    runner: Runner,
    patch: string,
    slot: string,
    event: number,
    failed: boolean,
  ): void {
    if (!fn) return;
    const effects = this.input.effects.of(fn);
    const where = { patch, slot, runner, function: fn, event };
    if (failed) {
      for (const effect of effects.failure) {
        if (effect.op !== 'acquire') continue;
        this.violations.push({
          invariant: 'error-while-holding',
          ...where,
          held: effect.held,
          site: effect.exit ?? effect.held.site,
        });
        this.resources.hold({ slot, held: effect.held, runner, function: fn, event });
      }
      return;
    }
    for (const effect of effects.success) this.apply(effect, where);
  }

  private apply(effect: Effect, where: Omit<Holding, 'held'> & { patch: string }): void {
    const moduleSlot = `${where.patch}|*`;
    switch (effect.op) {
      case 'use': {
        if (this.input.initialised.has(effect.variable)) return;
        const known = [where.slot, moduleSlot].some((s) =>
          this.resources.hasVariable(`${s}|${effect.variable}`),
        );
        if (!known)
          this.violations.push({
            invariant: 'use-unset',
            ...where,
            variable: effect.variable,
            site: effect.use.site,
          });
        return;
      }
      case 'release': {
        if (where.runner === 'module_exit' && effect.release.pair.id === 'shadow')
          this.exitFree(where, effect);
        // module_init/exit may release what any callback of their own patch acquired.
        const mine = (h: Holding) =>
          h.slot === where.slot ||
          h.slot === moduleSlot ||
          (where.slot === moduleSlot && h.slot.startsWith(`${where.patch}|`));
        const index = this.resources.holdings.findIndex((h) => mine(h) && releases(effect.release, h.held));
        if (index < 0) {
          if (!effect.optional)
            this.violations.push({
              invariant: 'release-unheld',
              ...where,
              release: effect.release,
              site: effect.release.site,
            });
          return;
        }
        const holding = this.resources.release(index);
        if (holding.held.pair.category === 'lock' && holding.event !== where.event)
          this.violations.push({
            invariant: 'lock-across',
            ...where,
            holder: holding,
            site: holding.held.site,
          });
        return;
      }
      case 'acquire': {
        const site = effect.held.site.start;
        const again = this.resources.holdings.some(
          (h) =>
            h.slot === where.slot &&
            h.held.site.start.line === site.line &&
            h.held.site.start.character === site.character,
        );
        // `if (!buf) buf = kmalloc(…)`: a callback written to run twice acquires only what is not there.
        if (again && idempotent(effect.held)) return;
        if (again)
          this.violations.push({
            invariant: 'acquire-held',
            ...where,
            held: effect.held,
            site: effect.held.site,
          });
        this.resources.hold({ ...where, held: effect.held });
        return;
      }
      case 'set':
      case 'clear': {
        const id = `${where.slot}|${effect.variable}`;
        this.resources.setVariable(id, effect.op === 'set');
        return;
      }
      case 'change':
        // Only the patch side sets up what a counterpart (or a replacing patch) must undo.
        if (where.runner !== 'pre_patch' && where.runner !== 'post_patch') return;
        this.resources.change({
          ...where,
          what: effect.change.what,
          range: effect.change.range,
          system: effect.system,
        });
        return;
    }
  }

  /** module_exit frees shadow variables while a patch that replaced this one is installed and uses them. */
  private exitFree(
    where: { patch: string; event: number; function: string },
    effect: Effect & { op: 'release' },
  ): void {
    const replacer = this.state.patches.find((p) => p.replace && p.name !== where.patch);
    if (replacer)
      this.violations.push({
        invariant: 'exit-frees-shared',
        ...where,
        slot: `${where.patch}|*`,
        runner: 'module_exit',
        replacer: replacer.name,
        release: effect.release,
        site: effect.release.site,
      });
  }

  /** What the resources hold, set and changed, as the explorer's state key needs it (equal: equal futures). */
  resourceKey(): string {
    return this.resources.key();
  }
}

/** What every copy of one replay computes the same: function names by registration, takeover by module. */
interface Memo {
  functions: Map<string, string>;
  takesOver: Map<LivepatchModule, boolean>;
}

const UNDOES: Partial<Record<CallbackKind, CallbackKind>> = {
  post_unpatch: 'pre_patch',
  pre_unpatch: 'post_patch',
};

function callbackFunctions(module: LivepatchModule): string[] {
  return module.patch.objects.flatMap((o) =>
    Object.values(o.callbacks).flatMap((r) => plainFunctionName(r?.function) ?? []),
  );
}

/** An acquisition under a test of what it acquires into (its key or its result). */
function idempotent(held: Held): boolean {
  const names = [held.key, held.result].filter((name): name is string => !!name);
  return (held.guards ?? []).some((guard) => names.includes(guard));
}
