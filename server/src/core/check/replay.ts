// Replays a scenario through the simulator and applies each callback's effects, checking the invariants in order.
import type { Held } from '../flow/interpret';
import type { CallbackEvent, TraceEvent } from '../lifecycle/events';
import type { ScenarioAction } from '../lifecycle/scenario';
import { applyAction, startKernel } from '../lifecycle/simulate';
import type { KernelState, LivepatchModule } from '../lifecycle/state';
import { kernelKey } from './kernel-key';
import type { CallbackKind, Range } from '../model/types';
import { plainFunctionName } from '../rules/callbacks';
import { releases } from '../rules/effects';
import { cloneKernel } from './clone';
import { rangeKey, type Effect, type EffectTable } from './effects';
import type { Violation } from './violations';

/** Who ran an effect: a callback of one object, or the livepatch module's init/exit. */
export type Runner = CallbackKind | 'module_init' | 'module_exit';

interface Holding {
  slot: string;
  held: Held;
  runner: Runner;
  function: string;
  event: number;
}

interface Change {
  slot: string;
  patch: string;
  runner: Runner;
  function: string;
  what: string;
  range: Range;
  system: boolean;
  event: number;
}

export interface ReplayResult {
  events: TraceEvent[];
  violations: Violation[];
  /** The abstract kernel state plus the resource state: equal keys explore equal futures. */
  key: string;
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
  return { events: run.state.events, violations: run.violations, key: run.key() };
}

/** A scenario in progress: the simulated kernel plus what the effects so far hold, set and changed. */
export class Replay {
  violations: Violation[] = [];
  private holdings: Holding[] = [];
  private changes: Change[] = [];
  private setVariables = new Set<string>();
  private everLoaded = new Set<string>();
  /** Patches replaced by another: what they leave is the replacement's to take over, not a leak. */
  private replaced = new Set<string>();
  private seen = 0;

  private constructor(
    private readonly input: ReplayInput,
    readonly state: KernelState,
  ) {}

  static start(input: ReplayInput): Replay {
    return new Replay(input, startKernel(input.modules));
  }

  /** A copy to extend by one more action; its violations are only the ones found from now on. */
  fork(): Replay {
    const copy = new Replay(this.input, cloneKernel(this.state));
    copy.holdings = [...this.holdings];
    copy.changes = [...this.changes];
    copy.setVariables = new Set(this.setVariables);
    copy.everLoaded = new Set(this.everLoaded);
    copy.replaced = new Set(this.replaced);
    return copy;
  }

  step(action: ScenarioAction): void {
    const before = new Set(this.state.livepatchModules.keys());
    const actionIndex = this.state.events.length;
    applyAction(this.state, action);
    const events = this.state.events;
    const name = action.kind === 'load' || action.kind === 'unload' ? action.name : '';
    const isLivepatch = this.state.catalog.has(name);
    // module_init runs klp_enable_patch: its own work comes before the callbacks it causes.
    if (action.kind === 'load' && isLivepatch && !before.has(name) && this.initRan(name, actionIndex)) {
      this.everLoaded.add(name);
      this.run(this.input.moduleInit, 'module_init', name, `${name}|*`, actionIndex, false);
    }
    for (let index = Math.max(this.seen, actionIndex + 1); index < events.length; index++) {
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
    this.seen = events.length;
    this.checkGone(actionIndex);
  }

  /** The module's init ran: it is loaded now, or its enable got as far as a callback or a message. */
  private initRan(name: string, actionIndex: number): boolean {
    if (this.state.livepatchModules.has(name)) return true;
    return this.state.events.slice(actionIndex + 1).some((e) => e.type === 'callback' && e.patch === name);
  }

  private callback(event: CallbackEvent, index: number): void {
    const slot = `${event.patch}|${event.object}`;
    const failed = event.callback === 'pre_patch' && (event.ret ?? 0) !== 0;
    this.run(
      plainFunctionName(event.function) ?? undefined,
      event.callback,
      event.patch,
      slot,
      index,
      failed,
    );
    // A counterpart undoes what its callback changed (callbacks.rst's pairs), whether or not it tries.
    const undone = UNDOES[event.callback];
    if (undone) this.changes = this.changes.filter((c) => c.slot !== slot || c.runner !== undone);
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
        this.holdings.push({ slot, held: effect.held, runner, function: fn, event });
      }
      return;
    }
    for (const effect of effects.success) this.apply(effect, where);
  }

  private apply(effect: Effect, where: Omit<Holding, 'held'> & { patch: string }): void {
    const moduleSlot = `${where.patch}|*`;
    switch (effect.op) {
      case 'use': {
        const known = [where.slot, moduleSlot].some((s) => this.setVariables.has(`${s}|${effect.variable}`));
        if (!known && !this.input.initialised.has(effect.variable))
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
        const index = this.holdings.findIndex((h) => mine(h) && releases(effect.release, h.held));
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
        const [holding] = this.holdings.splice(index, 1);
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
        const again = this.holdings.some(
          (h) => h.slot === where.slot && rangeKey(h.held.site) === rangeKey(effect.held.site),
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
        this.holdings.push({ ...where, held: effect.held });
        return;
      }
      case 'set':
      case 'clear': {
        const id = `${where.slot}|${effect.variable}`;
        if (effect.op === 'set') this.setVariables.add(id);
        else this.setVariables.delete(id);
        return;
      }
      case 'change':
        // Only the patch side sets up what a counterpart (or a replacing patch) must undo.
        if (where.runner !== 'pre_patch' && where.runner !== 'post_patch') return;
        this.changes.push({
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

  /** After each action: a patch gone for good (module unloaded, targets gone) still holding; a replaced patch's changes. */
  private checkGone(actionIndex: number): void {
    const installed = new Set(this.state.patches.map((p) => p.name));
    for (const name of this.everLoaded) {
      if (installed.has(name)) continue;
      const replacer = this.state.patches.find((p) => p.replace && p.name !== name);
      if (replacer) this.replaced.add(name);
      const gone = !this.state.livepatchModules.has(name) && this.state.targets.size === 0;
      if (gone && !this.replaced.has(name)) this.leftBehind(name, actionIndex);
      if (!replacer) continue;
      const takesOver = callbackFunctions(replacer.module).some((fn) => this.input.effects.of(fn).takesOver);
      if (takesOver) continue;
      for (const change of this.changes.filter((c) => c.patch === name && c.system))
        this.violations.push({
          invariant: 'replaced-state',
          ...change,
          replacer: replacer.name,
          site: change.range,
        });
    }
  }

  /** What a patch gone for good still holds, and the changes its counterparts never undid. */
  private leftBehind(name: string, actionIndex: number): void {
    const own = (slot: string) => slot.startsWith(`${name}|`);
    for (const holding of this.holdings.filter((h) => own(h.slot))) {
      const { slot, runner, function: fn } = holding;
      this.violations.push({
        invariant: 'held-at-end',
        patch: name,
        slot,
        runner,
        function: fn,
        event: actionIndex,
        holder: holding,
        site: holding.held.site,
      });
    }
    for (const change of this.changes.filter((c) => own(c.slot))) {
      this.violations.push({
        invariant: 'held-at-end',
        ...change,
        event: actionIndex,
        change,
        site: change.range,
      });
    }
  }

  key(): string {
    const kernel = kernelKey(this.state);
    const held = this.holdings.map((h) => `${h.slot}#${h.runner}#${rangeKey(h.held.site)}`).sort();
    const changed = this.changes.map((c) => `${c.slot}#${rangeKey(c.range)}`).sort();
    return JSON.stringify([
      kernel,
      held,
      changed,
      [...this.setVariables].sort(),
      [...this.everLoaded].sort(),
    ]);
  }
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
