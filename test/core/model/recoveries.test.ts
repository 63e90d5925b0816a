// Error recoveries: each harmless construct of the table is recognised, real errors are not; missing '=' repairs.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskForParsing } from '../../../server/src/core/model/mask';
import { HARMLESS_RECOVERIES, syntaxProblems } from '../../../server/src/core/model/recoveries';
import { findMissingEquals, repairMissingEquals } from '../../../server/src/core/model/repairs';
import { engine } from '../../helpers';

/** One declaration per table entry, written the way real code writes that construct. */
const EXAMPLES: Record<string, string> = {
  'template marker @@…@@': 'static struct klp_object objs[] = { { .name = @@OBJNAME@@ }, { } };',
  '__attribute__ in a parameter list':
    'static int pre(struct klp_object * __attribute__((unused)) obj) { return 0; }',
  'loop macro followed by a block':
    'static void f(struct list_head *head) { struct item *pos; list_for_each_entry(pos, head, node) { g(pos); } }',
  'type name as a macro argument':
    'static void f(struct list_head *h) { struct klp_object *o = list_first_entry(h, struct klp_object, node); }',
};

async function problemsOf(text: string) {
  const tree = (await engine()).parse(maskForParsing(text));
  try {
    return tree.rootNode.namedChildren.flatMap((unit) => (unit ? syntaxProblems(unit) : []));
  } finally {
    tree.delete();
  }
}

test('every harmless recovery has an example', () => {
  assert.deepEqual(Object.keys(EXAMPLES).sort(), HARMLESS_RECOVERIES.map((entry) => entry.label).sort());
});

for (const entry of HARMLESS_RECOVERIES) {
  test(`harmless recovery: ${entry.label}`, async () => {
    const problems = await problemsOf(EXAMPLES[entry.label]);
    assert.deepEqual(
      problems.map((p) => [p.kind, p.constructs]),
      [['recovered', [entry.label]]],
    );
  });
}

test('a real error next to a harmless one makes the declaration a syntax problem', async () => {
  const text = 'static struct klp_object objs[] = { { .name = @@OBJNAME@@, .funcs = }, { } };';
  const problems = await problemsOf(text);
  assert.deepEqual(
    problems.map((p) => p.kind),
    ['syntax'],
  );
});

test('a call that is no loop macro, missing its semicolon before a block, is a syntax error', async () => {
  const problems = await problemsOf('static void f(void) { g(1) { h(); } }');
  assert.deepEqual(
    problems.map((p) => p.kind),
    ['syntax'],
  );
});

test('valid C gives no problem at all', async () => {
  assert.deepEqual(await problemsOf('static int f(int a) { return a; }'), []);
});

test("a missing '=' is overwritten on a blank before the brace, keeping every offset", () => {
  const text = 'static struct klp_callbacks cbs {\n\t.pre_patch = f,\n};\nstatic patch_object obj  \t{ };';
  const repaired = repairMissingEquals(text);
  assert.equal(repaired.length, text.length);
  assert.equal(repaired.split('\n').length, text.split('\n').length);
  assert.match(repaired, /struct klp_callbacks cbs=\{/);
  assert.match(repaired, /patch_object obj {2}=\{/);
  assert.deepEqual(
    findMissingEquals(text).map((found) => [
      found.type,
      found.name,
      text.slice(found.nameStart, found.nameEnd),
    ]),
    [
      ['klp_callbacks', 'cbs', 'cbs'],
      ['patch_object', 'obj', 'obj'],
    ],
  );
});

test('arrays are found; after a line break the brace itself moves; with no blank at all, nothing', () => {
  const text =
    'struct klp_object objs[2] {};\nstruct klp_func funcs{};\nstruct klp_patch p\n{\n\t.mod = M,\n};';
  const found = findMissingEquals(text);
  assert.deepEqual(
    found.map((f) => [f.name, f.overwrites.length > 0]),
    [
      ['objs', true],
      ['funcs', false],
      ['p', true],
    ],
  );
  const repaired = repairMissingEquals(text);
  assert.equal(repaired.length, text.length);
  assert.equal(
    repaired,
    'struct klp_object objs[2]={};\nstruct klp_func funcs{};\nstruct klp_patch p\n=\n{.mod = M,\n};',
  );
});

test('declarations in comments and strings, correct declarations and struct definitions are left alone', () => {
  const text = [
    '/* struct klp_object a { */',
    '// struct klp_patch b {',
    'const char *s = "struct klp_func c {";',
    'struct klp_object d = {};',
    'struct klp_object {',
    'struct klp_object *find(void) {',
  ].join('\n');
  assert.deepEqual(findMissingEquals(text), []);
  assert.equal(repairMissingEquals(text), text);
});
