// Runs every extraction fixture and checks the inline `/* expect: ... */` block (test/fixtures/extract/README.md).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { extractFileModel, type ExtractOptions } from '../../../server/src/core/model/extract';
import { fileSystemKernelTree } from '../../../server/src/host/kernel-tree';
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
    const options = fixtureOptions(readBlock(text, 'extract-options'));
    const model = extractFileModel(await engine(), file, text, options);
    assertSubset(model, expected);
    assertRangesInside(model, text);
  });
}

/** ExtractOptions as JSON, except `kernelTree`: a folder under the fixtures read through the file system. */
function fixtureOptions(block: unknown): ExtractOptions {
  const { kernelTree, ...rest } = (block ?? {}) as ExtractOptions & { kernelTree?: string };
  return kernelTree === undefined
    ? rest
    : { ...rest, kernelTree: fileSystemKernelTree(path.join(DIR, kernelTree)) };
}
