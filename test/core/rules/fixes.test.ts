// Quick fixes: applying a finding's fix removes that finding and leaves C that still parses cleanly.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import type { Fix } from '../../../server/src/core/rules/types';
import { LineIndex } from '../../../server/src/core/text';
import { engine, FIXTURES, SAMPLES } from '../../helpers';

function applyFix(text: string, fix: Fix): string {
  const lines = new LineIndex(text);
  // Apply from the end so earlier offsets stay valid.
  const edits = fix.edits
    .map((edit) => ({
      start: lines.offsetAt(edit.range.start),
      end: lines.offsetAt(edit.range.end),
      text: edit.newText,
    }))
    .sort((a, b) => b.start - a.start);
  return edits.reduce(
    (result, edit) => result.slice(0, edit.start) + edit.text + result.slice(edit.end),
    text,
  );
}

const FILES = [
  path.join(FIXTURES, 'rules', 'missing-terminator'),
  path.join(FIXTURES, 'rules', 'vmlinux-name'),
  path.join(FIXTURES, 'rules', 'asymmetric-pair'),
  path.join(FIXTURES, 'lsp'),
  path.join(SAMPLES, 'buggy'),
].flatMap((dir) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.c'))
    .map((f) => path.join(dir, f)),
);

test('every offered fix removes its finding without breaking the parse', async () => {
  const loaded = await engine();
  let applied = 0;
  for (const file of FILES) {
    const text = fs.readFileSync(file, 'utf8');
    const before = analyzeText(loaded, file, text).findings;
    for (const finding of before) {
      for (const fix of finding.fixes ?? []) {
        const fixed = applyFix(text, fix);
        const after = analyzeText(loaded, file, fixed).findings.filter((f) => f.rule === finding.rule);
        const label = `${path.basename(file)}:${finding.range.start.line + 1} ${finding.rule} / ${fix.title}`;
        assert.equal(after.length, before.filter((f) => f.rule === finding.rule).length - 1, label);
        const tree = loaded.parse(fixed);
        const beforeTree = loaded.parse(text);
        assert.ok(
          !tree.rootNode.hasError || beforeTree.rootNode.hasError,
          `${label}: the fix broke the parse`,
        );
        tree.delete();
        beforeTree.delete();
        applied++;
      }
    }
  }
  assert.ok(applied >= 3, `only ${applied} fixes were tried`);
});

test('the terminator fix writes { } on its own line after the last element', async () => {
  const loaded = await engine();
  const text = [
    'static struct klp_func funcs[] = {',
    '\t{ .old_name = "f", .new_func = g },',
    '};',
    'static struct klp_object objs[] = {',
    '\t{ .funcs = funcs },',
    '\t{ }',
    '};',
    'static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };',
    '',
  ].join('\n');
  const finding = analyzeText(loaded, 't.c', text).findings.find((f) => f.rule === 'missing-terminator');
  assert.ok(finding?.fixes?.[0]);
  assert.match(applyFix(text, finding.fixes[0]), /\{ \.old_name = "f", \.new_func = g \},\n\t\{ \},\n\};/);
});
