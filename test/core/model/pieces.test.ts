// Condition text per line, masking and .patch reconstruction: the text-level helpers of extraction.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditionsByLine } from '../../../server/src/core/model/conditions';
import { maskForParsing } from '../../../server/src/core/model/mask';
import { mapToPatch, reconstructPatch, treeRelative } from '../../../server/src/core/model/patch-file';

test('conditions nest, negate for #ifndef/#else and chain #elif', () => {
  const text = [
    '#ifdef A',
    'a',
    '#if B > 1 || C',
    'ab',
    '#elif D',
    'ad',
    '#else',
    'ae',
    '#endif',
    '#else',
    'na',
    '#endif',
    'none',
  ].join('\n');
  const conditions = conditionsByLine(text);
  assert.equal(conditions[1], 'A');
  assert.equal(conditions[3], 'A && (B > 1 || C)');
  assert.equal(conditions[5], 'A && !(B > 1 || C) && D');
  assert.equal(conditions[7], 'A && !(B > 1 || C) && !D');
  assert.equal(conditions[10], '!A');
  assert.equal(conditions[12], undefined);
});

test('continued directives and comments in directives are read as one condition', () => {
  const conditions = conditionsByLine('#if defined(X) && \\\n    defined(Y) /* both */\nx\n#endif\n');
  assert.equal(conditions[2], 'defined(X) && defined(Y)');
});

test('masking keeps every line length and blanks directives and attribute macros', () => {
  const text = 'static int __init f(void)\n{\n#ifdef X\n\treturn 1;\n#endif\n}\n#include <x.h>\n';
  const masked = maskForParsing(text);
  assert.deepEqual(
    masked.split('\n').map((l) => l.length),
    text.split('\n').map((l) => l.length),
  );
  assert.ok(!masked.includes('__init') && !masked.includes('#ifdef') && masked.includes('#include <x.h>'));
});

test('a patch is rebuilt per C file from context and added lines, with lines mapped back', () => {
  const patch = [
    'diff --git a/k/a.c b/k/a.c',
    '--- a/k/a.c',
    '+++ b/k/a.c',
    '@@ -1,3 +1,3 @@',
    ' int a;',
    '-int b;',
    '+int c;',
    ' int d;',
    '\\ No newline at end of file',
    'diff --git a/Makefile b/Makefile',
    '--- a/Makefile',
    '+++ b/Makefile',
    '@@ -1 +1 @@',
    '-x',
    '+y',
    'diff --git a/k/gone.c b/k/gone.c',
    '--- a/k/gone.c',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-int gone;',
  ].join('\n');
  const sources = reconstructPatch(patch);
  assert.deepEqual(
    sources.map((s) => s.path),
    ['k/a.c'],
  );
  assert.equal(sources[0].text, 'int a;\nint c;\nint d;');
  assert.deepEqual(sources[0].lineMap, [4, 6, 7]);
  const mapped = mapToPatch(
    { r: { start: { line: 1, character: 4 }, end: { line: 2, character: 6 } } },
    sources[0].lineMap,
  );
  assert.deepEqual(mapped.r, { start: { line: 6, character: 5 }, end: { line: 7, character: 7 } });
});

test('patch paths lose their first folder as with patch -p1, unless they already start at the tree root', () => {
  assert.equal(treeRelative('b/fs/aio.c'), 'fs/aio.c');
  assert.equal(treeRelative('src/drivers/input/joydev.c'), 'drivers/input/joydev.c');
  assert.equal(treeRelative('linux-6.1/kernel/fork.c'), 'kernel/fork.c');
  assert.equal(treeRelative('drivers/input/joydev.c'), 'drivers/input/joydev.c');
  assert.equal(treeRelative('fix.c'), 'fix.c');
});
