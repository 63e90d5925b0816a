// Tree walks with a cursor or an explicit stack: no recursion on the input's nesting, so no input can overflow the stack.
import type { Node } from 'web-tree-sitter';

/**
 * Syntax nesting past which a declaration is not analysed. Real C stays far below it (a deeply
 * nested kernel function is under a hundred levels of syntax tree); the recursive readers of
 * expressions, initializers and statements stay far from the stack limit under it, and tree-sitter's
 * queries, whose cost grows with depth times size, stay linear in practice.
 */
export const MAX_SYNTAX_DEPTH = 600;

/** Whether any node under `node` lies more than `limit` levels below it (stops at the first such node). */
export function deeperThan(node: Node, limit = MAX_SYNTAX_DEPTH): boolean {
  // A path of more than `limit` levels needs more than `limit` nodes: a node with fewer
  // descendants (a count tree-sitter keeps, no walk) cannot hold one, so it is not entered.
  if (node.descendantCount <= limit) return false;
  const cursor = node.walk();
  try {
    let depth = 0;
    for (;;) {
      if (depth > limit) return true;
      if (depth + cursor.currentNode.descendantCount > limit && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (depth === 0 || !cursor.gotoParent()) return false;
        depth--;
      }
      if (depth === 0) return false;
    }
  } finally {
    cursor.delete();
  }
}

/** The problem message for a declaration `deeperThan` refused. */
export function tooDeepMessage(what: string): string {
  return `nesting deeper than ${MAX_SYNTAX_DEPTH} levels: ${what} not analysed`;
}

/**
 * The named children of `root`, in document order, with every child `isBlock` accepts (a
 * preprocessor block, say) replaced by its own children, to any depth, with an explicit stack.
 */
export function childrenThroughBlocks(root: Node, isBlock: (type: string) => boolean): Node[] {
  const found: Node[] = [];
  const open: { children: (Node | null)[]; next: number }[] = [{ children: root.namedChildren, next: 0 }];
  while (open.length > 0) {
    const block = open[open.length - 1];
    if (block.next >= block.children.length) {
      open.pop();
      continue;
    }
    const child = block.children[block.next++];
    if (!child) continue;
    if (isBlock(child.type)) open.push({ children: child.namedChildren, next: 0 });
    else found.push(child);
  }
  return found;
}
