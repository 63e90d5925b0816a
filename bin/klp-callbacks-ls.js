#!/usr/bin/env node
// Runs the bundled language server (stdio), building it first on a fresh checkout.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'server.js');
if (!fs.existsSync(bundle) || !fs.existsSync(path.join(root, 'grammars', 'tree-sitter-c.wasm'))) {
  execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
require(bundle).main();
