// Generated pathological inputs (deep nesting, huge flat initializers) complete with a correct model and a clear note.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import { errorNodes } from '../../../server/src/core/model/recoveries';
import type { FileModel } from '../../../server/src/core/model/types';
import { deeperThan, MAX_SYNTAX_DEPTH } from '../../../server/src/core/parse/tree-walk';
import { engine, REPO_ROOT } from '../../helpers';

/** A registration that sits in declarations of its own, next to the pathological one. */
const REGISTRATION = `
static void post(struct klp_object *obj) { }
static struct klp_func funcs[] = { { .old_name = "f", .new_func = post }, { } };
static struct klp_object objs[] = {
  { .name = NULL, .funcs = funcs, .callbacks = { .post_patch = post } },
  { }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
`;

function nestedIfs(levels: number): string {
  return `static int deep(struct klp_object *obj)\n{\n${'if (obj) {\n'.repeat(levels)}return 1;\n${'}\n'.repeat(levels)}return 0;\n}\n`;
}

function postPatchOf(model: FileModel): string | undefined {
  return model.patches[0]?.objects[0]?.callbacks.post_patch?.function;
}

function kinds(model: FileModel): string[] {
  return model.problems.map((problem) => `${problem.kind}: ${problem.message}`);
}

test('20,000 nested if statements: the function gets a "too deep" note, the registration beside it is kept', async () => {
  const loaded = await engine();
  const result = analyzeText(loaded, 'deep-if.c', nestedIfs(20_000) + REGISTRATION);
  assert.deepEqual(kinds(result.model), [
    `skipped: nesting deeper than ${MAX_SYNTAX_DEPTH} levels: this declaration is not analysed`,
  ]);
  assert.equal(postPatchOf(result.model), 'post');
  assert.deepEqual(
    result.model.functions.map((fn) => fn.name),
    ['post'],
  );
});

test('nesting under the limit is analysed as before', async () => {
  const loaded = await engine();
  const result = analyzeText(loaded, 'nested-if.c', nestedIfs(100) + REGISTRATION);
  assert.deepEqual(kinds(result.model), []);
  assert.deepEqual(
    result.model.functions.map((fn) => fn.name),
    ['deep', 'post'],
  );
});

test('20,000 levels of broken code: the error search and the model complete', async () => {
  const loaded = await engine();
  // Every level holds a stray token, so every level has an ERROR node for the error search to find.
  const levels = 20_000;
  const broken = `static int broken(struct klp_object *obj)\n{\n${'if (obj) { @ '.repeat(levels)}${'}'.repeat(levels)}\n`;
  const tree = loaded.parse(broken);
  try {
    assert.ok(deeperThan(tree.rootNode));
    // The first-error walk itself, on the whole deep tree: no stack overflow.
    assert.ok(errorNodes(tree.rootNode).length > 0);
  } finally {
    tree.delete();
  }
  const result = analyzeText(loaded, 'broken.c', REGISTRATION + broken);
  assert.equal(postPatchOf(result.model), 'post');
  assert.ok(result.model.problems.length > 0);
  assert.ok(
    result.model.problems.every((problem) => problem.kind !== 'internal'),
    kinds(result.model).join('\n'),
  );
});

test('a 10,000-level nested initializer gets a note; the other declarations keep their facts', async () => {
  const loaded = await engine();
  const levels = 10_000;
  const text = `static int table[] = ${'{'.repeat(levels)}1${'}'.repeat(levels)};\n${REGISTRATION}`;
  const result = analyzeText(loaded, 'deep-init.c', text);
  assert.deepEqual(kinds(result.model), [
    `skipped: nesting deeper than ${MAX_SYNTAX_DEPTH} levels: this declaration is not analysed`,
  ]);
  assert.equal(postPatchOf(result.model), 'post');
});

test('an objs[] of 20,000 elements is read whole, in order, without a note', async () => {
  const loaded = await engine();
  const count = 20_000;
  const elements = Array.from({ length: count }, (_, i) => `  { .name = "m${i}", .funcs = funcs },\n`).join(
    '',
  );
  const text = `static void post(struct klp_object *obj) { }
static struct klp_func funcs[] = { { .old_name = "f", .new_func = post }, { } };
static struct klp_object objs[] = {\n${elements}  { }\n};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };\n`;
  const model = analyzeText(loaded, 'wide.c', text).model;
  assert.deepEqual(kinds(model), []);
  const names = model.patches[0]?.objects.map((object) => object.name) ?? [];
  assert.equal(names.length, count);
  assert.equal(names[0], 'm0');
  assert.equal(names[count - 1], `m${count - 1}`);
});

test('no spread of an array into push() anywhere in server/src (it overflows the stack on large inputs)', () => {
  const offenders: string[] = [];
  const visit = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts') && /\.push\(\s*\.\.\./.test(fs.readFileSync(full, 'utf8')))
        offenders.push(path.relative(REPO_ROOT, full));
    }
  };
  visit(path.join(REPO_ROOT, 'server', 'src'));
  assert.deepEqual(offenders, []);
});
