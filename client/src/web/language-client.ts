// vscode-languageclient/node for the web build of the extension: the same LanguageClient API, the server in a web worker (or, where the host forbids one, on a MessageChannel).
import * as vscode from 'vscode';
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  LanguageClient as BrowserLanguageClient,
  type LanguageClientOptions,
  type Message,
  type MessageTransports,
} from 'vscode-languageclient/browser';
import { startWebServer, type MessageEndpoint } from '../../../server/src/web/start-web-server';

export * from 'vscode-languageclient/browser';

/** Transports of the Node client; a browser has one, postMessage, so they are accepted and ignored. */
export enum TransportKind {
  stdio = 0,
  ipc = 1,
  pipe = 2,
  socket = 3,
}

/** The extension's own id (package.json `publisher.name`): where its files are. */
const EXTENSION_ID = 'klp-callbacks.klp-callbacks';

interface BrowserGlobals {
  Worker: new (url: string) => unknown;
  MessageChannel: new () => { port1: MessageEndpoint; port2: MessageEndpoint };
}

/**
 * The server as a worker, from the extension's dist/web/server.js. A host that refuses workers
 * for extensions it serves from a remote folder (code-server's web extension host: "Creating
 * workers from remote extensions is currently not supported") gets the same server on a
 * MessageChannel in the extension host itself, its wasm files read through the editor's file system.
 */
function serverOptions(extensionUri: vscode.Uri): () => Promise<MessageTransports | unknown> {
  const browser = globalThis as unknown as BrowserGlobals;
  return async () => {
    let endpoint: MessageEndpoint;
    try {
      const script = vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'server.js').toString(true);
      endpoint = new browser.Worker(script) as MessageEndpoint;
    } catch {
      const channel = new browser.MessageChannel();
      const read = (name: string) =>
        vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'grammars', name));
      startWebServer(channel.port1, async () => ({
        runtimeWasm: await read('web-tree-sitter.wasm'),
        grammar: await read('tree-sitter-c.wasm'),
      }));
      endpoint = channel.port2;
    }
    return { reader: new BrowserMessageReader(endpoint), writer: new PlainDataWriter(endpoint) };
  };
}

/**
 * postMessage clones its data, and settings from `getConfiguration` are proxies it cannot clone
 * ("could not be cloned"): messages are sent as the plain JSON they stand for.
 */
class PlainDataWriter extends BrowserMessageWriter {
  override write(message: Message): Promise<void> {
    return super.write(JSON.parse(JSON.stringify(message)) as Message);
  }
}

/** Takes the Node client's arguments (client/src/languageClient.ts serves both builds); the server options are the web ones. */
export class LanguageClient extends BrowserLanguageClient {
  constructor(id: string, name: string, _serverOptions: unknown, clientOptions: LanguageClientOptions) {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) throw new Error(`klp-callbacks: extension ${EXTENSION_ID} is not installed`);
    super(id, name, serverOptions(extension.extensionUri) as never, clientOptions);
  }
}
