// broken-declaration: what the finding says, where it points, and the '=' its quick fix inserts.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import { engine } from '../../helpers';

const TEXT = [
  '#include <linux/livepatch.h>',
  'static int pre(struct klp_object *obj) { return 0; }',
  'static void post_unpatch(struct klp_object *obj) { }',
  '#ifdef CONFIG_RARE',
  'static struct klp_callbacks cbs {',
  '\t.pre_patch = pre,',
  '\t.post_unpatch = post_unpatch,',
  '};',
  '#endif',
  'static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };',
  'static struct klp_object objs[] = { { .funcs = funcs, .callbacks = cbs }, { } };',
  'static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };',
  '',
].join('\n');

test("a missing '=' is an error on the name, naming the config and what is missing", async () => {
  const findings = analyzeText(await engine(), 'demo.c', TEXT).findings;
  assert.deepEqual(
    findings.map((f) => f.rule),
    ['broken-declaration'],
  );
  const [finding] = findings;
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, { start: { line: 4, character: 28 }, end: { line: 4, character: 33 } });
  assert.match(
    finding.message,
    /struct klp_callbacks 'cbs' does not compile \(in builds where CONFIG_RARE holds\)/,
  );
  assert.match(finding.message, /missing '=' before the initializer/);
  const edit = finding.fixes?.[0]?.edits[0];
  assert.ok(edit);
  const line = TEXT.split('\n')[4];
  const fixed =
    line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
  assert.equal(fixed, 'static struct klp_callbacks cbs = {');
});

test('the callbacks of the broken declaration are analysed as meant', async () => {
  const { model } = analyzeText(await engine(), 'demo.c', TEXT);
  const callbacks = model.patches[0]?.objects[0]?.callbacks ?? {};
  assert.deepEqual(Object.keys(callbacks).sort(), ['post_unpatch', 'pre_patch']);
  assert.deepEqual(model.problems, []);
});
