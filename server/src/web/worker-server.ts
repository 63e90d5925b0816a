// klp-callbacks-ls in a web worker (VS Code for the Web): the same server over postMessage, the grammar fetched next to the bundle.
import { startWebServer, type MessageEndpoint } from './start-web-server';

/** The worker's global scope, as much of it as is used here. */
const scope = globalThis as unknown as MessageEndpoint & { location: { href: string } };

// dist/web/server.js → the package's grammars/ folder, fetched like any other file of the extension.
const grammars = new URL('../../grammars/', scope.location.href);

startWebServer(scope, () =>
  Promise.resolve({
    runtimeWasm: new URL('web-tree-sitter.wasm', grammars).href,
    grammar: new URL('tree-sitter-c.wasm', grammars).href,
  }),
);
