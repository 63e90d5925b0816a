// The kernel states one exploration meets, each stepped once per action: equal states share one frozen copy and its steps.
import type { TraceEvent } from '../lifecycle/events';
import type { ScenarioAction } from '../lifecycle/scenario';
import { applyAction } from '../lifecycle/simulate';
import type { KernelState } from '../lifecycle/state';
import { cloneKernel } from './clone';
import { kernelHash, sameKernelState } from './kernel-key';

/** One action applied to one kernel state. */
export interface KernelStep {
  /** The state after the action (shared by every scenario that reaches it: never mutated). */
  to: KernelNode;
  /** What the action caused, its echo first: the events a fresh copy of the state records for it. */
  events: readonly TraceEvent[];
  /** The action left the kernel state as it was (`to` is where it started) and ran no callback. */
  idle: boolean;
}

/** A kernel state of the exploration and the steps out of it computed so far, by letter. */
export class KernelNode {
  readonly steps: (KernelStep | undefined)[] = [];

  constructor(
    /** Never mutated once it is a node: a step applies the action to a copy. */
    readonly state: KernelState,
    /** Its number in the graph: the explorer's visited states are keyed by it and the resources. */
    readonly kernelClass: number,
  ) {}
}

/**
 * Many scenarios reach the same kernel state with different resources held: the simulator runs once per
 * kernel state and action, not once per scenario. States are merged when `sameKernelState` finds them
 * equal, which is the abstract state the explorer memoises on: everything that decides what later
 * actions do and print.
 */
export class KernelGraph {
  private readonly nodes = new Map<number, KernelNode[]>();
  private readonly names = new Map<string, number>();
  private count = 0;
  private readonly nameId = (name: string): number => {
    let id = this.names.get(name);
    if (id === undefined) this.names.set(name, (id = this.names.size));
    return id;
  };

  /** The node of `state`, which from now on must not be mutated. */
  nodeOf(state: KernelState): KernelNode {
    const hash = kernelHash(state, this.nameId);
    let alike = this.nodes.get(hash);
    if (!alike) this.nodes.set(hash, (alike = []));
    for (const node of alike) if (sameKernelState(node.state, state)) return node;
    const node = new KernelNode(state, this.count++);
    alike.push(node);
    return node;
  }

  /** `action` (the alphabet's letter number `letter`) applied to `node`'s state, computed the first time only. */
  step(node: KernelNode, letter: number, action: ScenarioAction): KernelStep {
    let step = node.steps[letter];
    if (!step) {
      const copy = cloneKernel(node.state);
      applyAction(copy, action);
      const to = sameKernelState(copy, node.state) ? node : this.nodeOf(copy);
      const idle = to === node && !copy.events.some((event) => event.type === 'callback');
      step = { to, events: copy.events, idle };
      node.steps[letter] = step;
    }
    return step;
  }

  /** Distinct kernel states met (for tests and the bench). */
  get size(): number {
    return this.count;
  }
}
