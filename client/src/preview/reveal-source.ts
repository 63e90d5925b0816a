// Opens a source the trace panel links to (a callback's definition) in an editor column beside the panel.
import * as vscode from 'vscode';
import type { Range } from '../../../server/src/protocol';

/**
 * Where a source opens from the panel: the editor's column, never the panel's own (the source would
 * cover the panel, whose group it joined when the workbench was restored or the editor moved).
 */
export function sourceColumn(
  column: vscode.ViewColumn | undefined,
  panel: vscode.WebviewPanel | undefined,
): vscode.ViewColumn {
  const own = panel?.viewColumn;
  if (column !== undefined && column !== own) return column;
  return own === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
}

/** Shows `range` of `uriText` (a URI, or a file path the server could not map to one); says why when it cannot. */
export async function revealSource(
  uriText: string,
  range: Range,
  editorColumn: vscode.ViewColumn | undefined,
  panel: vscode.WebviewPanel,
): Promise<void> {
  const uri = /^[a-z][a-z0-9+.-]+:/i.test(uriText) ? vscode.Uri.parse(uriText) : vscode.Uri.file(uriText);
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const selection = new vscode.Range(
      range.start.line,
      range.start.character,
      range.end.line,
      range.end.character,
    );
    await vscode.window.showTextDocument(document, {
      viewColumn: sourceColumn(visible?.viewColumn ?? editorColumn, panel),
      selection,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showWarningMessage(`klp-callbacks: cannot open ${uri.toString()}: ${reason}`);
  }
}
