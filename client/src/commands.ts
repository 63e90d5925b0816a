// The extension's commands: open the trace preview, run a scenario file in it, restart the language server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { RunScenarioFileCommand } from '../../server/src/protocol';
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
    vscode.commands.registerCommand(COMMANDS.runScenarioFile, async (...args: unknown[]) => {
      // From the code lens: the file's URI; from the palette or title bar: the active scenario editor.
      const [uri] = args as Partial<RunScenarioFileCommand.Arguments>;
      const document =
        typeof uri === 'string'
          ? await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))
          : vscode.window.activeTextEditor?.document;
      if (!document) return;
      TracePreviewPanel.createOrShow(context.extensionUri, source).runScenario(document.getText());
    }),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      await client.restart();
    }),
  ];
}
