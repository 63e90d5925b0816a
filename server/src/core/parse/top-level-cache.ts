// Reuses facts computed for unchanged top-level declarations, shifting their ranges when they moved.
import type { Node } from 'web-tree-sitter';
import { contentKey } from '../content-key';
import type { Position } from '../model/types';
import { mapPositions } from './carry-through-edits';

interface Entry<T> {
  facts: T;
  start: Position;
  generation: number;
}

/**
 * Facts are computed per top-level node of the translation unit and keyed by a digest of the
 * node's kind and text (no second copy of the document is held): after a keystroke only the declaration that was edited is recomputed. Facts must be
 * plain data (no tree nodes): their `{start, end}` positions are moved with the declaration.
 */
export class TopLevelCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private generation = 0;
  hits = 0;
  misses = 0;

  /** Call once per analysis pass; entries not used during the pass are dropped by `endPass`. */
  beginPass(): void {
    this.generation++;
  }

  endPass(): void {
    for (const [key, entry] of this.entries) {
      if (entry.generation !== this.generation) this.entries.delete(key);
    }
  }

  get(node: Node, compute: (node: Node) => T): T {
    const key = contentKey(node.type, node.text);
    const start = { line: node.startPosition.row, character: node.startPosition.column };
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      const facts = shiftPositions(cached.facts, cached.start, start);
      this.entries.set(key, { facts, start, generation: this.generation });
      return facts;
    }
    this.misses++;
    const facts = compute(node);
    this.entries.set(key, { facts, start, generation: this.generation });
    return facts;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Moves every position inside `value` from a declaration starting at `from` to one at `to`. */
export function shiftPositions<T>(value: T, from: Position, to: Position): T {
  if (from.line === to.line && from.character === to.character) return value;
  const lineDelta = to.line - from.line;
  const firstLineDelta = to.character - from.character;
  // Only positions on the declaration's first line move sideways with it.
  return mapPositions(value, (position) => ({
    line: position.line + lineDelta,
    character: position.line === from.line ? position.character + firstLineDelta : position.character,
  }));
}
