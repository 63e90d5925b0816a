// Ranges of an older text carried through ranged edits: before an edit they stay, after it they move, inside it they go.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  allRanged,
  carryThroughEdits,
  changeTouches,
  positionAfter,
} from '../../../server/src/core/parse/carry-through-edits';

const at = (line: number, character: number) => ({ line, character });
const change = (start: [number, number], end: [number, number], text: string) => ({
  range: { start: at(...start), end: at(...end) },
  text,
});

test('a position before the edit stays; on the edited line after it moves sideways; below it moves down', () => {
  const insertLine = change([3, 4], [3, 4], 'x = 1;\n\t');
  assert.deepEqual(positionAfter(at(3, 2), insertLine), at(3, 2));
  assert.deepEqual(positionAfter(at(3, 10), insertLine), at(4, 7));
  assert.deepEqual(positionAfter(at(9, 5), insertLine), at(10, 5));
  const typed = change([2, 6], [2, 6], 'ab');
  assert.deepEqual(positionAfter(at(2, 6), typed), at(2, 8), 'at an insertion point it moves with the text');
  assert.deepEqual(positionAfter(at(2, 9), typed), at(2, 11));
});

test('deleting lines pulls later positions up; a position inside the deleted text goes to its start', () => {
  const join = change([4, 8], [6, 2], '');
  assert.deepEqual(positionAfter(at(6, 5), join), at(4, 11));
  assert.deepEqual(positionAfter(at(8, 1), join), at(6, 1));
  assert.deepEqual(positionAfter(at(5, 0), join), at(4, 8));
  assert.deepEqual(
    positionAfter(at(7, 0), change([1, 0], [2, 0], 'a\r\nb\r\n')),
    at(8, 0),
    'CRLF counts once',
  );
});

test('an edit touches a range when it replaces text inside it, not when it only meets an edge', () => {
  const range = { start: at(5, 4), end: at(5, 12) };
  assert.equal(changeTouches(range, change([5, 6], [5, 6], 'z')), true);
  assert.equal(changeTouches(range, change([5, 0], [5, 5], '')), true);
  assert.equal(changeTouches(range, change([5, 12], [5, 12], 'z')), false);
  assert.equal(changeTouches(range, change([5, 4], [5, 4], 'z')), false);
  assert.equal(changeTouches(range, change([2, 0], [5, 4], '')), false);
});

test('items carried through a batch in order: one the edit touched is dropped, every position of the others moves', () => {
  const items = [
    {
      rule: 'a',
      range: { start: at(2, 1), end: at(2, 9) },
      related: [{ range: { start: at(20, 0), end: at(20, 3) } }],
    },
    { rule: 'b', range: { start: at(10, 0), end: at(10, 6) }, related: [] },
    { rule: 'c', range: { start: at(30, 2), end: at(31, 1) }, related: [] },
  ];
  const carried = carryThroughEdits(items, [
    change([0, 0], [0, 0], '// one\n'),
    change([11, 3], [11, 5], 'XY\nZ'),
  ]);
  assert.deepEqual(
    carried.map((item) => [item.rule, item.range.start.line, item.range.end.line]),
    [
      ['a', 3, 3],
      ['c', 32, 33],
    ],
  );
  assert.deepEqual(
    carried[0].related[0].range.start,
    at(22, 0),
    'a related location below the second edit moved twice',
  );
  assert.equal(items[0].range.start.line, 2, 'the input is not changed');
  assert.equal(allRanged([change([0, 0], [0, 0], '')]), true);
  assert.equal(allRanged([{ text: 'whole' }]), false);
});
