// conditionsByLine: include guards stay silent, and every line between two directives shares their condition.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditionsByLine } from '../../../server/src/core/model/conditions';

test('an include guard guards nothing worth reporting; an #ifndef that is not one does', () => {
  const guarded = '/* header */\n#ifndef MY_H\n#define MY_H\nint a;\n#ifdef B\nint b;\n#endif\n#endif\n';
  assert.deepEqual(conditionsByLine(guarded).slice(3, 6), [undefined, undefined, 'B']);
  const notGuard = '#ifndef MY_H\nint a;\n#endif\nint b;\n';
  assert.deepEqual(conditionsByLine(notGuard), [undefined, '!MY_H', undefined, undefined, undefined]);
});

test('lines between directives, with a # that is no directive among them, share one condition', () => {
  const text = '#if X\nint a;\n#define S(x) #x\nchar *s = "#if";\n#else\nint b;\n#endif\nint c;\n';
  assert.deepEqual(conditionsByLine(text), [
    undefined,
    'X',
    'X',
    'X',
    undefined,
    '!X',
    undefined,
    undefined,
    undefined,
  ]);
});
