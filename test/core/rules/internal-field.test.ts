// internal-field: the finding sits on the field, its weight follows the value written, core code is left alone.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import type { CheckOptions } from '../../../server/src/core/rules/run';
import { engine, FIXTURES } from '../../helpers';

const DIR = path.join(FIXTURES, 'rules', 'internal-field');

async function findings(file: string, options?: CheckOptions) {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  const all = analyzeText(await engine(), file, text, { check: options }).findings;
  return { text, found: all.filter((f) => f.rule === 'internal-field') };
}

test('each finding points at the post_unpatch_enabled identifier itself', async () => {
  const { text, found } = await findings('bad-runtime-pointer.c');
  const lines = text.split('\n');
  assert.equal(found.length, 2);
  for (const finding of found) {
    const { start, end } = finding.range;
    assert.equal(start.line, end.line);
    assert.equal(lines[start.line].slice(start.character, end.character), 'post_unpatch_enabled');
  }
});

test('true is an error about post_unpatch running unprepared; false or 0 is info', async () => {
  const { found } = await findings('bad-runtime-pointer.c');
  const [armed, cleared] = found;
  assert.equal(armed.severity, 'error');
  assert.match(armed.message, /'true' survives for objects whose pre_patch never ran/);
  assert.equal(cleared.severity, 'info');
  assert.match(cleared.message, /changes nothing/);
  const initializer = await findings('bad.c');
  assert.deepEqual(
    initializer.found.map((f) => f.severity),
    ['error', 'info'],
  );
});

test('a severity set for the rule applies to every finding of it', async () => {
  const { found } = await findings('bad-runtime-pointer.c', { severities: { 'internal-field': 'warning' } });
  assert.deepEqual(
    found.map((f) => f.severity),
    ['warning', 'warning'],
  );
});

test('the same writes in a file that defines no livepatch are the core bookkeeping: not reported', async () => {
  const { found, text: header } = await findings('good-core-header.h');
  assert.deepEqual(found, []);
  // Nor any note: writing the core's bookkeeping registers no callback that could go unattached.
  assert.deepEqual(analyzeText(await engine(), 'core.h', header, {}).model.problems, []);
  // The very same statements, once the file defines an object, are reported.
  const { text } = await findings('good-core-header.h');
  const module = `${text}\nstatic struct klp_callbacks cbs = { .pre_patch = demo_pre_patch };\n`;
  const reported = analyzeText(await engine(), 'module.c', module, {}).findings.filter(
    (f) => f.rule === 'internal-field',
  );
  assert.equal(reported.length, 3);
});
