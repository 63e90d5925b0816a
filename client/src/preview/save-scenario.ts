// "Save as .klpscenario": asks where (next to the traced file by default) and writes the custom scenario.
import * as vscode from 'vscode';

export async function saveScenarioText(text: string, near: vscode.Uri | undefined): Promise<void> {
  if (text.trim() === '') {
    void vscode.window.showInformationMessage(
      'klp-callbacks: the custom scenario is empty: nothing to save.',
    );
    return;
  }
  const defaultUri = near
    ? vscode.Uri.joinPath(near, '..', 'scenario.klpscenario')
    : vscode.workspace.workspaceFolders?.[0]
      ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'scenario.klpscenario')
      : undefined;
  const target = await vscode.window.showSaveDialog({
    defaultUri,
    filters: { 'Livepatch scenarios': ['klpscenario'] },
    saveLabel: 'Save scenario',
  });
  if (!target) return;
  try {
    await vscode.workspace.fs.writeFile(
      target,
      new TextEncoder().encode(text.endsWith('\n') ? text : `${text}\n`),
    );
    vscode.window.setStatusBarMessage(`klp-callbacks: scenario saved to ${target.fsPath}`, 4000);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`klp-callbacks: cannot save ${target.toString()}: ${reason}`);
  }
}
