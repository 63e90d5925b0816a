// Every .scm query compiles against the shipped C grammar, and the engine parses C.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { engine, REPO_ROOT } from '../../helpers';

test('every query file under grammars/queries/c compiles', async () => {
  const loaded = await engine();
  const files = fs
    .readdirSync(path.join(REPO_ROOT, 'grammars', 'queries', 'c'))
    .filter((f) => f.endsWith('.scm'))
    .map((f) => path.basename(f, '.scm'))
    .sort();
  assert.ok(files.length > 0);
  assert.deepEqual(loaded.queryNames, files);
  for (const name of files) assert.ok(loaded.query(name).captureNames.length > 0, `${name} captures nothing`);
});

test('the functions query finds definitions, also inside #ifdef', async () => {
  const loaded = await engine();
  const tree = loaded.parse(
    'static int a(void) { return 0; }\n#ifdef X\nvoid *b(int x) { return 0; }\n#endif\n',
  );
  try {
    const names = loaded
      .query('functions')
      .captures(tree.rootNode)
      .filter((c) => c.name === 'name')
      .map((c) => c.node.text);
    assert.deepEqual(names, ['a', 'b']);
  } finally {
    tree.delete();
  }
});
