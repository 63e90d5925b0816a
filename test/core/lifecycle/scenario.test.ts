// The .klpscenario parser: actions, comments, name normalisation, and errors with line numbers.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';

test('every action parses, with comments and blank lines ignored', () => {
  const { actions, errors } = parseScenario(
    [
      '# a comment line',
      '',
      'load target-mod   # trailing comment',
      'load lp replace=1',
      'load lp2 replace=0',
      'unload target-mod',
      'disable lp',
      'enable lp',
      'fail lp',
      'fail lp:vmlinux -ENOMEM',
      'fail lp:target-mod ENOSPC',
      'fail lp:mod -5',
      'succeed lp:mod',
      'succeed lp',
      '  stall  ',
      'settle',
    ].join('\n'),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(actions, [
    { line: 3, text: 'load target-mod', kind: 'load', name: 'target_mod' },
    { line: 4, text: 'load lp replace=1', kind: 'load', name: 'lp', replace: true },
    { line: 5, text: 'load lp2 replace=0', kind: 'load', name: 'lp2', replace: false },
    { line: 6, text: 'unload target-mod', kind: 'unload', name: 'target_mod' },
    { line: 7, text: 'disable lp', kind: 'disable', patch: 'lp' },
    { line: 8, text: 'enable lp', kind: 'enable', patch: 'lp' },
    { line: 9, text: 'fail lp', kind: 'fail', patch: 'lp', object: null, errno: -19 },
    { line: 10, text: 'fail lp:vmlinux -ENOMEM', kind: 'fail', patch: 'lp', object: 'vmlinux', errno: -12 },
    {
      line: 11,
      text: 'fail lp:target-mod ENOSPC',
      kind: 'fail',
      patch: 'lp',
      object: 'target_mod',
      errno: -28,
    },
    { line: 12, text: 'fail lp:mod -5', kind: 'fail', patch: 'lp', object: 'mod', errno: -5 },
    { line: 13, text: 'succeed lp:mod', kind: 'succeed', patch: 'lp', object: 'mod' },
    { line: 14, text: 'succeed lp', kind: 'succeed', patch: 'lp', object: null },
    { line: 15, text: 'stall', kind: 'stall' },
    { line: 16, text: 'settle', kind: 'settle' },
  ]);
});

test('malformed lines are reported with their 1-based line numbers', () => {
  const { errors } = parseScenario(
    [
      'load',
      'load a b',
      'load a replace=2',
      'frobnicate x',
      'fail lp 19',
      'fail lp -EWHAT',
      'fail lp 0',
      'stall now',
      'unload vmlinux',
      'load bad/name',
      'succeed lp -19',
      `load ${'x'.repeat(56)}`,
      'fail :vmlinux',
      'settle # fine',
    ].join('\n'),
  );
  assert.deepEqual(
    errors.map((e) => e.line),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  );
  const byLine = new Map(errors.map((e) => [e.line, e.message]));
  assert.match(byLine.get(1) ?? '', /missing argument for 'load'/);
  assert.match(byLine.get(2) ?? '', /only replace=0\|1 may follow/);
  assert.match(byLine.get(3) ?? '', /replace= takes 0 or 1/);
  assert.match(byLine.get(4) ?? '', /unknown action 'frobnicate'/);
  assert.match(byLine.get(5) ?? '', /'19' is not an errno/);
  assert.match(byLine.get(6) ?? '', /'-EWHAT' is not an errno/);
  assert.match(byLine.get(9) ?? '', /vmlinux/);
  assert.match(byLine.get(12) ?? '', /55-character/);
});

test('the good lines are still returned next to the errors, for editors that show both', () => {
  const { actions, errors } = parseScenario('load a\nbogus\nstall');
  assert.equal(errors.length, 1);
  assert.deepEqual(
    actions.map((a) => a.kind),
    ['load', 'stall'],
  );
});

test('CRLF line endings and an empty scenario', () => {
  assert.deepEqual(parseScenario('stall\r\nsettle\r\n').actions.length, 2);
  assert.deepEqual(parseScenario(''), { actions: [], errors: [] });
});
