// The first use of a pointer in a function body: a dereference, a hand-off to a callee, or a test.
import type { Node } from 'web-tree-sitter';
import type { Range } from '../model/types';
import { nodeRange } from '../text';
import { dereferencesArgument } from './dereferencing-callees';
import { calleeName, operatorOf } from './expressions';

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

/** An identifier mentioned where it is evaluated, by its byte range in the file. */
interface Mention {
  name: string;
  start: number;
  end: number;
}

interface BodyScan {
  /** Evaluated mentions in source order (`sizeof(*p)` and `ARRAY_SIZE(p->a)` read nothing). */
  mentions: Mention[];
  /** The byte ranges of tested expressions: if/loop/switch conditions, `?:`, the left of && and ||. */
  conditions: { start: number; end: number }[];
  /** Calls by the start of the identifier they call: `f(…)` uses `f` by calling through it. */
  calls: Map<number, Node>;
}

/** One cursor walk over a body (a walk of Node objects costs several times more in wasm calls). */
function scan(body: Node): BodyScan {
  const found: BodyScan = { mentions: [], conditions: [], calls: new Map() };
  const cursor = body.walk();
  const testedPart = (node: Node): Node | null => {
    if (node.type !== 'binary_expression') return node.childForFieldName('condition');
    return /^(&&|\|\|)$/.test(operatorOf(node) ?? '') ? node.childForFieldName('left') : null;
  };
  /** Notes what the cursor's node says; false when its children are not to be visited. */
  const enter = (): boolean => {
    const type = cursor.nodeType;
    if (type === 'identifier') {
      found.mentions.push({ name: cursor.nodeText, start: cursor.startIndex, end: cursor.endIndex });
      return false;
    }
    if (UNEVALUATED.has(type)) return false;
    if (type === 'call_expression') {
      const call = cursor.currentNode;
      const callee = call.childForFieldName('function');
      if (callee?.type !== 'identifier') return true;
      if (UNEVALUATED_CALLS.has(callee.text)) return false;
      found.calls.set(callee.startIndex, call);
    } else if (TESTING.has(type) || type === 'binary_expression') {
      const tested = testedPart(cursor.currentNode);
      if (tested) found.conditions.push({ start: tested.startIndex, end: tested.endIndex });
    }
    return true;
  };
  try {
    // Depth-first, in source order, without recursion.
    for (;;) {
      if (enter() && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.currentDepth === 0) return found;
      }
    }
  } finally {
    cursor.delete();
  }
}

const TESTING = new Set([
  'if_statement',
  'while_statement',
  'do_statement',
  'for_statement',
  'switch_statement',
  'conditional_expression',
]);

function nodeOf(body: Node, mention: Mention): Node | null {
  const node = body.descendantForIndex(mention.start, mention.end);
  return node?.type === 'identifier' ? node : null;
}

/**
 * The first mention of `variable` after byte `after` decides: a use (dereference or hand-off), or
 * null when it is tested, reassigned, returned or otherwise read first.
 */
export function firstUseAfter(body: Node, variable: string, after: number): PointerUse | null {
  const mention = scan(body).mentions.find((m) => m.name === variable && m.start >= after);
  const node = mention && nodeOf(body, mention);
  return node ? classifyMention(node) : null;
}

/** A mention's use: calling through it (known from the scan, no node needed), or as classified. */
function firstUseAt(body: Node, mention: Mention, call: Node | undefined): FirstUse['use'] | null {
  if (call) return { kind: 'deref', range: nodeRange(call), via: 'call' };
  const node = nodeOf(body, mention);
  if (!node) return null;
  return classifyMention(node) ?? { kind: 'read', range: nodeRange(node) };
}

/** Macro constants (`GFP_KERNEL`, `SV_ID`) are never pointers worth following. */
const CONSTANT = /^[A-Z][A-Z0-9_]*$/;

/**
 * The first mention of every name that is not one of the function's own locals: its parameters
 * and the globals it reaches. Helpers called before that mention are the caller's to weigh.
 */
export function firstUsesOfNonLocals(body: Node, locals: ReadonlySet<string>): FirstUse[] {
  const { mentions, conditions, calls } = scan(body);
  const tested = conditions.map((c) => ({
    start: c.start,
    names: mentions.filter((m) => m.start >= c.start && m.end <= c.end).map((m) => m.name),
  }));
  const decided = new Set<string>();
  const uses: FirstUse[] = [];
  for (const mention of mentions) {
    const name = mention.name;
    if (decided.has(name) || locals.has(name) || CONSTANT.test(name)) continue;
    decided.add(name);
    const use = firstUseAt(body, mention, calls.get(mention.start));
    if (!use) continue;
    // Names tested by any condition that starts before the use.
    const guards = tested.filter((c) => c.start < mention.start).flatMap((c) => c.names);
    uses.push({ name, use, guards: [...new Set(guards)] });
  }
  return uses;
}
