// klp-callbacks-ls in a web worker (VS Code for the Web, code-server's web extension host): the same server over postMessage, the grammar fetched.
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { createEngine } from '../core/parse/create-engine';
import { startServer } from '../lsp/server';

/** Every grammars/queries/c/*.scm, inlined by esbuild.mjs: a worker cannot list a folder. */
declare const KLP_CALLBACKS_QUERIES: Record<string, string>;

/** The worker's global scope, as much of it as is used here (the server's lib has no DOM types). */
const scope = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0] & {
  location: { href: string };
};

// The server coalesces keystrokes with setImmediate, which browsers lack: the next macrotask is the same turn.
const timers = globalThis as unknown as { setImmediate?: (run: () => void) => unknown };
timers.setImmediate ??= (run) => setTimeout(run, 0);

// dist/web/server.js → the package's grammars/ folder, fetched like any other file of the extension.
const grammars = new URL('../../grammars/', scope.location.href);

startServer(createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope)), () =>
  createEngine({
    runtimeWasm: new URL('web-tree-sitter.wasm', grammars).href,
    grammar: new URL('tree-sitter-c.wasm', grammars).href,
    queries: new Map(Object.entries(KLP_CALLBACKS_QUERIES)),
  }),
);
