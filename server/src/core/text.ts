// Offsets ↔ positions for a text, in UTF-16 code units like LSP and web-tree-sitter.
import type { Position, Range } from './model/types';

export class LineIndex {
  private readonly lineStarts: number[] = [0];

  /** `lineStarts` only from `edited`, which knows them already. */
  constructor(
    readonly text: string,
    lineStarts?: number[],
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  /**
   * The index of this text with [start, oldEnd) replaced by `inserted`: the lines before the edit
   * are kept and those after it moved, so only the inserted text is scanned, not the whole text.
   */
  edited(start: number, oldEnd: number, inserted: string): LineIndex {
    const text = this.text.slice(0, start) + inserted + this.text.slice(oldEnd);
    // A reversed range (never from an editor) repeats text: counted afresh.
    if (oldEnd < start) return new LineIndex(text);
    const delta = inserted.length - (oldEnd - start);
    const starts = this.lineStarts;
    // Line starts up to `start` stay (a start equal to `start` follows a newline before the edit).
    let kept = 0;
    while (kept < starts.length && starts[kept] <= start) kept++;
    const lineStarts = starts.slice(0, kept);
    for (let i = 0; i < inserted.length; i++) {
      if (inserted.charCodeAt(i) === 10) lineStarts.push(start + i + 1);
    }
    let after = kept;
    while (after < starts.length && starts[after] <= oldEnd) after++;
    for (; after < starts.length; after++) lineStarts.push(starts[after] + delta);
    return new LineIndex(text, lineStarts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  offsetAt(position: Position): number {
    const line = Math.min(Math.max(position.line, 0), this.lineStarts.length - 1);
    const lineEnd = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    return Math.min(this.lineStarts[line] + Math.max(position.character, 0), lineEnd);
  }

  positionAt(offset: number): Position {
    const clamped = Math.min(Math.max(offset, 0), this.text.length);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }
}

/** tree-sitter's {row, column} as our Position. */
export function toPosition(point: { row: number; column: number }): Position {
  return { line: point.row, character: point.column };
}

export function nodeRange(node: {
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}): Range {
  return { start: toPosition(node.startPosition), end: toPosition(node.endPosition) };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}
