// A staged check (findings needing no exploration first, the explored rest in slices) ends in exactly checkFile's findings.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText, DocumentAnalyzer } from '../../../server/src/core/analyze';
import { forgetExplorations } from '../../../server/src/core/check/model-check';
import { engine, FIXTURES, SAMPLES } from '../../helpers';
import { LIFECYCLE_RULES, sourceFiles } from './expectations';

const FILES = [
  ...LIFECYCLE_RULES.flatMap((rule) => sourceFiles(path.join(FIXTURES, 'rules', rule))),
  ...sourceFiles(path.join(SAMPLES, 'buggy')),
];

test('with nothing remembered, every lifecycle fixture and buggy sample: the first stage lacks only explored findings, the last equals checkFile', async () => {
  const loaded = await engine();
  let deferred = 0;
  for (const file of FILES) {
    const text = fs.readFileSync(file, 'utf8');
    forgetExplorations();
    const whole = analyzeText(loaded, file, text).findings;
    forgetExplorations();
    const analyzer = new DocumentAnalyzer(loaded, file, text);
    try {
      const staged = analyzer.analyzeStaged();
      const first = staged.first.findings;
      let final = first;
      if (staged.rest) {
        deferred++;
        let step = staged.rest.next();
        while (!step.done) step = staged.rest.next();
        final = step.value.findings;
      }
      staged.dispose();
      const name = path.relative(FIXTURES, file);
      assert.deepEqual(final, whole, name);
      // What the first stage shows, it shows as the last does; what it lacks carries a counterexample.
      const key = (f: (typeof whole)[number]) => JSON.stringify(f);
      const finalKeys = new Set(final.map(key));
      assert.ok(
        first.every((f) => finalKeys.has(key(f))),
        name,
      );
      const firstKeys = new Set(first.map(key));
      assert.ok(
        final.filter((f) => !firstKeys.has(key(f))).every((f) => f.counterexample),
        name,
      );
    } finally {
      analyzer.dispose();
    }
  }
  assert.ok(deferred > 10, `only ${deferred} files deferred an exploration`);
});
