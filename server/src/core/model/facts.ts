// Plain-data facts extracted from one top-level declaration; cached per declaration and composed into the model.
import type { ExtractionProblem, FunctionModel, Range } from './types';

/** One step of an lvalue/rvalue path: `.field`, `->field` or `[index]`. */
export type Step = { field: string; arrow: boolean } | { index: string };

/** `&patch.objs[1]`, `obj->callbacks`, `cbs`: a base identifier followed by steps. */
export interface ExprChain {
  addressOf: boolean;
  base: string;
  steps: Step[];
}

export type Designator = { field: string } | { index: string };

export interface InitList {
  kind: 'list';
  range: Range;
  items: InitItem[];
  /** Set when a template marker (`@@OBJS@@`) stands for elements a generator writes: the end is unknown. */
  generated?: true;
}

export interface InitExpr {
  kind: 'expr';
  range: Range;
  text: string;
  chain: ExprChain | null;
}

export type InitValue = InitList | InitExpr;

export interface InitItem {
  /** Empty for a positional item. */
  designators: Designator[];
  value: InitValue;
  /** The whole `.field = value` (or just the value when positional). */
  range: Range;
}

export const KLP_STRUCTS = ['klp_patch', 'klp_object', 'klp_callbacks', 'klp_func', 'klp_state'] as const;
export type KlpStruct = (typeof KLP_STRUCTS)[number];

/** A variable of a livepatch struct type (or a pointer to one), global or local to a function. */
export interface KlpVariable {
  type: KlpStruct;
  name: string;
  shape: 'value' | 'array' | 'pointer';
  /** The declared array size when it is a number literal. */
  arraySize: number | null;
  range: Range;
  nameRange: Range;
  init: InitValue | null;
  /** The enclosing function for locals; null at file scope. */
  scope: string | null;
}

/** `left = right` inside a function body, kept when both sides read as paths or the right is any value. */
export interface AssignmentFact {
  scope: string | null;
  left: ExprChain;
  right: InitExpr;
  range: Range;
  /**
   * For `X->callbacks...` / `X.callbacks...`: the struct or typedef name X is declared as in its
   * function (parameter, local, cast, container_of); absent when the function does not show it.
   */
  receiverType?: string;
}

export interface MacroUse {
  macro: string;
  argument: string;
  range: Range;
}

export interface EnableCall {
  scope: string | null;
  argument: ExprChain | null;
  range: Range;
}

export interface DefineFact {
  name: string;
  value: string;
}

export interface UnitFacts {
  functions: FunctionModel[];
  variables: KlpVariable[];
  assignments: AssignmentFact[];
  /** Local pointers advanced with `++`/`+=`: they walk an array, so they stand for every element. */
  steppedPointers: { scope: string | null; name: string }[];
  callbackMacros: MacroUse[];
  moduleHooks: MacroUse[];
  enableCalls: EnableCall[];
  defines: DefineFact[];
  /** File-scope declarations of this unit with their type name (for receivers declared globally). */
  globalTypes: { name: string; type: string }[];
  problems: ExtractionProblem[];
}

export function emptyFacts(): UnitFacts {
  return {
    functions: [],
    variables: [],
    assignments: [],
    steppedPointers: [],
    callbackMacros: [],
    moduleHooks: [],
    enableCalls: [],
    defines: [],
    globalTypes: [],
    problems: [],
  };
}
