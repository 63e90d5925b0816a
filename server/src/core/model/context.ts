// What composition knows about a whole file: variables, defines, assignments, conditions, built objects.
import { appendAll } from '../append';
import type { AssignmentFact, EnableCall, ExprChain, KlpVariable, Step, UnitFacts } from './facts';
import type { ExtractionProblem, ObjectModel, Range } from './types';

export class ModelContext {
  private readonly globals = new Map<string, KlpVariable>();
  private readonly locals = new Map<string, KlpVariable>();
  readonly defines = new Map<string, string>();
  readonly assignments: AssignmentFact[] = [];
  readonly enableCalls: EnableCall[] = [];
  /** Each patch variable's objects-array key prefix (`objs`, or `patch.objs` for an inline array). */
  readonly objsOf = new Map<string, string>();
  private readonly stepped = new Set<string>();
  /** File-scope names with the struct or typedef name they are declared as (any type, not only klp ones). */
  private readonly globalTypes = new Map<string, string>();
  readonly problems: ExtractionProblem[] = [];
  /** Objects built so far, by `objs[1]`, `patch.objs[0]` or the object variable's name. */
  readonly objects = new Map<string, ObjectModel[]>();

  constructor(
    units: readonly UnitFacts[],
    private readonly lineConditions: readonly (string | undefined)[],
  ) {
    for (const unit of units) {
      for (const variable of unit.variables) {
        const map = variable.scope === null ? this.globals : this.locals;
        const key = scopedKey(variable.scope, variable.name);
        // A second definition (an #else branch) keeps the first: it is the one the lint sees first.
        // But a declaration without initializer (`static struct klp_patch patch;` ahead of the
        // callbacks that need &patch) is completed by the definition that follows it.
        const existing = map.get(key);
        if (!existing || (existing.init === null && variable.init !== null)) map.set(key, variable);
      }
      for (const define of unit.defines)
        if (!this.defines.has(define.name)) this.defines.set(define.name, define.value);
      appendAll(this.assignments, unit.assignments);
      appendAll(this.enableCalls, unit.enableCalls);
      for (const pointer of unit.steppedPointers) this.stepped.add(scopedKey(pointer.scope, pointer.name));
      for (const { name, type } of unit.globalTypes)
        if (!this.globalTypes.has(name)) this.globalTypes.set(name, type);
    }
  }

  variable(name: string, scope: string | null): KlpVariable | undefined {
    return (
      (scope !== null ? this.locals.get(scopedKey(scope, name)) : undefined) ??
      this.globals.get(scopedKey(null, name))
    );
  }

  /** The type name a file-scope declaration gives `name`, whatever the type. */
  globalType(name: string): string | undefined {
    return this.globalTypes.get(name);
  }

  globalVariables(): KlpVariable[] {
    return [...this.globals.values()];
  }

  isStepped(scope: string | null, name: string): boolean {
    return this.stepped.has(scopedKey(scope, name));
  }

  conditionAt(range: Range): string | undefined {
    return this.lineConditions[range.start.line];
  }

  /** Expands a macro name to its value, following a few levels of `#define A B`. */
  expand(text: string): string {
    let current = text.trim();
    for (let depth = 0; depth < 5; depth++) {
      const value = this.defines.get(current);
      if (value === undefined) break;
      current = value
        .trim()
        .replace(/^\((.*)\)$/, '$1')
        .trim();
    }
    return current;
  }

  registerObject(key: string, object: ObjectModel): void {
    const list = this.objects.get(key) ?? [];
    if (!list.includes(object)) list.push(object);
    this.objects.set(key, list);
  }

  /** Objects for a key; `name[?]` means every element of the array `name`. */
  objectsFor(key: string): ObjectModel[] {
    if (!key.endsWith('[?]')) return this.objects.get(key) ?? [];
    const prefix = key.slice(0, -2);
    const found = new Set<ObjectModel>();
    for (const [candidate, list] of this.objects)
      if (candidate.startsWith(prefix)) list.forEach((o) => found.add(o));
    return [...found];
  }

  /** The last `name = value;` in `scope` for a local pointer (its binding when not initialised). */
  pointerAssignment(scope: string | null, name: string): ExprChain | null {
    const found = this.assignments.filter(
      (a) => a.scope === scope && a.left.base === name && a.left.steps.length === 0 && a.right.chain,
    );
    return found.length > 0 ? (found[found.length - 1].right.chain ?? null) : null;
  }
}

export function scopedKey(scope: string | null, name: string): string {
  return `${scope ?? ''}\u0000${name}`;
}

export function indexKey(step: Step | undefined): string | null {
  if (!step || !('index' in step)) return null;
  return /^\d+$/.test(step.index.trim()) ? String(Number(step.index.trim())) : '?';
}
