// Brackets nested past the syntax limit are blanked before the parse; everything shallower is untouched.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { bracketDepth, capNesting, NestingGuard } from '../../../server/src/core/parse/nesting-cap';
import { seededRandom } from '../../../scripts/seeded-random';

test('bracketDepth counts code brackets only: comments, strings and characters do not nest', () => {
  assert.equal(bracketDepth('int f(int a[2]) { return g((a[0])); }'), 4);
  assert.equal(bracketDepth('/* ((((( */ // [[[[[\nx = "(((" + \'(\';'), 0);
  assert.equal(bracketDepth('s = "a \\" ((("; f(x);'), 1);
  // Unterminated literals and comments are ordinary text, as the masking reads them.
  assert.equal(bracketDepth('s = "((\nt;'), 2);
  assert.equal(bracketDepth('/* (( '), 2);
  // A closer with nothing open does not make depth negative.
  assert.equal(bracketDepth(')))) (x)'), 1);
});

test('text no deeper than the limit is left alone (undefined: nothing to copy)', () => {
  assert.equal(capNesting('f(g(h(x)));', 3), undefined);
  assert.equal(capNesting('((((x))))', 4), undefined);
});

test('balanced nesting past the limit: the deeper brackets and their closers become spaces', () => {
  const capped = capNesting('a((((x))))b', 2);
  assert.equal(capped, 'a((  x  ))b');
});

test('unclosed brackets past the limit swallow the closers after them, lines and length kept', () => {
  const text = 'int ok(void) { return 0; }\n' + '(['.repeat(6) + 'if {\n}\nint after(void) { return (1); }\n';
  const capped = capNesting(text, 3);
  assert.ok(capped);
  assert.equal(capped.length, text.length);
  assert.deepEqual(
    [...capped].flatMap((c, i) => (c === '\n' ? [i] : [])),
    [...text].flatMap((c, i) => (c === '\n' ? [i] : [])),
  );
  assert.equal(capped.split('\n')[0], 'int ok(void) { return 0; }');
  assert.equal(capped.split('\n')[1], '([(' + ' '.repeat(9) + 'if  ');
  // Nine openers were blanked: the closers after them are swallowed, the text stays three deep.
  assert.equal(bracketDepth(capped), 3);
  // The first bracket blanked is the fourth of the junk.
  assert.equal(capped.search(/(?<=\n\(\[\() /), 27 + 3);
});

test('brackets inside comments and literals are never blanked', () => {
  const text = '((( /* ((( */ "(((" x)))';
  const capped = capNesting(text, 2);
  assert.ok(capped);
  // The first closer closes the blanked opener: it goes too.
  assert.equal(capped, '((  /* ((( */ "(((" x ))');
});

/** Applies 2,000 seeded edits made of `pieces` and checks the guard against a rescan after each. */
function checkGuard(seed: number, pieces: readonly string[], initial: string): void {
  const random = seededRandom(seed);
  const limit = 4;
  let text = initial;
  const guard = new NestingGuard(text, limit);
  for (let step = 0; step < 2000; step++) {
    const start = random.below(text.length + 1);
    const removed = random.below(Math.min(4, text.length - start) + 1);
    let added = '';
    for (let n = random.below(4); n > 0; n--) added += random.pick(pieces);
    const after = text.slice(0, start) + added + text.slice(start + removed);
    guard.edit(text, after, start, removed, added.length);
    text = after.length > 400 ? after.slice(0, 200) : after;
    if (text !== after) guard.edit(after, text, 200, after.length - 200, 0);
    assert.equal(guard.exceeded, bracketDepth(text) > limit, `after step ${step}: ${JSON.stringify(text)}`);
  }
}

test('the guard of an edited text says it nests too deep exactly when a rescan would', () => {
  // Brackets only: every edit takes the counting path, never the rescan of lexical edits.
  checkGuard(3, ['(', ')', '[', ']', '{', '}', 'x', ' '], '{ f((a)); }');
  // Comments, quotes and escapes too, so edits cross every lexical case.
  const lexical = [
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    'x',
    ' ',
    '\n',
    '/',
    '*',
    '"',
    "'",
    '\\',
    '/*',
    '*/',
    '//',
    'ab',
  ];
  for (const seed of [7, 11, 13]) checkGuard(seed, lexical, '{ f((a)); /* ( */ "[" }');
});
