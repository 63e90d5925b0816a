// A change of defined names re-checks only the open documents that register one of them.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { DocumentAnalyzer } from '../../server/src/core/analyze';
import type { ParserEngine } from '../../server/src/core/parse/engine';
import { definedNames, documentsRegistering, namesChanged } from '../../server/src/lsp/recheck';
import { engine } from '../helpers';

let parser: ParserEngine;
before(async () => {
  parser = await engine();
});

function model(path: string, text: string) {
  const analyzer = new DocumentAnalyzer(parser, path, text);
  try {
    return analyzer.model();
  } finally {
    analyzer.dispose();
  }
}

const registering = (fn: string) => `#include <linux/livepatch.h>
static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };
static struct klp_callbacks cbs = { .pre_patch = ${fn} };
static struct klp_object objs[] = { { .funcs = funcs, .callbacks = cbs }, { } };
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
`;

test('only documents registering a changed name are named', () => {
  const open = [
    { uri: 'file:///a.c', model: model('/a.c', registering('alpha_pre')) },
    { uri: 'file:///b.c', model: model('/b.c', registering('beta_pre')) },
    { uri: 'file:///c.c', model: model('/c.c', 'int alpha_pre(void *o) { return 0; }\n') },
  ];
  assert.deepEqual(documentsRegistering(open, new Set(['alpha_pre'])), ['file:///a.c']);
  assert.deepEqual(documentsRegistering(open, new Set(['beta_pre', 'alpha_pre'])), [
    'file:///a.c',
    'file:///b.c',
  ]);
  assert.deepEqual(documentsRegistering(open, new Set(['unrelated'])), []);
  assert.deepEqual(documentsRegistering(open, new Set()), []);
});

test('renaming a function changes both names; an unrelated edit none', () => {
  const before = definedNames(model('/x.c', 'int one(void) { return 0; }\nint two(void) { return 0; }\n'));
  const renamed = definedNames(model('/x.c', 'int one(void) { return 0; }\nint three(void) { return 0; }\n'));
  const edited = definedNames(model('/x.c', 'int one(void) { return 1; }\nint two(void) { return 2; }\n'));
  assert.deepEqual([...namesChanged(before, renamed)].sort(), ['three', 'two']);
  assert.deepEqual([...namesChanged(before, edited)], []);
  assert.deepEqual([...definedNames(undefined)], []);
});
