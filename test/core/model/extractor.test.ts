// ModelExtractor: incremental reuse of per-declaration facts, options, names, robustness on broken input.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { extractFileModel, ModelExtractor, patchNameFromPath } from '../../../server/src/core/model/extract';
import { SyntaxDocument } from '../../../server/src/core/parse/document';
import { engine, FIXTURES } from '../../helpers';

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, 'extract', name), 'utf8');

const RUNTIME = 'runtime-assignment.c';

/**
 * runtime-assignment.c read once by a new extractor, then a line added inside runtime_init (everything
 * after it moves, nothing else changes); `afterFirstPass` looks at the extractor in between.
 */
async function extractedThenEdited(
  afterFirstPass: (extractor: ModelExtractor) => void = () => undefined,
): Promise<{ doc: SyntaxDocument; extractor: ModelExtractor }> {
  const loaded = await engine();
  const doc = new SyntaxDocument(loaded, fixture(RUNTIME));
  const extractor = new ModelExtractor(loaded);
  extractor.extract(doc.tree, RUNTIME, doc.text);
  afterFirstPass(extractor);
  const line = doc.text.split('\n').findIndex((l) => l.includes('obj->callbacks.post_patch = post_a;'));
  assert.ok(line > 0);
  doc.applyChanges([
    { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '\tpr_info("x");\n' },
  ]);
  return { doc, extractor };
}

test('after an edit inside one function only that declaration is recomputed', async () => {
  const loaded = await engine();
  const { doc, extractor } = await extractedThenEdited();
  try {
    const hits = extractor.cache.hits;
    const misses = extractor.cache.misses;
    const model = extractor.extract(doc.tree, RUNTIME, doc.text);
    assert.equal(extractor.cache.misses - misses, 1, 'only the edited function misses');
    assert.ok(extractor.cache.hits - hits > 10);
    assert.deepEqual(model, extractFileModel(loaded, RUNTIME, doc.text));
    assert.equal(model.patches[0].objects[1].callbacks.pre_patch?.function, 'pre_a');
  } finally {
    extractor.dispose();
    doc.dispose();
  }
});

test('declarations outside the edited span find their cache keys by place, without reading their text', async () => {
  const loaded = await engine();
  const { doc, extractor } = await extractedThenEdited((first) =>
    assert.equal(first.cache.keysByPlace, 0, 'the first pass has no previous places'),
  );
  try {
    const hits = extractor.cache.hits;
    const model = extractor.extract(doc.tree, RUNTIME, doc.text);
    // Every reused declaration (before the edit, or moved after it) was found by place.
    assert.equal(extractor.cache.keysByPlace, extractor.cache.hits - hits);
    assert.ok(extractor.cache.keysByPlace > 10);
    assert.deepEqual(model, extractFileModel(loaded, RUNTIME, doc.text));
    // A whole-text replacement is not a span the cache can trust blindly: it still matches a fresh run.
    doc.applyChanges([{ text: `/* new */\n${doc.text}` }]);
    assert.deepEqual(
      extractor.extract(doc.tree, RUNTIME, doc.text),
      extractFileModel(loaded, RUNTIME, doc.text),
    );
  } finally {
    extractor.dispose();
    doc.dispose();
  }
});

test('declarations that moved keep correct ranges when reused from the cache', async () => {
  const loaded = await engine();
  const extractor = new ModelExtractor(loaded);
  const text = fixture('initializer-two-objects.c');
  const tree = loaded.parse(text);
  const shifted = `/* one more line */\n${text}`;
  const shiftedTree = loaded.parse(shifted);
  try {
    extractor.extract(tree, 'a.c', text);
    const before = extractor.cache.misses;
    const model = extractor.extract(shiftedTree, 'a.c', shifted);
    assert.equal(extractor.cache.misses, before);
    assert.deepEqual(model, extractFileModel(loaded, 'a.c', shifted));
  } finally {
    tree.delete();
    shiftedTree.delete();
  }
});

test('the masked text (directives, __init) is reparsed incrementally and matches a fresh extraction', async () => {
  const loaded = await engine();
  const extractor = new ModelExtractor(loaded);
  const unusedTree = loaded.parse('');
  let text = fixture('ifdef.c').replace('static void debug_helper', 'static void __init debug_helper');
  try {
    const edits: [string, string][] = [
      ['.pre_patch = pre_with_x,', '.pre_patch = pre_with_y,'],
      ['#ifndef CONFIG_SMP', '#ifdef CONFIG_SMP'],
      [
        '{ .name = "guarded", .funcs = funcs },',
        '{ .name = "guarded", .funcs = funcs, .callbacks = { .pre_patch = g } },',
      ],
      ['static struct klp_patch patch', '\n\nstatic struct klp_patch patch'],
    ];
    extractor.extract(unusedTree, 'ifdef.c', text);
    for (const [from, to] of edits) {
      assert.ok(text.includes(from), from);
      text = text.replace(from, to);
      assert.deepEqual(
        extractor.extract(unusedTree, 'ifdef.c', text),
        extractFileModel(loaded, 'ifdef.c', text),
        to,
      );
    }
    const model = extractor.extract(unusedTree, 'ifdef.c', text);
    assert.equal(model.patches[0].objects[0].callbacks.pre_patch?.function, 'pre_with_y');
    assert.equal(model.patches[0].objects[0].callbacks.post_patch?.condition, 'CONFIG_SMP');
    assert.equal(model.patches[0].objects[1].callbacks.pre_patch?.condition, 'CONFIG_MODULES');
  } finally {
    extractor.dispose();
    unusedTree.delete();
  }
});

test('options override the path and the in-file comments', async () => {
  const loaded = await engine();
  const text =
    '/* klp-callbacks: kpatch-object xfs */\n/* klp-callbacks: patch-name from_comment */\nKPATCH_PRE_PATCH_CALLBACK(pre);\n';
  const fromComments = extractFileModel(loaded, 'dir/my-fix.c', text);
  assert.equal(fromComments.patches[0].name, 'from_comment');
  assert.equal(fromComments.patches[0].objects[0].name, 'xfs');
  const fromOptions = extractFileModel(loaded, 'dir/my-fix.c', text, {
    patchName: 'cli',
    kpatchObject: null,
  });
  assert.equal(fromOptions.patches[0].name, 'cli');
  assert.equal(fromOptions.patches[0].objects[0].name, null);
  const plain = extractFileModel(loaded, 'dir/my-fix.c', 'KPATCH_PRE_PATCH_CALLBACK(pre);\n', {
    kpatchObject: 'ext4',
  });
  assert.equal(plain.patches[0].name, 'my_fix');
  assert.equal(plain.patches[0].objects[0].name, 'ext4');
});

test('patchNameFromPath is the module name', () => {
  assert.equal(patchNameFromPath('samples/livepatch-callbacks-demo.c'), 'livepatch_callbacks_demo');
  assert.equal(patchNameFromPath('C:\\src\\kpatch-fix.patch'), 'kpatch_fix');
  assert.equal(patchNameFromPath('plain'), 'plain');
  assert.equal(patchNameFromPath('a.b-c.diff'), 'a.b_c');
});

test('every prefix of every fixture extracts without throwing', async () => {
  const loaded = await engine();
  const dir = path.join(FIXTURES, 'extract');
  for (const file of fs.readdirSync(dir).filter((f) => /\.(c|h|patch)$/.test(f))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (let end = 0; end <= text.length; end += 37) {
      const model = extractFileModel(loaded, file, text.slice(0, end));
      assert.ok(Array.isArray(model.patches) && Array.isArray(model.problems), `${file} cut at ${end}`);
      assert.ok(
        !model.problems.some((p) => p.message.startsWith('extraction failed')),
        `${file} cut at ${end}`,
      );
    }
  }
});

test('binary-looking or odd input yields a model, never an exception', async () => {
  const loaded = await engine();
  for (const text of [
    '\u0000\u0001}}}{{{',
    '#if\n#else\n#endif\n#endif\n',
    'static struct klp_patch',
    '@@ -1 +1 @@\n+x',
    'é'.repeat(50),
  ]) {
    const model = extractFileModel(loaded, 'odd.c', text);
    assert.equal(model.kind, 'c');
    const patch = extractFileModel(loaded, 'odd.patch', text);
    assert.equal(patch.kind, 'patch');
  }
});
