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
  // The bins' and the extension's entries: server.js and cli.js loaded with V8's code cache.
  { entryPoints: ['server/src/host/server-launcher.ts'], outfile: 'dist/server-launcher.js' },
  { entryPoints: ['server/src/host/cli-launcher.ts'], outfile: 'dist/cli-launcher.js' },
  // "Verify on a real kernel": the child process dist/server.js forks for each run.
  { entryPoints: ['server/src/host/verify/worker.ts'], outfile: 'dist/verify-worker.js' },
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

/** Every query source by name: the web worker cannot list grammars/queries/c/, so they are inlined. */
function querySources() {
  const dir = path.join(root, 'grammars', 'queries', 'c');
  const sources = {};
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.scm'))
    .sort()) {
    sources[path.basename(file, '.scm')] = fs.readFileSync(path.join(dir, file), 'utf8');
  }
  return sources;
}

const shim = (name) => path.join(root, 'server', 'src', 'web', 'shims', `${name}.ts`);
// The same language server in a web worker (the extension's `browser` side): LSP over postMessage,
// node:fs/path/url replaced by browser shims, the grammar fetched from the extension's grammars/.
entries.push({
  entryPoints: ['server/src/web/worker-server.ts'],
  outfile: 'dist/web/server.js',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  alias: {
    ...common.alias,
    'node:fs': shim('fs'),
    'node:path': shim('path'),
    'node:url': shim('url'),
    'node:child_process': shim('child-process'),
    'vscode-languageserver/node': 'vscode-languageserver/browser',
  },
  // web-tree-sitter's CommonJS build requires these only when it runs under Node.
  external: ['fs', 'fs/promises', 'path', 'module', 'url', 'worker_threads'],
  define: { ...common.define, KLP_CALLBACKS_QUERIES: JSON.stringify(querySources()) },
});

// The extension for VS Code for the Web (package.json `browser`): the same extension code, its
// language client started on the worker above, node:path/crypto served by browser shims.
entries.push({
  entryPoints: ['client/src/extension.ts'],
  outfile: 'dist/web/extension.js',
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  alias: {
    ...common.alias,
    'vscode-languageclient/node': path.join(root, 'client', 'src', 'web', 'language-client.ts'),
    'node:fs': shim('fs'),
    'node:path': shim('path'),
    'node:url': shim('url'),
    'node:child_process': shim('child-process'),
    'node:crypto': path.join(root, 'client', 'src', 'web', 'crypto.ts'),
    'vscode-languageserver/node': 'vscode-languageserver/browser',
  },
  // The server may run in the extension host itself (see client/src/web/language-client.ts).
  external: ['vscode', 'fs', 'fs/promises', 'path', 'module', 'url', 'worker_threads'],
  define: { ...common.define, KLP_CALLBACKS_QUERIES: JSON.stringify(querySources()) },
});

copyWasm();
if (watch) {
  for (const entry of entries) await (await esbuild.context({ ...common, ...entry })).watch();
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
}
