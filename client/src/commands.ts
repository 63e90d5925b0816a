// The extension's commands: open the trace preview, restart the language server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS } from './ids';
import { TracePreviewPanel, type TraceSourceApi } from './preview/tracePanel';

export function registerCommands(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  source: TraceSourceApi,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.showTracePreview, () => {
      TracePreviewPanel.createOrShow(context.extensionUri, source);
    }),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      await client.restart();
    }),
  ];
}
