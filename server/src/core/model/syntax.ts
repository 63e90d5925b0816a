// Reads tree-sitter expressions and initializer lists into plain data (paths, designators, values).
import type { Node } from 'web-tree-sitter';
import { nodeRange } from '../text';
import type { Designator, ExprChain, InitExpr, InitItem, InitValue } from './facts';
import { expandInitializerMacro } from './initializer-macros';

/** Macros that turn a member pointer into its container: the second argument names the container's type. */
export const CONTAINER_MACROS =
  /^(container_of|container_of_const|list_entry|list_first_entry|list_last_entry)$/;

/** `&objs[1]`, `patch.objs`, `obj->callbacks.pre_patch`, `(cbs)`; null for anything else. */
export function readChain(node: Node | null): ExprChain | null {
  if (!node) return null;
  switch (node.type) {
    case 'identifier':
      return { addressOf: false, base: node.text, steps: [] };
    case 'parenthesized_expression':
      return readChain(node.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null);
    case 'cast_expression':
      return readChain(node.childForFieldName('value'));
    case 'call_expression':
      // `container_of(p, struct klp_object, node)->callbacks`: an object nothing here names.
      return CONTAINER_MACROS.test(node.childForFieldName('function')?.text ?? '')
        ? { addressOf: false, base: node.text.replace(/\s+/g, ' '), steps: [] }
        : null;
    case 'pointer_expression': {
      const inner = readChain(node.childForFieldName('argument'));
      if (!inner || node.child(0)?.type !== '&' || inner.addressOf) return null;
      return { ...inner, addressOf: true };
    }
    case 'field_expression': {
      const inner = readChain(node.childForFieldName('argument'));
      const field = node.childForFieldName('field');
      if (!inner || inner.addressOf || !field) return null;
      const arrow = node.childForFieldName('operator')?.type === '->' || node.text.includes('->');
      return { ...inner, steps: [...inner.steps, { field: field.text, arrow }] };
    }
    case 'subscript_expression': {
      const inner = readChain(node.childForFieldName('argument'));
      const index = node.childForFieldName('index');
      if (!inner || inner.addressOf || !index) return null;
      return { ...inner, steps: [...inner.steps, { index: index.text }] };
    }
    default:
      return null;
  }
}

export function readExpr(node: Node): InitExpr {
  return { kind: 'expr', range: nodeRange(node), text: node.text, chain: readChain(node) };
}

/** Reads an initializer (a brace list, a compound literal's list, or an expression). */
export function readInitValue(node: Node): InitValue {
  if (node.type === 'initializer_list') return readInitList(node);
  const expanded = expandInitializerMacro(node, readExpr);
  if (expanded) return expanded;
  if (node.type === 'compound_literal_expression') {
    const list = node.childForFieldName('value');
    if (list?.type === 'initializer_list') return readInitList(list);
  }
  return readExpr(node);
}

function readInitList(node: Node): InitValue {
  const items: InitItem[] = [];
  let generated = false;
  // By index with the previous child at hand: `previousSibling` scans from the first child, which
  // made long initializers quadratic.
  let previous: Node | null = null;
  for (const child of node.children) {
    const before = previous;
    previous = child;
    if (!child?.isNamed) continue;
    if (isTemplateMarker(child, before)) {
      generated = true;
      continue;
    }
    if (!child || child.type === 'comment' || child.type === 'ERROR' || child.isMissing) continue;
    if (child.type === 'initializer_pair') {
      const designators: Designator[] = [];
      for (const part of child.childrenForFieldName('designator')) {
        if (part?.type === 'field_designator')
          designators.push({ field: part.text.replace(/^\./, '').trim() });
        else if (part?.type === 'subscript_designator')
          designators.push({ index: part.text.slice(1, -1).trim() });
      }
      const value = child.childForFieldName('value');
      if (value && !value.isMissing)
        items.push({ designators, value: readInitValue(value), range: nodeRange(child) });
    } else {
      items.push({ designators: [], value: readInitValue(child), range: nodeRange(child) });
    }
  }
  return generated
    ? { kind: 'list', range: nodeRange(node), items, generated }
    : { kind: 'list', range: nodeRange(node), items };
}

/** `@@NAME@@` as an element: tree-sitter reads ERROR(@@), NAME, ERROR(@@). */
function isTemplateMarker(node: Node, previousSibling: Node | null): boolean {
  if (node.type === 'ERROR') return node.text.startsWith('@@');
  return node.type === 'identifier' && previousSibling?.type === 'ERROR' && previousSibling.text === '@@';
}

/** The declared name below pointer/array/init declarators, and how it is shaped. */
export function unwrapDeclarator(
  node: Node,
): { name: Node; shape: 'value' | 'array' | 'pointer'; size: Node | null; init: Node | null } | null {
  let init: Node | null = null;
  let current: Node | null = node;
  let shape: 'value' | 'array' | 'pointer' = 'value';
  let size: Node | null = null;
  while (current) {
    switch (current.type) {
      case 'identifier':
        return { name: current, shape, size, init };
      case 'init_declarator':
        init = current.childForFieldName('value');
        current = current.childForFieldName('declarator');
        break;
      case 'array_declarator':
        if (shape === 'value') {
          shape = 'array';
          size = current.childForFieldName('size');
        }
        current = current.childForFieldName('declarator');
        break;
      case 'pointer_declarator':
        if (shape === 'value') shape = 'pointer';
        current = current.childForFieldName('declarator');
        break;
      case 'parenthesized_declarator':
      case 'attributed_declarator':
        current = current.namedChildren.find((c) => c !== null && c.type !== 'attribute_declaration') ?? null;
        break;
      default:
        return null;
    }
  }
  return null;
}

/** The name of the function definition enclosing `node`, or null at file scope. */
export function enclosingFunction(node: Node): string | null {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition') {
      const declarator = current.childForFieldName('declarator');
      return declarator ? (functionName(declarator)?.text ?? null) : null;
    }
  }
  return null;
}

export function functionName(declarator: Node): Node | null {
  let current: Node | null = declarator;
  while (current) {
    if (current.type === 'function_declarator') {
      const inner: Node | null = current.childForFieldName('declarator');
      return inner?.type === 'identifier' ? inner : functionName(inner as Node);
    }
    if (current.type === 'identifier') return null;
    current = current.childForFieldName('declarator');
  }
  return null;
}
