// No built-in scenario that shows a violation is shorter than the counterexample the checker reports for it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { violationsIn } from '../../../server/src/core/check/model-check';
import { builtinScenarios } from '../../../server/src/core/lifecycle/builtins';
import { livepatchModulesOf } from '../../../server/src/core/lifecycle/file-modules';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import { FIXTURES, SAMPLES } from '../../helpers';
import { checkSource, LIFECYCLE_RULES, sourceFiles } from '../rules/expectations';
import { contextOf } from './context';

const FILES = [
  ...LIFECYCLE_RULES.flatMap((rule) => sourceFiles(path.join(FIXTURES, 'rules', rule))),
  ...sourceFiles(path.join(SAMPLES, 'buggy')),
  ...sourceFiles(path.join(FIXTURES, 'check')),
].filter((file) => file.endsWith('.c'));

const length = (scenario: string) => parseScenario(scenario).actions.length;

test('every applicable built-in that shows a finding is at least as long as its counterexample', async () => {
  let compared = 0;
  for (const file of FILES) {
    const findings = (await checkSource(file)).filter((f) => f.counterexample);
    if (findings.length === 0) continue;
    const ctx = await contextOf(file);
    for (const builtin of builtinScenarios(livepatchModulesOf(ctx.model)).filter((b) => b.applicable)) {
      const shown = new Set(violationsIn(ctx, builtin.text));
      for (const finding of findings) {
        const counterexample = finding.counterexample;
        if (!counterexample || !shown.has(counterexample.violation)) continue;
        compared++;
        assert.ok(
          length(builtin.text) >= length(counterexample.scenario),
          `${path.basename(file)}: built-in ${builtin.name} (${length(builtin.text)} actions) shows ${finding.rule}@${finding.range.start.line + 1} with fewer actions than its counterexample:\n${counterexample.scenario}`,
        );
      }
    }
  }
  assert.ok(compared > 10, `only ${compared} built-ins showed a finding: the test compares too little`);
});
