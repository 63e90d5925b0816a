// vscode-languageclient/node for the web build of the extension: the same LanguageClient API, the server started as the web worker dist/web/server.js.
import * as vscode from 'vscode';
import {
  LanguageClient as BrowserLanguageClient,
  type LanguageClientOptions,
} from 'vscode-languageclient/browser';

export * from 'vscode-languageclient/browser';

/** Transports of the Node client; a worker has one transport, postMessage, so they are accepted and ignored. */
export enum TransportKind {
  stdio = 0,
  ipc = 1,
  pipe = 2,
  socket = 3,
}

/** The extension's own id (package.json `publisher.name`): where its files are served from. */
const EXTENSION_ID = 'klp-callbacks.klp-callbacks';

/**
 * Takes the Node client's arguments (client/src/languageClient.ts is shared by both builds) and
 * starts the worker build of the server from the extension's location instead of a Node process.
 */
export class LanguageClient extends BrowserLanguageClient {
  constructor(id: string, name: string, _serverOptions: unknown, clientOptions: LanguageClientOptions) {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) throw new Error(`klp-callbacks: extension ${EXTENSION_ID} is not installed`);
    const script = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'web', 'server.js');
    const WorkerConstructor = (globalThis as unknown as { Worker: new (url: string) => unknown }).Worker;
    super(id, name, new WorkerConstructor(script.toString(true)) as never, clientOptions);
  }
}
