// undefined-callback and prototypes: a declaration promises a definition elsewhere, unless the workspace is known whole.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import { engine, FIXTURES } from '../../helpers';

const wiring = path.join(FIXTURES, 'lsp-workspace', 'wiring.c');
const text = fs.readFileSync(wiring, 'utf8');
const definedInHelpers = new Set(['split_pre_patch', 'split_post_patch', 'split_post_unpatch']);

test('a prototype counts as defined elsewhere unless the workspace is the whole project', async () => {
  const loaded = await engine();
  const run = (workspaceIsWholeProject: boolean, workspaceFunctions: Set<string>) =>
    analyzeText(loaded, wiring, text, { check: { workspaceFunctions, workspaceIsWholeProject } })
      .findings.filter((f) => f.rule === 'undefined-callback')
      .map((f) => text.split('\n')[f.range.start.line].trim());
  assert.deepEqual(run(false, new Set()), []);
  assert.deepEqual(run(true, definedInHelpers), ['.pre_unpatch = split_pre_unpatch,']);
  assert.equal(run(true, new Set()).length, 4);
});
