// `scenarios` and `trace` on every folder of samples/ and test/fixtures/: no input set breaks them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { BuiltinScenario } from '../../server/src/core/lifecycle/builtins';
import type { TraceEvent } from '../../server/src/core/lifecycle/events';
import { ENOENT } from '../../server/src/core/lifecycle/errno';
import { parseScenario } from '../../server/src/core/lifecycle/scenario';
import { simulate } from '../../server/src/core/lifecycle/simulate';
import { loadLivepatchModules } from '../../server/src/cli/commands/trace';
import type { CliIO } from '../../server/src/cli/io';
import { runCli } from '../../server/src/cli/main';
import { REPO_ROOT } from '../helpers';

const SOURCE = /\.(c|h|patch|diff)$/;

/** Every folder under root (root included) holding a source file at any depth, relative to the repository. */
function sourceFolders(root: string): string[] {
  const folders: string[] = [];
  const walk = (relative: string): boolean => {
    let found = false;
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) found = walk(child) || found;
      else if (SOURCE.test(entry.name)) found = true;
    }
    if (found) folders.push(relative);
    return found;
  };
  walk(root);
  return folders;
}

function quietIO(): CliIO & { text: () => { out: string; err: string } } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTTY: false,
    cwd: REPO_ROOT,
    text: () => ({ out, err }),
  };
}

const folders = [...sourceFolders('samples'), ...sourceFolders('test/fixtures')];

test('every folder of samples/ and test/fixtures/ is listed (the test covers them all)', () => {
  assert.ok(folders.includes('samples') && folders.includes('samples/buggy'));
  assert.ok(folders.includes('test/fixtures') && folders.includes('test/fixtures/oracle'));
  assert.ok(folders.length > 40, `${folders.length} folders`);
});

// One test per folder: each gets the runner's own timeout, and a failure names its folder.
for (const folder of folders) {
  test(`scenarios and trace work on ${folder}: each applicable built-in plays only real inputs`, async () => {
    const listed = quietIO();
    assert.equal(await runCli(['scenarios', folder, '--format', 'json'], listed), 0, folder);
    const { scenarios } = JSON.parse(listed.text().out) as { scenarios: BuiltinScenario[] };
    for (const s of scenarios) {
      if (!s.applicable) assert.match(s.reason ?? '', /^[^\n]+$/, `${folder} ${s.name}: one-line reason`);
      assert.doesNotMatch(s.text, /replace=/, `${folder} ${s.name}: loads patches as written`);
    }
    const applicable = scenarios.filter((s) => s.applicable);
    const first = applicable[0];
    if (!first) {
      // A folder without a livepatch: trace says so in one line.
      const none = quietIO();
      assert.equal(await runCli(['trace', folder, '--scenario', 'target-not-present'], none), 2, folder);
      assert.match(none.text().err, /no livepatch/);
      return;
    }
    const traced = quietIO();
    assert.equal(await runCli(['trace', folder, '--scenario', first.name], traced), 0, folder);
    assert.ok((JSON.parse(traced.text().out) as { events: TraceEvent[] }).events.length > 0);
    // The other built-ins, simulated on the same inputs (one extraction per folder keeps this short).
    const modules = await loadLivepatchModules([folder], quietIO(), 'trace');
    assert.ok(modules, folder);
    for (const s of applicable) {
      const parsed = parseScenario(s.text);
      assert.deepEqual(parsed.errors, [], `${folder} ${s.name}`);
      const unknownNames: TraceEvent[] = simulate(modules, parsed.actions).filter(
        (e) => e.type === 'error' && e.errno === ENOENT && /among the inputs/.test(e.text),
      );
      assert.deepEqual(unknownNames, [], `${folder} ${s.name} names only inputs`);
    }
  });
}
