// The short soak: rapid incremental edits over JSON-RPC give no error and end in a fresh check's diagnostics.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { runSoak } from '../../scripts/soak/run-soak';

test('300 edits with hovers, code actions, traces and close/reopen cycles: no errors, final diagnostics as check', async () => {
  const report = await runSoak({ documents: 12, edits: 300, cycles: 6, seed: 11, sampleEvery: 100 });
  assert.equal(report.edits, 300);
  assert.equal(report.cycles, 6);
  assert.ok(report.hovers + report.codeActions + report.traces > 0);
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.mismatches, []);
  // The stats request answers with the memory the soak samples (values, not limits: no timing or size asserted).
  const last = report.memory.at(-1)?.stats;
  assert.ok(last && last.wasm > 0 && last.rss > 0 && last.openDocuments === 12, JSON.stringify(last));
});
