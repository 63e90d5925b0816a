// The per-file extraction budget: past it, the remaining declarations get one 'skipped' note (a fake clock, no timing).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import { engine } from '../../helpers';

const THREE_FUNCTIONS = [
  'static void first(struct klp_object *obj) { }',
  'static void second(struct klp_object *obj) { }',
  'static void third(struct klp_object *obj) { }',
  '',
].join('\n');

/** A clock that advances one millisecond each time it is read. */
function tickingClock(): () => number {
  let now = 0;
  return () => now++;
}

test('declarations past the budget are not analysed, and one note says from where', async () => {
  const loaded = await engine();
  const budget = { milliseconds: 2, clock: tickingClock() };
  const model = analyzeText(loaded, 'slow.c', THREE_FUNCTIONS, { extract: { budget } }).model;
  assert.deepEqual(
    model.functions.map((fn) => fn.name),
    ['first', 'second'],
  );
  assert.deepEqual(
    model.problems.map((problem) => [problem.kind, problem.message, problem.range.start.line]),
    [
      [
        'skipped',
        'the analysis budget for this file was spent: declarations from line 3 on were not analysed',
        2,
      ],
    ],
  );
});

test('within the budget every declaration is read and nothing is noted', async () => {
  const loaded = await engine();
  const budget = { milliseconds: 100, clock: tickingClock() };
  const model = analyzeText(loaded, 'fast.c', THREE_FUNCTIONS, { extract: { budget } }).model;
  assert.deepEqual(
    model.functions.map((fn) => fn.name),
    ['first', 'second', 'third'],
  );
  assert.deepEqual(model.problems, []);
});
