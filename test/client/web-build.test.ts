// The web build (package.json `browser`): the extension bundle needs nothing but `vscode`, the worker bundle nothing at all from Node.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  browser: string;
  files: string[];
};
const bundle = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
const skip = fs.existsSync(path.join(REPO_ROOT, 'dist', 'web', 'extension.js'))
  ? false
  : 'not built: run npm run build';

test('package.json names the web extension and ships both web bundles', () => {
  assert.equal(manifest.browser, './dist/web/extension.js');
  for (const file of ['dist/web/extension.js', 'dist/web/server.js'])
    assert.ok(manifest.files.includes(file), file);
});

test(
  'the web extension requires only vscode (and fs under Node); Node-only modules are replaced',
  { skip },
  () => {
    const required = new Set(
      [...bundle('dist/web/extension.js').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]),
    );
    // fs: web-tree-sitter's CommonJS build, only when it detects Node (the server may run in the extension host).
    assert.deepEqual([...required].sort(), ['fs', 'vscode']);
  },
);

test("the worker server loads no Node module but under web-tree-sitter's own Node check", { skip }, () => {
  const text = bundle('dist/web/server.js');
  const required = [...text.matchAll(/__require\("([^"]+)"\)/g)].map((m) => m[1]);
  // web-tree-sitter's CommonJS build reads its wasm with fs only when it detects Node.
  assert.deepEqual(required, ['fs']);
  assert.ok(!/\brequire\("(node:)?(path|url|child_process|net)"\)/.test(text));
  // The queries travel inside the bundle: a worker cannot list grammars/queries/c/.
  for (const file of fs.readdirSync(path.join(REPO_ROOT, 'grammars', 'queries', 'c'))) {
    assert.ok(text.includes(JSON.stringify(path.basename(file, '.scm'))), file);
  }
});
