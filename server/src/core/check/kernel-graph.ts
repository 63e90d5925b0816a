// The kernel states one exploration meets, each stepped once per action: equal states share one frozen copy and its steps.
import type { TraceEvent } from '../lifecycle/events';
import type { ScenarioAction } from '../lifecycle/scenario';
import { applyAction } from '../lifecycle/simulate';
import type { KernelState } from '../lifecycle/state';
import { cloneKernel } from './clone';
import { kernelKey } from './kernel-key';

/** One action applied to one kernel state. */
export interface KernelStep {
  /** The state after the action (shared by every scenario that reaches it: never mutated). */
  to: KernelNode;
  /** What the action caused, its echo first: the events a fresh copy of the state records for it. */
  events: readonly TraceEvent[];
}

/** A kernel state of the exploration and the steps out of it computed so far, by letter. */
export class KernelNode {
  readonly steps: (KernelStep | undefined)[] = [];

  constructor(
    /** Never mutated once it is a node: a step applies the action to a copy. */
    readonly state: KernelState,
    /** Its number in the graph: equal for states kernelKey does not tell apart. */
    readonly kernelClass: number,
  ) {}
}

/**
 * Many scenarios reach the same kernel state with different resources held: the simulator runs once per
 * kernel state and action, not once per scenario. States are merged when kernelKey, which the explorer
 * memoises on, finds them equal: it holds everything that decides what later actions do and print (the
 * patches on klp_patches with their objects, the loaded modules, the transition, stalling, injected
 * failures), which kernel-graph.test.ts checks on every state the fixtures' explorations meet.
 */
export class KernelGraph {
  private readonly nodes = new Map<string, KernelNode>();

  /** The node of `state`, which from now on must not be mutated. */
  nodeOf(state: KernelState): KernelNode {
    const key = kernelKey(state);
    let node = this.nodes.get(key);
    if (!node) this.nodes.set(key, (node = new KernelNode(state, this.nodes.size)));
    return node;
  }

  /** `action` (the alphabet's letter number `letter`) applied to `node`'s state, computed the first time only. */
  step(node: KernelNode, letter: number, action: ScenarioAction): KernelStep {
    let step = node.steps[letter];
    if (!step) {
      const copy = cloneKernel(node.state);
      applyAction(copy, action);
      step = { to: this.nodeOf(copy), events: copy.events };
      node.steps[letter] = step;
    }
    return step;
  }

  /** Distinct kernel states met (for tests and the bench). */
  get size(): number {
    return this.nodes.size;
  }
}
