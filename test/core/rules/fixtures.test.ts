// Every rule fixture yields exactly the findings its inline `expect:` comments name, no more.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../../../server/src/core/rules/index';
import { FIXTURES } from '../../helpers';
import { actualFindings, checkSource, describe, expectedFindings, sourceFiles } from './expectations';

const RULE_FIXTURES = path.join(FIXTURES, 'rules');

for (const file of sourceFiles(RULE_FIXTURES)) {
  test(`fixture ${path.relative(RULE_FIXTURES, file)}`, async () => {
    const findings = await checkSource(file);
    const expected = expectedFindings(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(actualFindings(findings), expected, `findings were:\n${describe(findings)}`);
  });
}

test('every rule has a bad fixture that expects it and a good fixture', () => {
  for (const rule of ALL_RULES) {
    const files = sourceFiles(path.join(RULE_FIXTURES, rule.id));
    const bad = files.filter((f) => path.basename(f).startsWith('bad'));
    const good = files.filter((f) => path.basename(f).startsWith('good'));
    assert.ok(good.length > 0, `${rule.id} has no good fixture`);
    assert.ok(
      bad.some((f) => expectedFindings(fs.readFileSync(f, 'utf8')).some((e) => e.startsWith(`${rule.id}@`))),
      `${rule.id} has no bad fixture expecting it`,
    );
  }
});

test('every good fixture is clean', async () => {
  for (const file of sourceFiles(RULE_FIXTURES).filter((f) => path.basename(f).startsWith('good'))) {
    assert.deepEqual(expectedFindings(fs.readFileSync(file, 'utf8')), [], `${file} expects findings`);
  }
});
