// The first use of a pointer in a function body: a dereference, a hand-off to a callee, or a test.
import type { Node } from 'web-tree-sitter';
import type { Range } from '../model/types';
import { nodeRange } from '../text';
import { dereferencesArgument } from './dereferencing-callees';
import { calleeName, mentionedIdentifiers, operatorOf } from './expressions';

/**
 * How a pointer is first used: dereferenced (`p->x`, `*p`, `p[i]`, `p()`, or given to a callee
 * that dereferences that argument, such as strcpy or list_add), or handed to another function
 * whose body decides (a same-file helper may dereference its parameter).
 */
export type PointerUse =
  | { kind: 'deref'; range: Range; via?: string }
  | { kind: 'handoff'; callee: string; argIndex: number; range: Range };

/** A first mention that neither dereferences nor hands the pointer on (a test, a store, a return). */
export interface PlainMention {
  kind: 'read';
  range: Range;
}

export interface FirstUse {
  name: string;
  use: PointerUse | PlainMention;
  /** Identifiers tested by conditions that start before the use (`if (!ready) return;`, `if (p)`). */
  guards: string[];
}

const WRAPPERS = new Set(['parenthesized_expression', 'cast_expression']);
/** Operands that are never evaluated: `sizeof(*p)` reads nothing. */
const UNEVALUATED = new Set(['sizeof_expression', 'alignof_expression', 'offsetof_expression']);
const UNEVALUATED_CALLS = new Set(['ARRAY_SIZE', 'sizeof_field', 'typeof', '__typeof__']);

/**
 * What one mention of a pointer does with it; null for anything that decides nothing about a
 * NULL pointer (a test, an assignment to it, a return, taking its address, a plain read).
 */
export function classifyMention(mention: Node): PointerUse | null {
  let child = mention;
  let parent = mention.parent;
  while (parent && WRAPPERS.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return null;
  if (isDereference(parent, child)) return { kind: 'deref', range: nodeRange(parent) };
  if (parent.type === 'call_expression' && parent.childForFieldName('function')?.equals(child)) {
    return { kind: 'deref', range: nodeRange(parent), via: 'call' };
  }
  if (parent.type !== 'argument_list') return null;
  const call = parent.parent;
  const callee = call && calleeName(call);
  if (!call || !callee) return null;
  const argIndex = parent.namedChildren.filter((n) => n.type !== 'comment').findIndex((n) => n.equals(child));
  if (argIndex < 0) return null;
  if (dereferencesArgument(callee, argIndex)) return { kind: 'deref', range: nodeRange(call), via: callee };
  return { kind: 'handoff', callee, argIndex, range: nodeRange(call) };
}

/** `x->f`, `*x` or `x[i]` with `x` being `child`. */
export function isDereference(parent: Node, child: Node): boolean {
  const argument = parent.childForFieldName('argument');
  if (!argument || !argument.equals(child)) return false;
  if (parent.type === 'field_expression') return operatorOf(parent) === '->';
  if (parent.type === 'pointer_expression') return operatorOf(parent) === '*';
  return parent.type === 'subscript_expression';
}

/** Whether a mention sits where nothing is evaluated (`sizeof(*p)`, `ARRAY_SIZE(p->a)`). */
function unevaluated(mention: Node, body: Node): boolean {
  for (let node = mention.parent; node && !node.equals(body); node = node.parent) {
    if (UNEVALUATED.has(node.type)) return true;
    if (node.type === 'call_expression' && UNEVALUATED_CALLS.has(calleeName(node) ?? '')) return true;
  }
  return false;
}

/** The evaluated mentions of identifiers in a body, in source order. */
function mentions(body: Node): Node[] {
  return body.descendantsOfType('identifier').filter((identifier) => !unevaluated(identifier, body));
}

/**
 * The first mention of `variable` after byte `after` decides: a use (dereference or hand-off), or
 * null when it is tested, reassigned, returned or otherwise read first.
 */
export function firstUseAfter(body: Node, variable: string, after: number): PointerUse | null {
  const mention = mentions(body).find((m) => m.text === variable && m.startIndex >= after);
  return mention ? classifyMention(mention) : null;
}

/** Macro constants (`GFP_KERNEL`, `SV_ID`) are never pointers worth following. */
const CONSTANT = /^[A-Z][A-Z0-9_]*$/;

/**
 * The first mention of every name that is not one of the function's own locals: its parameters
 * and the globals it reaches. Helpers called before that mention are the caller's to weigh.
 */
export function firstUsesOfNonLocals(body: Node, locals: ReadonlySet<string>): FirstUse[] {
  const decided = new Set<string>();
  const uses: FirstUse[] = [];
  const conditions = conditionsIn(body);
  for (const mention of mentions(body)) {
    const name = mention.text;
    if (decided.has(name) || locals.has(name) || CONSTANT.test(name)) continue;
    decided.add(name);
    const use = classifyMention(mention) ?? { kind: 'read', range: nodeRange(mention) };
    const guards = conditions
      .filter((condition) => condition.start < mention.startIndex)
      .flatMap((condition) => condition.names);
    uses.push({ name, use, guards: [...new Set(guards)] });
  }
  return uses;
}

/** Every tested expression in a body (if/loop/switch conditions, `?:`, the left side of && and ||). */
function conditionsIn(body: Node): { start: number; names: string[] }[] {
  const found: { start: number; names: string[] }[] = [];
  const add = (node: Node | null) => {
    if (node) found.push({ start: node.startIndex, names: mentionedIdentifiers(node) });
  };
  const visit = (node: Node) => {
    if (/^(if|while|do|for|switch)_statement$/.test(node.type) || node.type === 'conditional_expression') {
      add(node.childForFieldName('condition'));
    } else if (node.type === 'binary_expression' && /^(&&|\|\|)$/.test(operatorOf(node) ?? '')) {
      add(node.childForFieldName('left'));
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(body);
  return found;
}
