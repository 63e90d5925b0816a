// The built-in catalogue runs on every module this repository extracts: samples and all fixtures.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { builtinScenarios } from '../../../server/src/core/lifecycle/builtins';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import { simulate, type LivepatchModule } from '../../../server/src/core/lifecycle/simulate';
import { extractFileModel } from '../../../server/src/core/model/extract';
import { engine, FIXTURES, SAMPLES } from '../../helpers';

/** Source files grouped by folder: a folder's livepatches are traced together (stacking, replace). */
function sourcesByFolder(root: string, into = new Map<string, string[]>()): Map<string, string[]> {
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) sourcesByFolder(full, into);
    else if (/\.(c|patch|diff)$/.test(entry.name)) into.set(root, [...(into.get(root) ?? []), full]);
  }
  return into;
}

test('every applicable built-in parses and simulates for every folder of modules', async () => {
  const loaded = await engine();
  let traced = 0;
  for (const [folder, files] of [...sourcesByFolder(SAMPLES), ...sourcesByFolder(FIXTURES)]) {
    const modules: LivepatchModule[] = [];
    for (const file of files) {
      const model = extractFileModel(loaded, file, fs.readFileSync(file, 'utf8'));
      for (const patch of model.patches) modules.push({ path: file, patch, functions: model.functions });
    }
    // Two files naming the same patch (copies kept for other tests) cannot be loaded together.
    const names = modules.map((m) => m.patch.name);
    const unique = modules.filter((m, i) => names.indexOf(m.patch.name) === i);
    for (const scenario of builtinScenarios(unique)) {
      if (!scenario.applicable) {
        assert.ok(scenario.reason, `${folder}: ${scenario.name} gives no reason`);
        continue;
      }
      const parsed = parseScenario(scenario.text);
      assert.deepEqual(parsed.errors, [], `${folder}: ${scenario.name}`);
      const events = simulate(unique, parsed.actions);
      assert.equal(events[0]?.type, 'action', `${folder}: ${scenario.name}`);
      traced++;
    }
  }
  assert.ok(traced > 100, `only ${traced} traces ran`);
});
