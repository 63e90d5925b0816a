// The function-body facts: a small statement tree (calls, writes, branches, returns, gotos) per function.
import type { Range } from '../model/types';
import type { FirstUse } from './pointer-uses';

/** How a branch condition tests a value: `x`, `!x` / `x == NULL`, `x < 0`, `IS_ERR(x)`. */
export type Sense = 'truthy' | 'falsy' | 'negative' | 'is_err';

export interface Fact {
  subject: string;
  sense: Sense;
}

/** What is known inside one arm of a branch. */
export interface ArmFacts {
  facts: Fact[];
  /** Subjects that may or may not have failed in this arm (e.g. either side of a `||`). */
  maybe: string[];
}

export interface CallStep {
  kind: 'call';
  callee: string;
  /** Normalised argument texts (no `&`, casts, outer parentheses or spaces). */
  args: string[];
  /** The variable the result is stored in, or a synthetic `$cond@line:col` when tested directly. */
  result: string | null;
  range: Range;
  /** Identifiers in the conditions of the branches that enclose this call. */
  guards: string[];
}

export interface WriteStep {
  kind: 'write';
  /** Normalised target of an assignment to something that outlives the function. */
  target: string;
  /** The assigned value when it is a plain variable (to follow `global = local`). */
  value: string | null;
  range: Range;
  /** The writing callee when the write is a call (`strscpy(saved, …)`, table in writing-callees.ts). */
  via?: string;
  /** What a copying callee copied from (`utsname()->release` for `strscpy(saved, utsname()->release, …)`). */
  copiedFrom?: string;
  /** The assigned value is NULL (`p = NULL`): nothing is set up by it. */
  clears?: boolean;
}

/** An assignment to one of the function's own variables; `ret = -ENOMEM` makes `return ret` an error. */
export interface AssignStep {
  kind: 'assign';
  target: string;
  errorValue: boolean;
}

export interface BranchStep {
  kind: 'branch';
  then: Step[];
  else: Step[];
  thenFacts: ArmFacts;
  elseFacts: ArmFacts;
  range: Range;
}

export interface LoopStep {
  kind: 'loop';
  body: Step[];
}

export interface SwitchStep {
  kind: 'switch';
  cases: Step[][];
}

export interface ReturnStep {
  kind: 'return';
  value: string | null;
  range: Range;
}

export interface JumpStep {
  kind: 'goto' | 'label';
  label: string;
  range: Range;
}

export interface BreakStep {
  kind: 'break' | 'continue';
}

export type Step =
  CallStep | WriteStep | AssignStep | BranchStep | LoopStep | SwitchStep | ReturnStep | JumpStep | BreakStep;

export type VarKind = 'status' | 'pointer' | 'other';

/** A `klp_shadow_alloc`-style result used before it is checked for NULL. */
export interface UncheckedShadowUse {
  callee: string;
  allocRange: Range;
  useRange: Range;
  /** The dereferencing callee (`strcpy(p, …)`) when the use is not a plain `p->x` / `*p`. */
  via?: string;
  /** The pointer is first handed to this call: a use only if that (same-file) function dereferences it. */
  handoff?: { callee: string; argIndex: number };
}

export interface ParameterIr {
  /** The type with the declarator's stars: `struct klp_object *`; `void` for `(void)`. */
  type: string;
  name: string | null;
}

export interface FunctionIr {
  name: string;
  /** As written, with stars from the declarator: `int`, `void`, `struct foo *`. */
  returnType: string;
  parameters: ParameterIr[];
  range: Range;
  nameRange: Range;
  returnKind: 'void' | VarKind;
  locals: Record<string, VarKind>;
  params: string[];
  body: Step[];
  uncheckedShadowUses: UncheckedShadowUse[];
  /** How each parameter and global is first mentioned: dereferenced, handed on, or only read. */
  firstUses: FirstUse[];
}
