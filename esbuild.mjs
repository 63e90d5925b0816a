// Bundles the CLI, the language server, the VS Code extension and its webview, and copies the wasm assets into grammars/.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.dirname(new URL(import.meta.url).pathname);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const watch = process.argv.includes('--watch');

/** The wasm files come from the pinned npm packages, never from the network. */
export function copyWasm() {
  const grammars = path.join(root, 'grammars');
  const copies = [
    [require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'web-tree-sitter.wasm'],
    [
      path.join(path.dirname(require.resolve('tree-sitter-c/package.json')), 'tree-sitter-c.wasm'),
      'tree-sitter-c.wasm',
    ],
  ];
  for (const [from, name] of copies) fs.copyFileSync(from, path.join(grammars, name));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // The ESM build of web-tree-sitter uses import.meta and crashes when bundled as CommonJS.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  define: { KLP_CALLBACKS_VERSION: JSON.stringify(pkg.version) },
};

const entries = [
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
  // `check`'s worker threads, started by dist/cli.js from the file beside it.
  { entryPoints: ['server/src/cli/check-worker.ts'], outfile: 'dist/check-worker.js' },
  { entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' },
  // The VS Code extension: the editor provides `vscode` at run time.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The trace panel's page: a browser script and its stylesheet, loaded by the webview.
  {
    entryPoints: ['client/webview/main.ts', 'client/webview/main.css'],
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

copyWasm();
if (watch) {
  for (const entry of entries) await (await esbuild.context({ ...common, ...entry })).watch();
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
}
