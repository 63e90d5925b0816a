// Builds the bundles on a fresh checkout before a bin launcher loads one of them.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');

/**
 * Returns the absolute path of dist/<name>, building first when it or the grammar wasm is missing.
 * Only a checkout builds (it has esbuild.mjs and the dev dependencies); an installed package ships
 * its bundles, and one without them is broken, which is said in one line.
 */
module.exports = function ensureBuilt(name) {
  const bundle = path.join(root, 'dist', name);
  if (fs.existsSync(bundle) && fs.existsSync(path.join(root, 'grammars', 'tree-sitter-c.wasm')))
    return bundle;
  const builder = path.join(root, 'esbuild.mjs');
  if (!fs.existsSync(builder)) {
    process.stderr.write(
      `klp-callbacks: ${bundle} is missing from this installation; reinstall the package\n`,
    );
    process.exit(2);
  }
  execFileSync(process.execPath, [builder], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return bundle;
};
