// Caches each function's statement tree by the definition's text, so an edit recomputes one function.
import type { Node } from 'web-tree-sitter';
import type { Position } from '../model/types';
import { shiftPositions } from '../parse/top-level-cache';
import { deeperThan } from '../parse/tree-walk';
import { buildFunctionIr } from './build-ir';
import type { FunctionIr } from './ir';

interface Entry {
  ir: FunctionIr | null;
  start: Position;
}

/** A bounded, least-recently-used map from a definition's text to its facts. */
export class FunctionIrCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 4096) {}

  get(definition: Node): FunctionIr | null {
    const key = definition.text;
    const start = { line: definition.startPosition.row, character: definition.startPosition.column };
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      this.entries.delete(key);
      const ir = cached.ir && shiftPositions(cached.ir, cached.start, start);
      this.entries.set(key, { ir, start });
      return ir;
    }
    this.misses++;
    // Statement trees are built recursively: a function nested past the limit is left out
    // (extraction says so). Checked on a miss only, so a keystroke does not walk every function.
    const ir = deeperThan(definition) ? null : buildFunctionIr(definition);
    this.entries.set(key, { ir, start });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return ir;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The cache the checker uses unless given its own: shared by every document in the process. */
export const sharedFunctionIrCache = new FunctionIrCache();
