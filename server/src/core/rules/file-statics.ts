// The file-scope `static` variables of a file: state private to the module.
import type { Node } from 'web-tree-sitter';
import type { SyntaxUnit } from '../flow/syntax-units';

const BLOCKS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);

export function fileStatics(units: readonly SyntaxUnit[]): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node) => {
    for (const child of node.namedChildren) {
      if (BLOCKS.has(child.type)) visit(child);
      if (child.type !== 'declaration') continue;
      if (!child.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static'))
        continue;
      for (const declarator of child.childrenForFieldName('declarator')) {
        let current: Node | null = declarator;
        while (current && current.type !== 'identifier' && current.type !== 'function_declarator') {
          current = current.childForFieldName('declarator');
        }
        if (current?.type === 'identifier') names.add(current.text);
      }
    }
  };
  for (const unit of units) visit(unit.root);
  return names;
}
