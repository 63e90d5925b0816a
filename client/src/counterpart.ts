// The "go to counterpart" command: asks the server for the callback that undoes (or sets up) the one at the cursor.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CounterpartRequest,
  type CounterpartParams,
  type GoToCounterpartArgument,
} from '../../server/src/protocol';
import { isTraceableDocument } from './ids';

/** From a hover link the argument names the place; from the palette or a key binding, the active cursor. */
export async function goToCounterpart(client: LanguageClient, argument?: unknown): Promise<void> {
  const params = isCounterpartArgument(argument) ? argument : cursorParams();
  if (!params) {
    void vscode.window.showInformationMessage('klp-callbacks: put the cursor on a livepatch callback first.');
    return;
  }
  if (!client.isRunning()) {
    void vscode.window.showInformationMessage('klp-callbacks: the language server is not running.');
    return;
  }
  const result = await client.sendRequest(CounterpartRequest.type, params);
  const locations = (result?.locations ?? []).map(
    (l) =>
      new vscode.Location(
        vscode.Uri.parse(l.uri),
        new vscode.Range(
          l.range.start.line,
          l.range.start.character,
          l.range.end.line,
          l.range.end.character,
        ),
      ),
  );
  if (locations.length === 0) {
    void vscode.window.showInformationMessage(`klp-callbacks: ${result?.reason || 'no counterpart found.'}`);
    return;
  }
  if (locations.length === 1) {
    const [only] = locations;
    await vscode.window.showTextDocument(only.uri, { selection: only.range });
    return;
  }
  // Several objects share the function: let the user pick, as "Go to Definition" does.
  const from = vscode.Uri.parse(params.textDocument.uri);
  const at = new vscode.Position(params.position.line, params.position.character);
  await vscode.commands.executeCommand('editor.action.goToLocations', from, at, locations, 'peek', '');
}

function cursorParams(): CounterpartParams | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isTraceableDocument(editor.document)) return undefined;
  const { line, character } = editor.selection.active;
  return { textDocument: { uri: editor.document.uri.toString() }, position: { line, character } };
}

function isCounterpartArgument(value: unknown): value is GoToCounterpartArgument {
  const candidate = value as Partial<GoToCounterpartArgument> | null | undefined;
  return (
    typeof candidate?.textDocument?.uri === 'string' &&
    Number.isInteger(candidate.position?.line) &&
    Number.isInteger(candidate.position?.character)
  );
}
