// The file-scope variables of a file: the `static` ones (state private to the module) and the initialised ones.
import type { Node } from 'web-tree-sitter';
import { isNullLiteral } from '../flow/expressions';
import type { SyntaxUnit } from '../flow/syntax-units';

const BLOCKS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);

/**
 * Per check run (one units array), each set is computed once: rules ask per object, and a walk of
 * every file-scope declaration per object was most of a keystroke in a module with 50 objects.
 */
const staticsOf = new WeakMap<readonly SyntaxUnit[], ReadonlySet<string>>();
const initialisedOf = new WeakMap<readonly SyntaxUnit[], ReadonlySet<string>>();

function once(
  memo: WeakMap<readonly SyntaxUnit[], ReadonlySet<string>>,
  units: readonly SyntaxUnit[],
  compute: () => Set<string>,
): ReadonlySet<string> {
  let names = memo.get(units);
  if (!names) {
    names = compute();
    memo.set(units, names);
  }
  return names;
}

export function fileStatics(units: readonly SyntaxUnit[]): ReadonlySet<string> {
  return once(staticsOf, units, () => collectStatics(units));
}

function collectStatics(units: readonly SyntaxUnit[]): Set<string> {
  const names = new Set<string>();
  eachFileScopeDeclarator(units, (declaration, _declarator, name) => {
    if (declaration.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static'))
      names.add(name);
  });
  return names;
}

/** Variables that start out with a value other than NULL (`static struct ops *ops = &default_ops;`). */
export function initialisedGlobals(units: readonly SyntaxUnit[]): ReadonlySet<string> {
  return once(initialisedOf, units, () => collectInitialised(units));
}

function collectInitialised(units: readonly SyntaxUnit[]): Set<string> {
  const names = new Set<string>();
  eachFileScopeDeclarator(units, (_declaration, declarator, name) => {
    const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
    if (value && !isNullLiteral(value)) names.add(name);
  });
  return names;
}

function eachFileScopeDeclarator(
  units: readonly SyntaxUnit[],
  visitDeclarator: (declaration: Node, declarator: Node, name: string) => void,
): void {
  const visit = (node: Node) => {
    for (const child of node.namedChildren) {
      if (BLOCKS.has(child.type)) visit(child);
      if (child.type !== 'declaration') continue;
      for (const declarator of child.childrenForFieldName('declarator')) {
        let current: Node | null = declarator;
        while (current && current.type !== 'identifier' && current.type !== 'function_declarator') {
          current = current.childForFieldName('declarator');
        }
        if (current?.type === 'identifier') visitDeclarator(child, declarator, current.text);
      }
    }
  };
  for (const unit of units) visit(unit.root);
}
