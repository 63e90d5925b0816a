// The flow facts of one file: every function's statement tree (cached) and summaries that follow helpers.
import type { Node } from 'web-tree-sitter';
import type { Range } from '../model/types';
import { sharedFunctionIrCache, type FunctionIrCache } from './cache';
import type { CallStep, FunctionIr, Step, WriteStep } from './ir';
import { interpret, type CallObserver, type FunctionSummary } from './interpret';
import { appendAll } from '../append';
import { childrenThroughBlocks } from '../parse/tree-walk';
import { functionDeclarator } from './build-ir';
import { mapUnit, type SyntaxUnit } from './syntax-units';
import { noteInternalError } from '../internal-errors';

/** How deep calls into same-file helpers are followed. */
export const MAX_HELPER_DEPTH = 4;

/** A call or write reached from a function, directly or through helpers. */
export interface Reached<T> {
  step: T;
  /** The call in the root function that leads to `step` (the step itself when direct). */
  site: Range;
  inFunction: string;
}

const PREPROCESSOR_BLOCKS = new Set([
  'preproc_if',
  'preproc_ifdef',
  'preproc_else',
  'preproc_elif',
  'preproc_elifdef',
  'linkage_specification',
  'declaration_list',
]);

export class FileFlow {
  /** Built on first use: only the functions callbacks, init/exit and their helpers reach pay for a statement tree. */
  readonly functions: FunctionTable;
  private readonly summaries = new Map<string, FunctionSummary>();
  private readonly inProgress: string[] = [];

  constructor(units: readonly SyntaxUnit[], cache: FunctionIrCache = sharedFunctionIrCache) {
    const definitions: Definition[] = [];
    for (const unit of units) {
      for (const child of childrenThroughBlocks(unit.root, (type) => PREPROCESSOR_BLOCKS.has(type))) {
        if (child.type !== 'function_definition') continue;
        const name = definedName(child);
        if (name !== null) definitions.push({ unit, node: child, name });
      }
    }
    this.functions = new FunctionTable(definitions, cache);
  }

  /** The path-by-path summary of a function, following same-file helpers (bounded, cycle-safe). */
  summary(name: string): FunctionSummary | undefined {
    const cached = this.summaries.get(name);
    if (cached) return cached;
    const ir = this.functions.get(name);
    if (!ir || this.inProgress.includes(name) || this.inProgress.length > MAX_HELPER_DEPTH) return undefined;
    this.inProgress.push(name);
    try {
      const result = interpret(ir, {
        defines: (callee) => this.functions.has(callee),
        summaryOf: (callee) => this.summary(callee),
      });
      this.summaries.set(name, result);
      return result;
    } finally {
      this.inProgress.pop();
    }
  }

  /** Walks a function path by path, showing each of its calls with what the path holds before it. */
  observeCalls(name: string, observe: CallObserver): void {
    const ir = this.functions.get(name);
    if (!ir) return;
    interpret(
      ir,
      { defines: (callee) => this.functions.has(callee), summaryOf: (callee) => this.summary(callee) },
      observe,
    );
  }

  /** Every call made by a function or by the same-file helpers it calls. */
  reachableCalls(name: string): Reached<CallStep>[] {
    return this.reach(name, (step): step is CallStep => step.kind === 'call');
  }

  reachableWrites(name: string): Reached<WriteStep>[] {
    return this.reach(name, (step): step is WriteStep => step.kind === 'write');
  }

  private reach<T extends Step>(root: string, wanted: (step: Step) => step is T): Reached<T>[] {
    const found: Reached<T>[] = [];
    const visited = new Set<string>();
    const visit = (name: string, site: Range | null, depth: number) => {
      const ir = this.functions.get(name);
      if (!ir || visited.has(name) || depth > MAX_HELPER_DEPTH) return;
      visited.add(name);
      for (const step of flatten(ir.body)) {
        if (wanted(step)) found.push({ step, site: site ?? rangeOf(step), inFunction: name });
        if (step.kind === 'call') visit(step.callee, site ?? step.range, depth + 1);
      }
    };
    visit(root, null, 0);
    return found;
  }
}

function rangeOf(step: Step): Range {
  return 'range' in step ? step.range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Every step of a statement tree in source order. */
export function flatten(steps: readonly Step[]): Step[] {
  const all: Step[] = [];
  for (const step of steps) {
    all.push(step);
    if (step.kind === 'branch') {
      appendAll(all, flatten(step.then));
      appendAll(all, flatten(step.else));
    } else if (step.kind === 'loop') appendAll(all, flatten(step.body));
    else if (step.kind === 'switch') for (const body of step.cases) appendAll(all, flatten(body));
  }
  return all;
}

interface Definition {
  unit: SyntaxUnit;
  node: Node;
  name: string;
}

/** The name buildFunctionIr gives a definition (it builds none for any other shape). */
function definedName(definition: Node): string | null {
  const name = functionDeclarator(definition)?.childForFieldName('declarator');
  return name?.type === 'identifier' ? name.text : null;
}

/**
 * A file's functions by name, each statement tree built when first asked for. It answers as a map
 * filled eagerly in document order would: with #ifdef/#else variants of one function, the first
 * whose tree could be built stands for it, and iteration follows those definitions' order.
 */
export class FunctionTable {
  private readonly byName = new Map<string, Definition[]>();
  private readonly built = new Map<string, FunctionIr | null>();

  constructor(
    private readonly definitions: readonly Definition[],
    private readonly cache: FunctionIrCache,
  ) {
    for (const definition of definitions) {
      const list = this.byName.get(definition.name);
      if (list) list.push(definition);
      else this.byName.set(definition.name, [definition]);
    }
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get(name: string): FunctionIr | undefined {
    if (!this.built.has(name)) {
      let ir: FunctionIr | null = null;
      for (const definition of this.byName.get(name) ?? []) {
        ir = this.irOf(definition);
        if (ir) break;
      }
      this.built.set(name, ir);
    }
    return this.built.get(name) ?? undefined;
  }

  *values(): IterableIterator<FunctionIr> {
    for (const definition of this.definitions) {
      const ir = this.get(definition.name);
      // The definition that stands for the name is where the name comes in order.
      if (ir && this.standsFor(definition, ir)) yield ir;
    }
  }

  *keys(): IterableIterator<string> {
    for (const ir of this.values()) yield ir.name;
  }

  private readonly standing = new Map<string, Definition>();

  private standsFor(definition: Definition, ir: FunctionIr): boolean {
    const known = this.standing.get(ir.name);
    if (known) return known === definition;
    // The first definition of the name whose tree builds (get() found the same one).
    for (const candidate of this.byName.get(ir.name) ?? []) {
      if (this.irOf(candidate)) {
        this.standing.set(ir.name, candidate);
        return candidate === definition;
      }
    }
    return false;
  }

  private readonly perDefinition = new Map<Node, FunctionIr | null>();

  private irOf(definition: Definition): FunctionIr | null {
    let ir = this.perDefinition.get(definition.node);
    if (ir === undefined) {
      const cached = safely(() => this.cache.get(definition.node));
      ir = cached && mapUnit(definition.unit, cached);
      this.perDefinition.set(definition.node, ir);
    }
    return ir;
  }
}

/** A definition the builder trips over is left out rather than failing the whole file. */
function safely<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch (error) {
    noteInternalError('statement tree', error);
    return null;
  }
}
