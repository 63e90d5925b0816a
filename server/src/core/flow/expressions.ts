// Small helpers over C expression nodes: unwrapping, normalised text, the variable an lvalue is rooted in.
import type { Node } from 'web-tree-sitter';

/** Condition wrappers that do not change what is tested. */
const TRANSPARENT_CALLS = new Set(['likely', 'unlikely', 'WARN_ON', 'WARN_ON_ONCE', 'WARN', 'WARN_ONCE']);

/** Drops parentheses, casts and likely()/unlikely()/WARN_ON() around an expression. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (current.type === 'parenthesized_expression' && current.namedChildCount === 1) {
      current = current.namedChild(0) ?? current;
      continue;
    }
    if (current.type === 'cast_expression') {
      const value = current.childForFieldName('value');
      if (!value) return current;
      current = value;
      continue;
    }
    if (current.type === 'call_expression') {
      const callee = current.childForFieldName('function');
      const args = current.childForFieldName('arguments')?.namedChildren ?? [];
      if (callee?.type === 'identifier' && TRANSPARENT_CALLS.has(callee.text) && args.length >= 1) {
        current = args[0];
        continue;
      }
    }
    return current;
  }
}

/** The expression's text without `&`, casts, outer parentheses or whitespace: a comparable key. */
export function normalise(node: Node): string {
  let current = unwrap(node);
  while (current.type === 'pointer_expression' && current.childForFieldName('operator')?.type === '&') {
    const argument = current.childForFieldName('argument');
    if (!argument) break;
    current = unwrap(argument);
  }
  return current.text.replace(/\s+/g, '');
}

/** The variable an lvalue or key starts from: `a` for `a->b[i].c`, `&a.b` or `*a`. */
export function rootIdentifier(node: Node): string | null {
  let current: Node | null = unwrap(node);
  while (current) {
    switch (current.type) {
      case 'identifier':
        return current.text;
      case 'field_expression':
      case 'subscript_expression':
      case 'pointer_expression':
        current = current.childForFieldName('argument');
        break;
      case 'parenthesized_expression':
      case 'cast_expression':
        current = unwrap(current);
        if (current.type === 'parenthesized_expression' || current.type === 'cast_expression') return null;
        break;
      default:
        return null;
    }
  }
  return null;
}

/** Whether an lvalue writes through a pointer or a field rather than to the variable itself. */
export function writesThrough(node: Node): boolean {
  const current = unwrap(node);
  return current.type !== 'identifier';
}

export function operatorOf(node: Node): string | undefined {
  return node.childForFieldName('operator')?.type;
}

export function calleeName(call: Node): string | null {
  const callee = call.childForFieldName('function');
  return callee?.type === 'identifier' ? callee.text : null;
}

export function callArguments(call: Node): Node[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((n) => n.type !== 'comment') ?? [];
}

export function isNullLiteral(node: Node): boolean {
  const inner = unwrap(node);
  return (
    inner.type === 'null' || (inner.type === 'number_literal' && inner.text === '0') || inner.text === 'NULL'
  );
}

/** Every identifier mentioned in an expression (for "is this call guarded by a test of x"). */
export function mentionedIdentifiers(node: Node): string[] {
  const names = new Set<string>();
  const visit = (n: Node) => {
    if (n.type === 'identifier') names.add(n.text);
    for (const child of n.namedChildren) visit(child);
  };
  visit(node);
  return [...names];
}
