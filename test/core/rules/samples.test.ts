// The clean samples lint clean; each buggy sample reports exactly its planted bugs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../../server/src/core/rules/index';
import { SAMPLES } from '../../helpers';
import { actualFindings, checkSource, describe, expectedFindings, sourceFiles } from './expectations';

const BUGGY = path.join(SAMPLES, 'buggy');
const clean = fs.existsSync(SAMPLES)
  ? sourceFiles(SAMPLES).filter((file) => path.dirname(file) === SAMPLES)
  : [];

for (const file of clean) {
  test(`clean sample ${path.basename(file)} has no finding`, async () => {
    const findings = await checkSource(file);
    assert.deepEqual(findings, [], `findings were:\n${describe(findings)}`);
  });
}

/** The rule ids listed under "Planted bugs:" in a sample's header comment. */
function plantedBugs(text: string): string[] {
  const header = text.slice(0, text.indexOf('*/'));
  const list = header.slice(header.indexOf('Planted bugs:'));
  return [...list.matchAll(/^\s*\*\s+-\s+([a-z0-9-]+)(?:\s+\([a-z]+\))?:/gm)].map((m) => m[1]).sort();
}

for (const file of sourceFiles(BUGGY)) {
  test(`buggy sample ${path.basename(file)} reports exactly its planted bugs`, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const expected = expectedFindings(text);
    assert.ok(expected.length > 0, 'a buggy sample marks its bugs with expect: comments');
    assert.deepEqual(
      expected.map((e) => e.split('@')[0]).sort(),
      plantedBugs(text),
      'the header lists the same bugs as the expect: markers',
    );
    const findings = await checkSource(file);
    assert.deepEqual(actualFindings(findings), expected, `findings were:\n${describe(findings)}`);
  });
}

test('there are buggy samples, and they cover every rule', () => {
  const files = sourceFiles(BUGGY);
  assert.ok(files.length >= 3);
  const covered = new Set(
    files.flatMap((f) => expectedFindings(fs.readFileSync(f, 'utf8')).map((e) => e.split('@')[0])),
  );
  assert.deepEqual(
    ALL_RULES.map((r) => r.id).filter((id) => !covered.has(id)),
    [],
  );
});
