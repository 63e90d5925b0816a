// Starts klp-callbacks-ls on a browser message port: a worker's own scope, or one end of a MessageChannel inside a web extension host.
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { createEngine } from '../core/parse/create-engine';
import { startServer } from '../lsp/server';

/** Every grammars/queries/c/*.scm, inlined by esbuild.mjs: a browser cannot list a folder. */
declare const KLP_CALLBACKS_QUERIES: Record<string, string>;

/** A worker's global scope or a MessagePort (the server's lib has no DOM types). */
export type MessageEndpoint = ConstructorParameters<typeof BrowserMessageReader>[0];

/** The wasm files by URL (fetched) or as bytes (read by the editor, e.g. from a remote extension folder). */
export interface WebGrammar {
  runtimeWasm: string | Uint8Array;
  grammar: string | Uint8Array;
}

// The server coalesces keystrokes, and runs model checking in slices, with setImmediate, which
// browsers lack: a MessageChannel message is the next macrotask without setTimeout's 4 ms clamp
// (a thousand slices would otherwise wait four seconds).
const timers = globalThis as unknown as { setImmediate?: (run: () => void) => unknown };
timers.setImmediate ??= nextMacrotask();

function nextMacrotask(): (run: () => void) => void {
  if (typeof MessageChannel === 'undefined') return (run) => void setTimeout(run, 0);
  const queue: (() => void)[] = [];
  const channel = new MessageChannel();
  // The DOM's MessagePort (onmessage starts it); under Node, unref keeps it from holding the process.
  const port = channel.port1 as unknown as { onmessage: (() => void) | null; unref?: () => void };
  port.onmessage = () => queue.shift()?.();
  port.unref?.();
  return (run) => {
    queue.push(run);
    channel.port2.postMessage(null);
  };
}

export function startWebServer(endpoint: MessageEndpoint, grammar: () => Promise<WebGrammar>): void {
  startServer(
    createConnection(new BrowserMessageReader(endpoint), new BrowserMessageWriter(endpoint)),
    async () =>
      createEngine({ ...(await grammar()), queries: new Map(Object.entries(KLP_CALLBACKS_QUERIES)) }),
  );
}
