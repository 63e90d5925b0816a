// Function definitions → FunctionModel (name, return type, parameter types, static, ranges).
import type { Node, QueryMatch } from 'web-tree-sitter';
import { nodeRange } from '../text';
import type { FunctionModel, Parameter } from './types';

/** `matches`: those of the functions query (functions.scm) on a declaration. */
export function readFunctions(matches: readonly QueryMatch[]): FunctionModel[] {
  const functions: FunctionModel[] = [];
  for (const match of matches) {
    const definition = match.captures.find((c) => c.name === 'function')?.node;
    const name = match.captures.find((c) => c.name === 'name')?.node;
    if (!definition || !name) continue;
    functions.push(readFunction(definition, name));
  }
  return functions;
}

function readFunction(definition: Node, name: Node): FunctionModel {
  const type = definition.childForFieldName('type');
  const declarator = definition.childForFieldName('declarator');
  const qualifiers = definition.children
    .filter((c) => c !== null && c.type === 'type_qualifier')
    .map((c) => (c as Node).text);
  let returnType = [...qualifiers, type?.text ?? 'int'].join(' ');
  let functionDeclarator: Node | null = declarator;
  while (functionDeclarator && functionDeclarator.type === 'pointer_declarator') {
    returnType += ' *';
    functionDeclarator = functionDeclarator.childForFieldName('declarator');
  }
  const parameterList =
    functionDeclarator?.type === 'function_declarator'
      ? functionDeclarator.childForFieldName('parameters')
      : null;
  return {
    name: name.text,
    returnType: tidy(returnType),
    parameters: parameterList ? readParameters(parameterList) : [],
    isStatic: definition.children.some((c) => c?.type === 'storage_class_specifier' && c.text === 'static'),
    range: nodeRange(definition),
    nameRange: nodeRange(name),
  };
}

function readParameters(list: Node): Parameter[] {
  const parameters: Parameter[] = [];
  for (const child of list.namedChildren) {
    if (!child) continue;
    if (child.type === 'variadic_parameter') {
      parameters.push({ type: '...', name: null });
      continue;
    }
    const previous = parameters[parameters.length - 1];
    if (child.type === 'ERROR' && previous?.name === null && /^\w+$/.test(child.text)) {
      // `T * __attribute__((unused)) name`: the grammar leaves the name outside the parameter.
      previous.name = child.text;
      continue;
    }
    if (child.type !== 'parameter_declaration') continue;
    const declarator = child.childForFieldName('declarator');
    const baseType = child.children
      .filter((c) => c !== null && c.id !== declarator?.id && c.type !== 'comment')
      .map((c) => (c as Node).text)
      .join(' ');
    if (!declarator && baseType === 'void' && list.namedChildren.length === 1) return [];
    const name = declarator ? declaredName(declarator) : null;
    const type = declarator ? typeAround(declarator, name, baseType) : baseType;
    parameters.push({ type: tidy(type), name: name?.text ?? null });
  }
  return parameters;
}

/** The parameter's type written out: the declarator's text with its name removed (`int *`, `void (*)(int)`). */
function typeAround(declarator: Node, name: Node | null, baseType: string): string {
  if (!name) return `${baseType} ${declarator.text}`;
  const text = declarator.text;
  const offset = name.startIndex - declarator.startIndex;
  const rest = text.slice(0, offset) + text.slice(offset + name.text.length);
  return `${baseType} ${rest}`;
}

function declaredName(node: Node): Node | null {
  if (node.type === 'identifier') return node;
  for (const child of node.namedChildren) {
    if (!child || child.type === 'parameter_list') continue;
    const found = declaredName(child);
    if (found) return found;
  }
  return null;
}

function tidy(type: string): string {
  return type
    .replace(/\s+/g, ' ')
    .replace(/\s*\*\s*/g, ' *')
    .replace(/\* \*/g, '**')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .trim();
}
