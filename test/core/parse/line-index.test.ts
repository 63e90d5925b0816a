// LineIndex.edited: the index of an edited text, from the old one, equals the index counted afresh.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../../server/src/core/text';
import { seededRandom } from '../../../scripts/seeded-random';

const PIECES = ['\n', 'a', '\r\n', 'é', '\n\n', 'int x;\n', ''];

/** Every offset's position and every line start's offset, as a fresh index answers them. */
function sameAnswers(edited: LineIndex, text: string, label: string): void {
  const fresh = new LineIndex(text);
  assert.equal(edited.text, text, label);
  assert.equal(edited.lineCount, fresh.lineCount, `${label}: line count`);
  for (let offset = 0; offset <= text.length; offset++) {
    assert.deepEqual(edited.positionAt(offset), fresh.positionAt(offset), `${label}: offset ${offset}`);
  }
  for (let line = 0; line < fresh.lineCount; line++) {
    const position = { line, character: 3 };
    assert.equal(edited.offsetAt(position), fresh.offsetAt(position), `${label}: line ${line}`);
  }
}

test('random edits (newlines inserted, deleted, at both ends) keep the line index exact', () => {
  const next = seededRandom(7).next;
  let index = new LineIndex('first\nsecond\n\nfourth');
  for (let step = 0; step < 400; step++) {
    const text = index.text;
    const start = Math.floor(next() * (text.length + 1));
    const end = Math.min(text.length, start + Math.floor(next() * 6));
    const inserted = PIECES[Math.floor(next() * PIECES.length)];
    index = index.edited(start, end, inserted);
    sameAnswers(index, text.slice(0, start) + inserted + text.slice(end), `step ${step}`);
  }
});

test('a reversed range repeats text as slicing does, and is counted afresh', () => {
  const index = new LineIndex('ab\ncd\nef');
  sameAnswers(index.edited(5, 2, 'X\n'), 'ab\ncdX\n\ncd\nef', 'reversed');
});
