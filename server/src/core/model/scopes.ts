// The function a node lies in, from the function definitions one query walk already found (no parent walks).
import type { Node, QueryMatch } from 'web-tree-sitter';
import { enclosingFunction, functionName } from './syntax';

interface Scope {
  start: number;
  end: number;
  name: string | null;
}

/**
 * `enclosingFunction` climbs `node.parent`, which tree-sitter answers by descending from the root:
 * per assignment of a long function that is a walk of its depth, times its depth. The definitions
 * under a declaration are few and nest, so the innermost one whose bytes hold a node is the node's
 * nearest function_definition ancestor: ranges of tree nodes either nest or are disjoint, except
 * for a node of no width, which is looked up the old way.
 */
export class FunctionScopes {
  private readonly scopes: Scope[];

  /** `matches`: those of function-scopes.scm (every function_definition) on the same declaration. */
  constructor(matches: readonly QueryMatch[]) {
    this.scopes = matches.flatMap((match) =>
      match.captures.flatMap(({ node }) => {
        const declarator = node.childForFieldName('declarator');
        const name = declarator ? (functionName(declarator)?.text ?? null) : null;
        return [{ start: node.startIndex, end: node.endIndex, name }];
      }),
    );
  }

  /** The same answer as `enclosingFunction(node)` for a node under the declaration these scopes came from. */
  of(node: Node): string | null {
    const start = node.startIndex;
    const end = node.endIndex;
    if (start === end) return enclosingFunction(node);
    let inner: Scope | undefined;
    for (const scope of this.scopes) {
      if (scope.start > start || end > scope.end) continue;
      if (!inner || scope.start > inner.start || (scope.start === inner.start && scope.end < inner.end))
        inner = scope;
    }
    return inner ? inner.name : null;
  }
}
