// The extension's commands: open the trace preview (optionally on one callback), run a scenario file in it, go to a callback's counterpart, restart the server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { RunScenarioFileCommand, TracePreviewFocus } from '../../server/src/protocol';
import { goToCounterpart } from './counterpart';
import { COMMANDS } from './ids';
import { parseCounterexampleArgs } from './preview/messages';
import { TracePreviewPanel, type TraceSourceApi } from './preview/tracePanel';

export function registerCommands(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  source: TraceSourceApi,
): vscode.Disposable[] {
  return [
    // A code lens or hover link passes the callback to show; the title bar and palette pass nothing.
    vscode.commands.registerCommand(COMMANDS.showTracePreview, (focus?: unknown) => {
      TracePreviewPanel.createOrShow(context.extensionUri, source, asFocus(focus));
    }),
    vscode.commands.registerCommand(COMMANDS.goToCounterpart, (argument?: unknown) =>
      goToCounterpart(client, argument),
    ),
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

function asFocus(value: unknown): TracePreviewFocus | undefined {
  const candidate = value as Partial<TracePreviewFocus> | null | undefined;
  if (typeof candidate?.uri !== 'string' || typeof candidate.function !== 'string') return undefined;
  const scenario = typeof candidate.scenario === 'string' ? { scenario: candidate.scenario } : {};
  return { uri: candidate.uri, function: candidate.function, ...scenario };
}
