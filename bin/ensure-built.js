// Builds the bundles on a fresh checkout before a bin launcher loads one of them.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');

/** Returns the absolute path of dist/<name>, building first when it or the grammar wasm is missing. */
module.exports = function ensureBuilt(name) {
  const bundle = path.join(root, 'dist', name);
  if (!fs.existsSync(bundle) || !fs.existsSync(path.join(root, 'grammars', 'tree-sitter-c.wasm'))) {
    execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return bundle;
};
