// The extension's entry: starts the language server, and registers the commands, trace preview and status bar.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { createLanguageClient, requestTrace, requestVerify } from './languageClient';
import { registerTracePreviewSerializer } from './preview/serializer';
import type { TraceSourceApi } from './preview/tracePanel';
import { VerifyProgressNotification } from '../../server/src/protocol';
import { CallbackStatusBar } from './statusBar';
import { registerVerifyCommand } from './verify';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const languageClient = createLanguageClient(context);
  client = languageClient;
  const source: TraceSourceApi = {
    trace: (params) => requestTrace(languageClient, params),
    onDidStart: (listener) =>
      languageClient.onDidChangeState((change) => {
        if (change.newState === State.Running) listener();
      }),
    verify: (params, token) => requestVerify(languageClient, params, token),
    onVerifyProgress: (listener) =>
      languageClient.onNotification(VerifyProgressNotification.method, listener),
  };
  const statusBar = new CallbackStatusBar(source.trace);
  context.subscriptions.push(
    ...registerCommands(context, languageClient, source),
    registerVerifyCommand(context.extensionUri, source),
    registerTracePreviewSerializer(context, source),
    statusBar,
    source.onDidStart(() => statusBar.refresh()),
  );
  // The panel and commands work (with a "starting" notice) while the server starts.
  try {
    await languageClient.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`klp-callbacks: the language server did not start: ${reason}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
