// The extension's commands: open the trace preview, restart the language server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS } from './ids';
import { parseCounterexampleArgs } from './preview/messages';
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
    // Resolves with what the panel shows (scenario, highlighted event indices) once it has rendered it.
    vscode.commands.registerCommand(COMMANDS.showCounterexample, async (...args: unknown[]) => {
      const parsed = parseCounterexampleArgs(args.length === 1 ? args[0] : args);
      if (!parsed) {
        void vscode.window.showErrorMessage(
          'klp-callbacks: showCounterexample needs { uri, scenario, highlight } arguments.',
        );
        return undefined;
      }
      return TracePreviewPanel.show(context.extensionUri, source, parsed);
    }),
  ];
}
