// The navigation providers called directly on extracted models: precedence of open files, every
// written registration (overridden, #else, unanalysed objects), symbol ranges, queries, broken C.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver/node';
import { DocumentAnalyzer } from '../../server/src/core/analyze';
import type { ParserEngine } from '../../server/src/core/parse/engine';
import { provideDefinition } from '../../server/src/lsp/features/definition';
import { provideReferences } from '../../server/src/lsp/features/references';
import type { OpenModel } from '../../server/src/lsp/features/registrations';
import {
  matchesQuery,
  provideDocumentSymbols,
  provideWorkspaceSymbols,
} from '../../server/src/lsp/features/symbols';
import { engine } from '../helpers';

let parser: ParserEngine;
before(async () => {
  parser = await engine();
});

function open(path: string, text: string): OpenModel & { text: string } {
  const analyzer = new DocumentAnalyzer(parser, path, text);
  try {
    return { uri: `file://${path}`, model: analyzer.model(), text };
  } finally {
    analyzer.dispose();
  }
}

function positionOf(text: string, needle: string, offset = 0) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, needle);
  return { line, character: lines[line].indexOf(needle) + offset };
}

const ALTERNATIVES = `#include <linux/livepatch.h>
static int alt_pre_a(struct klp_object *obj) { return 0; }
static int alt_pre_b(struct klp_object *obj) { return 0; }
static struct klp_func alt_funcs[] = { { .old_name = "f", .new_func = alt_pre_a }, { } };
static struct klp_object alt_objs[] = {
	{
		.funcs = alt_funcs,
		.callbacks = {
#ifdef CONFIG_ALT
			.pre_patch = alt_pre_a,
#else
			.pre_patch = alt_pre_b,
#endif
		},
	},
	{ }
};
static struct klp_patch alt_patch = { .mod = THIS_MODULE, .objs = alt_objs };
`;

test('definition prefers the open text; the disk index answers only for files that are not open', () => {
  const doc = open('/ws/alt.c', ALTERNATIVES);
  const onDisk = new Map([
    [
      'alt_pre_b',
      [
        { path: '/ws/alt.c', range: { start: { line: 90, character: 0 }, end: { line: 90, character: 9 } } },
        { path: '/ws/other.c', range: { start: { line: 4, character: 4 }, end: { line: 4, character: 13 } } },
      ],
    ],
  ]);
  const found = provideDefinition(
    doc.uri,
    positionOf(ALTERNATIVES, '.pre_patch = alt_pre_b', 14),
    [doc],
    onDisk,
  );
  assert.deepEqual(
    found.map((l) => [l.uri, l.range.start.line]),
    [
      [doc.uri, positionOf(ALTERNATIVES, 'static int alt_pre_b').line],
      ['file:///ws/other.c', 4],
    ],
  );
});

test('references include a registration under #else, not only the one that takes effect', () => {
  const doc = open('/ws/alt.c', ALTERNATIVES);
  const found = provideReferences(doc.uri, doc.text, positionOf(ALTERNATIVES, 'alt_pre_b(', 2), false, [doc]);
  assert.deepEqual(
    found.map((l) => l.range.start.line),
    [positionOf(ALTERNATIVES, '.pre_patch = alt_pre_b').line],
  );
});

const ORPHAN = `#include <linux/livepatch.h>
static void orphan_post(struct klp_object *obj) { }
static struct klp_object orphan_obj = {
	.callbacks = { .post_patch = orphan_post },
};
static int orphan_init(void) { return klp_add_object(&orphan_obj); }
`;

test('an object no patch holds still has navigable registrations', () => {
  const doc = open('/ws/orphan.c', ORPHAN);
  const registration = positionOf(ORPHAN, '.post_patch = orphan_post', 16);
  assert.deepEqual(
    provideDefinition(doc.uri, registration, [doc]).map((l) => l.range.start.line),
    [positionOf(ORPHAN, 'static void orphan_post').line],
  );
  assert.equal(provideReferences(doc.uri, doc.text, registration, true, [doc]).length, 2);
});

const MACROS = `static void far_post(struct klp_object *obj) { }
KLP_POST_PATCH_CALLBACK(far_post);










static void far_pre_unpatch(struct klp_object *obj) { }
KLP_PRE_UNPATCH_CALLBACK(far_pre_unpatch);
`;

function assertNested(symbols: DocumentSymbol[], outer?: DocumentSymbol): void {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  for (const symbol of symbols) {
    assert.ok(before(symbol.range.start, symbol.selectionRange.start), symbol.name);
    assert.ok(before(symbol.selectionRange.end, symbol.range.end), symbol.name);
    if (outer) {
      assert.ok(before(outer.range.start, symbol.range.start), `${symbol.name} in ${outer.name}`);
      assert.ok(before(symbol.range.end, outer.range.end), `${symbol.name} in ${outer.name}`);
    }
    assertNested(symbol.children ?? [], symbol);
  }
}

test('symbols of macro registrations written far apart nest inside their object and patch', () => {
  const doc = open('/ws/far-apart.c', MACROS);
  const symbols = provideDocumentSymbols(doc.model);
  assert.deepEqual(
    symbols[0].children?.[0].children?.map((c) => c.name),
    ['post_patch: far_post', 'pre_unpatch: far_pre_unpatch'],
  );
  assertNested(symbols);
});

const QUERIES: [name: string, query: string, matches: boolean][] = [
  ['pre_patch: nav_pre_patch', '', true],
  ['pre_patch: nav_pre_patch', 'NAV', true],
  ['pre_patch: nav_pre_patch', 'prenav', true],
  ['pre_patch: nav_pre_patch', 'pre patch', true],
  ['pre_patch: nav_pre_patch', 'unpatch', false],
  ['vmlinux', 'xv', false],
];
for (const [name, query, matches] of QUERIES) {
  test(`workspace symbol query ${JSON.stringify(query)} ${matches ? 'matches' : 'skips'} ${name}`, () => {
    assert.equal(matchesQuery(name, query), matches);
  });
}

test('half-typed C never throws out of the providers', () => {
  const broken = `static struct klp_object objs[] = { { .callbacks = { .pre_patch = ,\nstatic void f(`;
  const doc = open('/ws/broken.c', broken);
  for (let line = 0; line < 3; line++) {
    for (let character = 0; character < 70; character += 7) {
      const position = { line, character };
      provideDefinition(doc.uri, position, [doc]);
      provideReferences(doc.uri, doc.text, position, true, [doc]);
    }
  }
  provideDocumentSymbols(doc.model);
  provideWorkspaceSymbols('x', [doc]);
  assert.deepEqual(provideDefinition('file:///not/open.c', { line: 0, character: 0 }, [doc]), []);
});
