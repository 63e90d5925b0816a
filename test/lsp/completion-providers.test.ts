// Completion called directly on half-typed text: members with docs, callback functions, macros, snippets.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyzeText, DocumentAnalyzer } from '../../server/src/core/analyze';
import { STRUCT_FIELDS } from '../../server/src/core/docs/struct-fields';
import type { KlpStruct } from '../../server/src/core/model/facts';
import type { ParserEngine } from '../../server/src/core/parse/engine';
import { provideCompletion } from '../../server/src/lsp/features/completion';
import { completionSite } from '../../server/src/lsp/features/completion-site';
import { SNIPPETS } from '../../server/src/lsp/features/snippets';
import { engine } from '../helpers';

let parser: ParserEngine;
before(async () => {
  parser = await engine();
});

/** `|` marks the cursor; it is removed from the text. */
function complete(path: string, marked: string) {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'a cursor mark');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const lines = text.slice(0, offset).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const analyzer = new DocumentAnalyzer(parser, path, text);
  try {
    const doc = { uri: `file://${path}`, model: analyzer.model() };
    return { items: provideCompletion(doc.uri, text, position, [doc]), text, position };
  } finally {
    analyzer.dispose();
  }
}

const labels = (items: { label: string }[]) => items.map((i) => i.label);

const FUNCTIONS = `#include <linux/livepatch.h>
static int half_pre_patch(struct klp_object *obj) { return 0; }
static int half_other_pre(struct klp_object *obj) { return 0; }
static void half_post_unpatch(struct klp_object *obj) { }
static void half_helper(int x) { }
static int half_wrong(void) { return 0; }
static struct klp_func half_funcs[] = { { .old_name = "f", .new_func = half_wrong }, { } };
`;

test('members of .callbacks = { } while typing: the tree is broken, the list is not', () => {
  const { items } = complete(
    '/ws/half.c',
    `${FUNCTIONS}static struct klp_object half_objs[] = {
\t{
\t\t.funcs = half_funcs,
\t\t.callbacks = {
\t\t\t.|
`,
  );
  assert.deepEqual(labels(items), ['.pre_patch', '.post_patch', '.pre_unpatch', '.post_unpatch']);
  for (const item of items) {
    assert.match((item.documentation as { value: string }).value, /Counterpart: `\w+`/);
  }
  const edit = items[0].textEdit as { newText: string; range: { start: { character: number } } };
  assert.equal(edit.newText, '.pre_patch = ');
  assert.equal(edit.range.start.character, 3, 'the typed dot is replaced');
});

test('as a callback value: only functions of the right signature, unregistered ones first', () => {
  const { items } = complete(
    '/ws/value.c',
    `${FUNCTIONS}static struct klp_object value_objs[] = {
\t{
\t\t.funcs = half_funcs,
\t\t.callbacks = {
\t\t\t.post_unpatch = half_post_unpatch,
\t\t\t.pre_patch = half_other_pre,
\t\t\t.pre_patch = |
\t\t},
\t},
\t{ }
};
`,
  );
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  assert.deepEqual(labels(sorted), ['half_pre_patch', 'half_other_pre']);
  assert.match((sorted[1].documentation as { value: string }).value, /Already registered as pre_patch/);
  const postUnpatch = complete(
    '/ws/value2.c',
    `${FUNCTIONS}static struct klp_callbacks cbs = { .post_unpatch = half_p|`,
  );
  assert.deepEqual(labels(postUnpatch.items), ['half_post_unpatch']);
  assert.equal((postUnpatch.items[0].textEdit as { newText: string }).newText, 'half_post_unpatch');
  const noSpace = complete('/ws/value3.c', `${FUNCTIONS}static struct klp_callbacks cbs = { .post_patch =|`);
  assert.equal((noSpace.items[0]?.textEdit as { newText: string }).newText, ' half_post_unpatch');
});

/** An initialiser of each struct, cut where a member is typed. */
const MEMBER_SITES: Record<KlpStruct, string> = {
  klp_patch: 'static struct klp_patch p = {\n\t|',
  klp_object: 'static struct klp_object o[] = {\n\t{\n\t\t|',
  klp_func: 'static struct klp_func f[] = {\n\t{ |',
  klp_callbacks: 'static struct klp_object o = {\n\t.callbacks = { |',
  klp_state: 'static struct klp_patch p = {\n\t.states = (struct klp_state[]) {\n\t\t{ |',
};

for (const [struct, site] of Object.entries(MEMBER_SITES) as [KlpStruct, string][]) {
  for (const field of STRUCT_FIELDS[struct]) {
    test(`member ${struct}.${field.name} is offered, with its type and docs`, () => {
      const { items } = complete(`/ws/${struct}.c`, site);
      const item = items.find((i) => i.label === `.${field.name}`);
      assert.ok(item, `${labels(items).join(', ')}`);
      assert.ok(item.detail?.includes(field.type));
      assert.ok((item.documentation as { value: string }).value.length > 20);
    });
  }
}

test('members the initialiser already sets, before or after the cursor, are not offered again', () => {
  const before = complete(
    '/ws/present.c',
    `${FUNCTIONS}static struct klp_object present_objs[] = {
\t{
\t\t.name = "mod_a", /* .funcs = named in a comment */
\t\t.callbacks = { .pre_patch = half_pre_patch },
\t\t.|
\t}, { }
};
`,
  );
  assert.deepEqual(labels(before.items), ['.funcs'], 'nested .callbacks members and comments do not count');
  const after = complete(
    '/ws/present.c',
    `${FUNCTIONS}static struct klp_object present_objs[] = {
\t{
\t\t.|
\t\t.funcs = half_funcs,
\t\t.callbacks = { .pre_patch = half_pre_patch },
\t}, { }
};
`,
  );
  assert.deepEqual(labels(after.items), ['.name']);

  // While the brace is still open, the next declaration's members are not this brace's.
  const open = complete(
    '/ws/open.c',
    'static struct klp_patch p = {\n\t.|\n;\nstatic struct klp_patch q = { .mod = THIS_MODULE };\n',
  );
  assert.ok(labels(open.items).includes('.mod'), labels(open.items).join(', '));
});

test('no completion in a function body, a comment or a string', () => {
  for (const marked of [
    `${FUNCTIONS}static void f(void)\n{\n\tint x = |`,
    `${FUNCTIONS}static struct klp_callbacks cbs = { /* .| */`,
    `${FUNCTIONS}static struct klp_func ff[] = { { .old_name = ".|`,
  ]) {
    assert.deepEqual(labels(complete('/ws/none.c', marked).items), [], marked);
  }
});

test('kpatch and klp-build macro names at file level, and functions as their argument', () => {
  const kpatch = complete('/ws/kp.c', `#include "kpatch-macros.h"\n${FUNCTIONS}KPATCH_|`);
  assert.deepEqual(
    labels(kpatch.items).filter((l) => l.endsWith('_CALLBACK')),
    [
      'KPATCH_PRE_PATCH_CALLBACK',
      'KPATCH_POST_PATCH_CALLBACK',
      'KPATCH_PRE_UNPATCH_CALLBACK',
      'KPATCH_POST_UNPATCH_CALLBACK',
    ],
  );
  const klp = complete('/ws/klp.c', `${FUNCTIONS}KLP_POST_UNPATCH_CALLBACK(x);\nKLP_|`);
  assert.ok(labels(klp.items).includes('KLP_PRE_PATCH_CALLBACK'));
  assert.ok(!labels(klp.items).some((l) => l.startsWith('KPATCH_')));
  const argument = complete(
    '/ws/kp2.c',
    `#include "kpatch-macros.h"\n${FUNCTIONS}KPATCH_PRE_PATCH_CALLBACK(half_|`,
  );
  assert.deepEqual(labels(argument.items).sort(), ['half_other_pre', 'half_pre_patch']);
});

test('in a .patch file: macros on an added line, the hunk prefix left alone', () => {
  const patch = `--- a/drivers/x/drv.c
+++ b/drivers/x/drv.c
@@ -1,3 +1,6 @@
 #include <linux/module.h>
+#include "kpatch-macros.h"
+static int drv_pre(patch_object *obj) { return 0; }
+KPATCH_PRE|
 int x;
`;
  const { items, position } = complete('/ws/fix.patch', patch);
  const item = items.find((i) => i.label === 'KPATCH_PRE_PATCH_CALLBACK');
  assert.ok(item, labels(items).join());
  const range = (item.textEdit as { range: { start: { character: number } } }).range;
  assert.equal(range.start.character, 1, 'after the + column');
  assert.equal(position.character, 11);
  const argument = complete('/ws/fix2.patch', patch.replace('+KPATCH_PRE|', '+KPATCH_PRE_PATCH_CALLBACK(|'));
  assert.deepEqual(labels(argument.items), ['drv_pre']);
  // A removed line, a header or a context line outside any struct offers nothing odd.
  assert.equal(completionSite('--- a/x.c\n', { line: 0, character: 3 }, true).kind, 'none');
  assert.equal(completionSite('-int a;\n', { line: 0, character: 3 }, true).kind, 'none');
});

test('snippets: a whole module where there is no livepatch; an object inside objs[]', () => {
  const empty = complete('/ws/new.c', `#include <linux/module.h>\nliv|`);
  assert.ok(labels(empty.items).includes('livepatch module with callbacks'));
  const already = complete('/ws/has.c', `${FUNCTIONS}static struct klp_patch p = { .objs = 0 };\nliv|`);
  assert.ok(!labels(already.items).includes('livepatch module with callbacks'));
  const element = complete(
    '/ws/el.c',
    `${FUNCTIONS}static struct klp_object el_objs[] = {\n\t{ .funcs = half_funcs },\n\t|`,
  );
  assert.deepEqual(labels(element.items), ['klp_object with callbacks']);
  const nested = complete(
    '/ws/el2.c',
    `${FUNCTIONS}static struct klp_patch p = {\n\t.objs = (struct klp_object[]) {\n\t\t|`,
  );
  assert.deepEqual(labels(nested.items), ['klp_object with callbacks']);
});

test('the module snippet, inserted as it is, is a clean livepatch with all four callbacks', () => {
  const module = SNIPPETS.find((s) => s.site === 'top-level');
  assert.ok(module);
  const analysis = analyzeText(parser, '/ws/snippet_module.c', module.preview);
  assert.deepEqual(
    analysis.findings.map((f) => `${f.rule}: ${f.message}`),
    [],
  );
  const [patch] = analysis.model.patches;
  assert.deepEqual(Object.keys(patch.objects[0].callbacks).sort(), [
    'post_patch',
    'post_unpatch',
    'pre_patch',
    'pre_unpatch',
  ]);
  assert.deepEqual(
    analysis.model.problems.filter((p) => p.kind !== 'recovered'),
    [],
  );
});

test('the object snippet inside objs[] extracts as a module object with four callbacks', () => {
  const object = SNIPPETS.find((s) => s.site === 'element');
  assert.ok(object);
  const text = `#include <linux/livepatch.h>\nstatic struct klp_object s_objs[] = {\n${object.preview}\n{ }\n};\nstatic struct klp_patch s_patch = { .mod = THIS_MODULE, .objs = s_objs };\n`;
  const analysis = analyzeText(parser, '/ws/snippet_object.c', text);
  const [obj] = analysis.model.patches[0].objects;
  assert.equal(obj.name, 'target_module');
  assert.equal(obj.callbacks.pre_patch?.function, 'target_module_pre_patch');
  assert.equal(Object.keys(obj.callbacks).length, 4);
});
