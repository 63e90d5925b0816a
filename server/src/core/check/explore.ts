// Bounded breadth-first exploration of scenarios, memoised on kernel plus resource state: first violation found is shortest.
import type { TraceEvent } from '../lifecycle/events';
import { parseScenario } from '../lifecycle/scenario';
import { KernelGraph, type KernelNode } from './kernel-graph';
import { replay, Replay, type ReplayInput } from './replay';
import { violationId, type Violation } from './violations';

export interface ExploreBounds {
  /** Most actions in one scenario. */
  depth: number;
  /** Most distinct states visited (a safety net for files with many objects). */
  states: number;
}

export const DEFAULT_BOUNDS: ExploreBounds = { depth: 6, states: 1500 };

export interface Counterexample {
  /** The `.klpscenario` text: replayed with `trace` it gives exactly `events`. */
  scenario: string;
  events: TraceEvent[];
  /** Indices into `events` of the events that show the violation. */
  highlight: number[];
  /** Which violation it shows (see violationId). */
  violation: string;
  /**
   * Set when the scenario runs the module as built without this preprocessor condition (its
   * registrations left out): `trace --without-condition <it>` replays it.
   */
  withoutCondition?: string;
}

export interface FoundViolation {
  violation: Violation;
  counterexample: Counterexample;
}

export interface Exploration {
  found: Map<string, FoundViolation>;
  /** States visited and scenarios replayed, for the bench. */
  states: number;
  replays: number;
}

/**
 * `input` is what the search runs on (it may leave out objects the alphabet cannot reach);
 * `recordInput` is the whole file, which a scenario is replayed on before it becomes a counterexample,
 * so that `trace` shows exactly its events (a violation only the reduced search shows is dropped).
 *
 * Breadth first over the alphabet's lines: every scenario of length n is tried before any of n+1,
 * and a state (abstract kernel state plus resources) reached before is not expanded again, so the
 * first scenario showing a violation is a shortest one.
 */
export function explore(
  input: ReplayInput,
  alphabet: readonly string[],
  bounds = DEFAULT_BOUNDS,
  recordInput: ReplayInput = input,
): Exploration {
  const steps = exploreInSlices(input, alphabet, bounds, recordInput);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `explore`, pausing after each expanded state: a caller off the keystroke path (the language
 * server) runs one slice at a time and answers requests in between.
 */
export function* exploreInSlices(
  input: ReplayInput,
  alphabet: readonly string[],
  bounds = DEFAULT_BOUNDS,
  recordInput: ReplayInput = input,
): Generator<void, Exploration> {
  const letters = alphabet.flatMap((line) => {
    const parsed = parseScenario(line);
    return parsed.errors.length === 0 && parsed.actions.length === 1
      ? [{ line, action: parsed.actions[0] }]
      : [];
  });
  const found = new Map<string, FoundViolation>();
  const start = Replay.start(input);
  const kernels = new KernelGraph();
  const root = kernels.nodeOf(start.state);
  const visited = new VisitedStates();
  visited.add(root, start);
  let frontier: Frontier[] = [{ lines: [], run: start, node: root }];
  let replays = 1;
  for (let depth = 1; depth <= bounds.depth && frontier.length > 0; depth++) {
    const next: Frontier[] = [];
    for (const { lines, run, node } of frontier) {
      for (let index = 0; index < letters.length; index++) {
        if (visited.size >= bounds.states) return { found, states: visited.size, replays };
        const letter = letters[index];
        const step = kernels.step(node, index, letter.action);
        replays++;
        if (step.idle) {
          // The copy would be this state again (already visited), finding only what its checks found.
          if (run.idleViolations().some((v) => !found.has(violationId(v))))
            recordFull(recordInput, [...lines, letter.line], found);
          continue;
        }
        const child = run.extend(node, step, letter.action);
        if (child.violations.some((v) => !found.has(violationId(v))))
          recordFull(recordInput, [...lines, letter.line], found);
        child.violations = [];
        if (!visited.add(step.to, child)) continue;
        next.push({ lines: [...lines, letter.line], run: child, node: step.to });
      }
      yield;
    }
    frontier = next;
  }
  return { found, states: visited.size, replays };
}

/**
 * The states reached: the abstract kernel state (its node in the graph) and the resources' key. The
 * resources' key string is shared by the scenarios that ran no callback, so it is hashed once.
 */
class VisitedStates {
  private readonly byKernel: Set<string>[] = [];
  size = 0;

  /** Adds the state; false when it was there already. */
  add(node: KernelNode, run: Replay): boolean {
    const resources = (this.byKernel[node.kernelClass] ??= new Set());
    const key = run.resourceKey();
    if (resources.has(key)) return false;
    resources.add(key);
    this.size++;
    return true;
  }
}

/** A scenario to extend: its lines, its replay so far and its kernel state in the graph. */
interface Frontier {
  lines: string[];
  run: Replay;
  node: KernelNode;
}

/** Replays the scenario from the start: its own events, with the indices the violations point at. */
function recordFull(input: ReplayInput, scenario: string[], found: Map<string, FoundViolation>): void {
  const full = replay(input, parseScenario(scenario.join('\n')).actions);
  for (const violation of full.violations) {
    const id = violationId(violation);
    if (!found.has(id))
      found.set(id, { violation, counterexample: counterexampleOf(scenario, full.events, violation) });
  }
}

export function counterexampleOf(
  lines: string[],
  events: TraceEvent[],
  violation: Violation,
): Counterexample {
  const highlight = [violation.holder?.event, violation.change?.event, violation.event].filter(
    (index): index is number => index !== undefined && index >= 0,
  );
  return {
    scenario: `${lines.join('\n')}\n`,
    events,
    highlight: [...new Set(highlight)].sort((a, b) => a - b),
    violation: violationId(violation),
  };
}
