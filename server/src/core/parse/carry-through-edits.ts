// Carries ranges of an older version of a text through later ranged edits: what an edit left alone moves with its text.
import type { Position, Range } from '../model/types';
import { comparePositions } from '../text';
import type { TextChange } from './document';

type RangedChange = Extract<TextChange, { range: Range }>;

/** Whether every change names its range (a whole-text replacement leaves nothing to carry). */
export function allRanged(changes: readonly TextChange[]): changes is readonly RangedChange[] {
  return changes.every((change) => 'range' in change);
}

/**
 * Where `position` is after `change`: before the replaced text it stays, after it it moves with the
 * text; inside it, it goes to where the replacement starts.
 */
export function positionAfter(position: Position, change: RangedChange): Position {
  const { start, end } = change.range;
  if (comparePositions(position, start) < 0) return position;
  if (comparePositions(position, end) < 0) return start;
  const lines = change.text.split(/\r\n|\r|\n/);
  const last = lines[lines.length - 1].length;
  const line = start.line + lines.length - 1;
  if (position.line !== end.line)
    return { line: position.line + line - end.line, character: position.character };
  const character = (lines.length === 1 ? start.character + last : last) + position.character - end.character;
  return { line, character };
}

/** Whether `change` replaced text inside `range` (touching its edges does not count). */
export function changeTouches(range: Range, change: RangedChange): boolean {
  return (
    comparePositions(range.start, change.range.end) < 0 && comparePositions(range.end, change.range.start) > 0
  );
}

/**
 * Each item with its `range` and every other position inside it carried through `changes` (applied
 * in order, as an editor sends them); an item whose own range an edit touched is dropped, since what
 * it said about that text may no longer hold.
 */
export function carryThroughEdits<T extends { range: Range }>(
  items: readonly T[],
  changes: readonly RangedChange[],
): T[] {
  let carried = [...items];
  for (const change of changes) {
    carried = carried
      .filter((item) => !changeTouches(item.range, change))
      .map((item) => mapPositions(item, (position) => positionAfter(position, change)));
  }
  return carried;
}

/** A copy of `value` with every `{line, character}` inside it replaced by `map` of it. */
export function mapPositions<T>(value: T, map: (position: Position) => Position): T {
  const visit = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(visit);
    if (item === null || typeof item !== 'object') return item;
    const record = item as Record<string, unknown>;
    if (isPosition(record)) return map(record);
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(record)) copy[key] = visit(child);
    return copy;
  };
  return visit(value) as T;
}

function isPosition(record: Record<string, unknown>): record is { line: number; character: number } {
  const keys = Object.keys(record);
  return keys.length === 2 && typeof record.line === 'number' && typeof record.character === 'number';
}
