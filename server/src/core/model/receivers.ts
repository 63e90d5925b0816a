// What type the receiver of `X->callbacks.kind = fn` is declared as: a cast, container_of, a local, a parameter.
import type { Node } from 'web-tree-sitter';
import { CONTAINER_MACROS, unwrapDeclarator } from './syntax';

/**
 * The struct (or typedef) name the expression in front of `.callbacks` is declared as, when the
 * function shows it: `((struct T *)p)->callbacks`, `container_of(p, struct T, m)->callbacks`, or
 * `p->callbacks` with `p` a parameter or local. Undefined when it cannot be seen here (a global is
 * looked up by the caller, across declarations).
 */
export function callbacksReceiverType(left: Node): string | undefined {
  const receiver = callbacksReceiver(left);
  return receiver ? expressionType(receiver) : undefined;
}

/** The `X` of `X.callbacks.kind` / `X->callbacks` / `X.callbacks`. */
function callbacksReceiver(left: Node): Node | null {
  for (let current: Node | null = left; current?.type === 'field_expression';) {
    const argument: Node | null = current.childForFieldName('argument');
    if (current.childForFieldName('field')?.text === 'callbacks') return argument;
    current = argument;
  }
  return null;
}

function expressionType(node: Node): string | undefined {
  switch (node.type) {
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((child) => child !== null && child.type !== 'comment');
      return inner ? expressionType(inner) : undefined;
    }
    case 'cast_expression':
      return typeName(node.childForFieldName('type'));
    case 'call_expression':
      return containerType(node);
    case 'identifier':
      return declaredType(node);
    default:
      return undefined;
  }
}

function containerType(call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  if (!callee || !CONTAINER_MACROS.test(callee.text)) return undefined;
  const args = call.childForFieldName('arguments')?.text ?? '';
  const type = /^\(\s*[^,]+,\s*((?:struct\s+|union\s+)?\w+)\s*,/.exec(args)?.[1];
  return type?.replace(/\s+/g, ' ');
}

/** The struct or typedef name of a type (`struct T *`, `T`), ignoring qualifiers and pointers. */
export function typeName(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'type_identifier' || node.type === 'primitive_type') return node.text;
  if (node.type === 'struct_specifier' || node.type === 'union_specifier') {
    const name = node.childForFieldName('name')?.text;
    return name === undefined
      ? undefined
      : `${node.type === 'struct_specifier' ? 'struct' : 'union'} ${name}`;
  }
  if (node.type === 'type_descriptor') return typeName(node.childForFieldName('type'));
  return undefined;
}

/** Looks for the identifier's declaration in the enclosing blocks, for-loops and the function's parameters. */
function declaredType(identifier: Node): string | undefined {
  const name = identifier.text;
  for (let scope = identifier.parent; scope; scope = scope.parent) {
    if (scope.type === 'compound_statement' || scope.type === 'for_statement') {
      for (const child of scope.namedChildren) {
        if (child?.type !== 'declaration' || child.startIndex > identifier.startIndex) continue;
        const found = typeIfDeclares(child, name);
        if (found) return found;
      }
    }
    if (scope.type === 'function_definition') {
      for (const parameter of parametersOf(scope)) {
        const found = typeIfDeclares(parameter, name);
        if (found) return found;
      }
      return undefined;
    }
  }
  return undefined;
}

function parametersOf(definition: Node): Node[] {
  let declarator = definition.childForFieldName('declarator');
  while (declarator && declarator.type !== 'function_declarator')
    declarator = declarator.childForFieldName('declarator');
  const list = declarator?.childForFieldName('parameters');
  return (list?.namedChildren ?? []).filter(
    (child): child is Node => child?.type === 'parameter_declaration',
  );
}

/** The type name a declaration (or parameter) gives `name`, if it declares it. */
export function typeIfDeclares(declaration: Node, name: string): string | undefined {
  const declarators = declaration.childrenForFieldName('declarator');
  for (const declarator of declarators) {
    if (declarator && unwrapDeclarator(declarator)?.name.text === name)
      return typeName(declaration.childForFieldName('type'));
  }
  return undefined;
}

/** `static struct foo *x, y;` at file scope: each declared name with its type name. */
export function declarationTypes(declaration: Node): { name: string; type: string }[] {
  if (declaration.type !== 'declaration') return [];
  const type = typeName(declaration.childForFieldName('type'));
  if (!type) return [];
  return declaration.childrenForFieldName('declarator').flatMap((declarator) => {
    const name = declarator ? unwrapDeclarator(declarator)?.name.text : undefined;
    return name ? [{ name, type }] : [];
  });
}
