// Replays every scenario recorded on a real kernel (test/fixtures/oracle) through extraction and the simulator.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import { simulate, type LivepatchModule } from '../../../server/src/core/lifecycle/simulate';
import { comparableLines, projectedLines } from '../../../server/src/host/verify/trace-lines';
import { extractFileModel } from '../../../server/src/core/model/extract';
import type { ParserEngine } from '../../../server/src/core/parse/engine';
import { engine, FIXTURES } from '../../helpers';

const ORACLE = path.join(FIXTURES, 'oracle');

const scenarios = fs
  .readdirSync(ORACLE, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** dmesg.txt without its header comment and the timing-dependent lines (see test/fixtures/oracle/README.md). */
function recordedLines(dir: string): string[] {
  return comparableLines(
    fs
      .readFileSync(path.join(dir, 'dmesg.txt'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

/** Every livepatch the directory's .c files define, extracted the way the editor and CLI do. */
function livepatchModules(parser: ParserEngine, dir: string): LivepatchModule[] {
  const modules: LivepatchModule[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.c'))
    .sort()) {
    const filePath = path.join(dir, file);
    const model = extractFileModel(parser, filePath, fs.readFileSync(filePath, 'utf8'));
    assert.deepEqual(model.problems, [], `${file}: extraction problems`);
    for (const patch of model.patches) modules.push({ path: filePath, patch, functions: model.functions });
  }
  return modules;
}

test('the oracle fixtures are there', () => {
  assert.ok(scenarios.length >= 15, `only ${scenarios.length} recorded scenarios in ${ORACLE}`);
});

for (const name of scenarios) {
  test(`simulator matches the real kernel: ${name}`, async () => {
    const dir = path.join(ORACLE, name);
    const scenarioFile = fs.readdirSync(dir).find((f) => f.endsWith('.klpscenario'));
    assert.ok(scenarioFile, `${name} has no .klpscenario`);
    const parsed = parseScenario(fs.readFileSync(path.join(dir, scenarioFile), 'utf8'));
    assert.deepEqual(parsed.errors, []);
    const modules = livepatchModules(await engine(), dir);
    assert.ok(modules.length > 0, `${name}: no livepatch extracted`);
    const simulated = projectedLines(simulate(modules, parsed.actions));
    assert.equal(simulated.join('\n'), recordedLines(dir).join('\n'));
  });
}
