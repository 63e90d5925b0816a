// Reuses facts computed for unchanged top-level declarations, shifting their ranges when they moved.
import type { Node } from 'web-tree-sitter';
import { contentKey } from '../content-key';
import { samePlain } from '../plain-clone';
import type { Position } from '../model/types';
import { mapPositions } from './carry-through-edits';
import type { ChangedSpan } from './changed-span';

interface Entry<T> {
  facts: T;
  start: Position;
  generation: number;
}

/** Where a declaration was in the previous pass's text: enough to know its key without its text. */
interface Placed {
  endIndex: number;
  type: string;
  key: string;
}

/**
 * Facts are computed per top-level node of the translation unit and keyed by a digest of the
 * node's kind and text (no second copy of the document is held): after a keystroke only the declaration that was edited is recomputed. Facts must be
 * plain data (no tree nodes): their `{start, end}` positions are moved with the declaration.
 *
 * A pass told what changed since the previous one (`changedSince(span)`) does not read the text of a
 * declaration lying wholly in the unchanged prefix or suffix: the previous pass saw the same type
 * over the same text there (shifted by the edit), so its key is the one remembered for that place.
 */
export class TopLevelCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private generation = 0;
  /** The previous pass's declarations by start offset, and this pass's as it reads them. */
  private previousPlaces = new Map<number, Placed>();
  private places = new Map<number, Placed>();
  private span: ChangedSpan | undefined;
  hits = 0;
  misses = 0;
  /** Keys found by place (no text read) in all passes: tests check the shortcut is taken. */
  keysByPlace = 0;

  /** Call once per analysis pass; entries not used during the pass are dropped by `endPass`. */
  beginPass(): void {
    this.generation++;
    this.span = undefined;
    this.previousPlaces = this.places;
    this.places = new Map();
  }

  /** How this pass's text differs from the previous pass's (unsaid: unknown, every key is read). */
  changedSince(span: ChangedSpan): void {
    this.span = span;
  }

  endPass(): void {
    for (const [key, entry] of this.entries) {
      if (entry.generation !== this.generation) this.entries.delete(key);
    }
  }

  get(node: Node, compute: (node: Node) => T): T {
    // Error recovery depends on the text around a declaration, not only its own: same text, other tree.
    if (node.hasError) {
      this.misses++;
      return compute(node);
    }
    const startIndex = node.startIndex;
    const endIndex = node.endIndex;
    const type = node.type;
    const key = this.keyByPlace(startIndex, endIndex, type) ?? contentKey(type, node.text);
    this.places.set(startIndex, { endIndex, type, key });
    const start = { line: node.startPosition.row, character: node.startPosition.column };
    const cached = this.entries.get(key);
    if (cached) {
      this.hits++;
      const facts = shiftPositions(cached.facts, cached.start, start);
      this.entries.set(key, { facts, start, generation: this.generation });
      return facts;
    }
    this.misses++;
    const computed = compute(node);
    // The edited declaration's facts often come out as before (a keystroke in a body): the previous
    // object is kept, so that what was composed from it can be known unchanged by identity.
    const facts = this.previousIfSame(startIndex, start, computed) ?? computed;
    this.entries.set(key, { facts, start, generation: this.generation });
    return facts;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The facts of the declaration that stood at this place before the change, when equal to `computed`. */
  private previousIfSame(startIndex: number, start: Position, computed: T): T | undefined {
    const span = this.span;
    if (!span) return undefined;
    const previousStart =
      startIndex <= span.start
        ? startIndex
        : startIndex >= span.newEnd
          ? startIndex - span.newEnd + span.oldEnd
          : -1;
    const placed = this.previousPlaces.get(previousStart);
    const entry = placed && this.entries.get(placed.key);
    if (!entry) return undefined;
    const previous = shiftPositions(entry.facts, entry.start, start);
    return samePlain(previous, computed) ? previous : undefined;
  }

  /** The key of a declaration the change did not reach, from the previous pass; undefined when unknown. */
  private keyByPlace(startIndex: number, endIndex: number, type: string): string | undefined {
    const span = this.span;
    if (!span) return undefined;
    let previousStart: number;
    if (endIndex <= span.start) previousStart = startIndex;
    else if (startIndex >= span.newEnd) previousStart = startIndex - span.newEnd + span.oldEnd;
    else return undefined;
    const placed = this.previousPlaces.get(previousStart);
    if (!placed || placed.type !== type || placed.endIndex !== endIndex + previousStart - startIndex) {
      return undefined;
    }
    // Only an entry still held is worth the shortcut (its facts are what the key names).
    if (!this.entries.has(placed.key)) return undefined;
    this.keysByPlace++;
    return placed.key;
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
