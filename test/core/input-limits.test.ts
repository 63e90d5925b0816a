// Binary detection by content statistics: generated garbage is refused, real C (tabs, UTF-8, CRLF) is read.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../server/src/core/analyze';
import { countNonText, unanalysableReason } from '../../server/src/core/input-limits';
import { engine } from '../helpers';

/** Deterministic bytes (a linear congruential generator), never 0: binary that the NUL test alone let through. */
function garbage(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    bytes[i] = ((state >>> 16) % 255) + 1;
  }
  return bytes;
}

const REAL_C = [
  '// SPDX-License-Identifier: GPL-2.0\r\n',
  '/* Auteur : José Müller — 日本語のコメント ✓ */\r\n',
  '#include <linux/livepatch.h>\r\n',
  '\f\r\n',
  'static int pre(struct klp_object *obj)\r\n{\r\n\tpr_info("«%s»\\n", obj->name);\r\n\treturn 0;\r\n}\r\n',
].join('');

test('generated garbage without NUL bytes is binary', () => {
  for (const seed of [1, 7, 42]) {
    const text = garbage(50_000, seed).toString('utf8');
    assert.ok(!text.includes('\0'));
    assert.match(unanalysableReason(text) ?? '', /binary content \(\d+% of the characters/);
  }
});

test('garbage is refused before parsing: the model says so and nothing else', async () => {
  const loaded = await engine();
  const result = analyzeText(loaded, 'garbage.c', garbage(50_000, 3).toString('utf8'));
  assert.match(result.skipped ?? '', /binary content/);
  assert.deepEqual(
    result.model.problems.map((problem) => problem.kind),
    ['skipped'],
  );
});

test('real C with tabs, CRLF, a form feed and UTF-8 comments is text', async () => {
  assert.equal(countNonText(REAL_C), 0);
  assert.equal(unanalysableReason(REAL_C), undefined);
  const loaded = await engine();
  const result = analyzeText(loaded, 'real.c', REAL_C);
  assert.equal(result.skipped, undefined);
  assert.deepEqual(
    result.model.functions.map((fn) => fn.name),
    ['pre'],
  );
});

test('a few stray bytes (a Latin-1 comment decoded as UTF-8, an escape character) do not make C binary', () => {
  const latin1 = Buffer.from('/* caf\xe9, na\xefve, \xa9 2019 */\nint a;\n', 'latin1').toString('utf8');
  assert.ok(countNonText(latin1) > 0);
  assert.equal(unanalysableReason(latin1), undefined);
  const withEscape = `/* \x1b[1mbold\x1b[0m */\n${'int a;\n'.repeat(50)}`;
  assert.equal(countNonText(withEscape), 2);
  assert.equal(unanalysableReason(withEscape), undefined);
});

test('control characters past the share are binary even in a small file', () => {
  const text = 'int a;\n' + '\x01\x02\x03\x04'.repeat(4);
  assert.match(unanalysableReason(text) ?? '', /binary content/);
});
