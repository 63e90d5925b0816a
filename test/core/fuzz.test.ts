// A short fixed-seed fuzz run: hostile inputs through the core and every CLI entry point, no exception, no lost model.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFuzz } from '../../scripts/fuzz/run-fuzz';

test('40 fuzzed inputs (up to 64 KB): no exception, caught or not, and no lost model', async () => {
  const report = await runFuzz({ inputs: 40, seed: 20261203, maxBytes: 64 * 1024 });
  assert.equal(report.inputs, 40);
  assert.ok(report.byMutator.size >= 6, [...report.byMutator.keys()].join(', '));
  assert.deepEqual(report.exceptions, []);
  assert.deepEqual(report.lostModels, []);
});
