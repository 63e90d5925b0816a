// Runs every extraction fixture and checks the inline `/* expect: ... */` block (test/fixtures/extract/README.md).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { extractFileModel, type ExtractOptions } from '../../../server/src/core/model/extract';
import { engine, FIXTURES } from '../../helpers';
import { assertSubset, readBlock } from './expectations';
import { assertRangesInside } from './ranges';

const DIR = path.join(FIXTURES, 'extract');
const files = fs
  .readdirSync(DIR)
  .filter((f) => /\.(c|h|patch|diff)$/.test(f))
  .sort();

test('there are extraction fixtures', () => {
  assert.ok(files.length >= 15, `only ${files.length} fixtures`);
});

for (const file of files) {
  test(`fixture ${file}`, async () => {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    const expected = readBlock(text, 'expect');
    assert.ok(expected !== undefined, `${file} has no /* expect: ... */ block`);
    const options = (readBlock(text, 'extract-options') ?? {}) as ExtractOptions;
    const model = extractFileModel(await engine(), file, text, options);
    assertSubset(model, expected);
    assertRangesInside(model, text);
  });
}
