// Caches each function's statement tree by a digest of its definition, so an edit recomputes one function.
import type { Node } from 'web-tree-sitter';
import { contentKey } from '../content-key';
import type { Position } from '../model/types';
import { shiftPositions } from '../parse/top-level-cache';
import { deeperThan } from '../parse/tree-walk';
import { buildFunctionIr } from './build-ir';
import type { FunctionIr } from './ir';

interface Entry {
  ir: FunctionIr | null;
  start: Position;
  bytes: number;
}

/**
 * Estimated heap bytes per character of a definition for its statement tree (measured on the
 * samples: the IR's objects take 10-20 times the source they came from), plus a fixed overhead.
 */
const BYTES_PER_SOURCE_CHAR = 24;
const ENTRY_OVERHEAD_BYTES = 256;

/** 4 MB (estimated): twice the functions of 50 open livepatch modules; a keystroke needs one module's. */
export const DEFAULT_FLOW_CACHE_BYTES = 4 * 1024 * 1024;

/** A least-recently-used map from a definition's digest to its facts, bounded by estimated bytes. */
export class FunctionIrCache {
  private readonly entries = new Map<string, Entry>();
  private heldBytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly budgetBytes = DEFAULT_FLOW_CACHE_BYTES) {}

  get(definition: Node): FunctionIr | null {
    const text = definition.text;
    const key = contentKey('fn', text);
    const start = { line: definition.startPosition.row, character: definition.startPosition.column };
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      const ir = cached.ir && shiftPositions(cached.ir, cached.start, start);
      this.entries.set(key, { ir, start, bytes: cached.bytes });
      return ir;
    }
    this.misses++;
    // Statement trees are built recursively: a function nested past the limit is left out
    // (extraction says so). Checked on a miss only, so a keystroke does not walk every function.
    const ir = deeperThan(definition) ? null : buildFunctionIr(definition);
    const bytes = ENTRY_OVERHEAD_BYTES + text.length * BYTES_PER_SOURCE_CHAR;
    this.entries.set(key, { ir, start, bytes });
    this.heldBytes += bytes;
    this.evict();
    return ir;
  }

  /** Drops least recently used entries until the estimate fits the budget (the newest always stays). */
  private evict(): void {
    while (this.heldBytes > this.budgetBytes && this.entries.size > 1) {
      const [oldest, entry] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldest);
      this.heldBytes -= entry.bytes;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The estimated bytes the entries hold. */
  get bytes(): number {
    return this.heldBytes;
  }

  clear(): void {
    this.entries.clear();
    this.heldBytes = 0;
  }
}

/** The cache the checker uses unless given its own: shared by every document in the process. */
export const sharedFunctionIrCache = new FunctionIrCache();
