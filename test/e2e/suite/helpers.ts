// Waits on the editor's own events (diagnostics, activation) with timeouts that say what was seen.
import * as path from 'node:path';
import * as vscode from 'vscode';

export const SOURCE = 'klp-callbacks';
export const EXTENSION_ID = 'klp-callbacks.klp-callbacks';

export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e workspace folder is not open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

function describe(diagnostics: vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return 'none';
  return diagnostics.map((d) => `[${codeOf(d)}] line ${d.range.start.line + 1}: ${d.message}`).join('; ');
}

/** Resolves with our diagnostics for uri once `accept` holds, checking now and on every change event. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription.dispose();
      outcome();
    };
    const check = () => {
      const now = ours(uri);
      if (accept(now)) finish(() => resolve(now));
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new Error(
              `timed out after ${timeoutMs / 1000}s waiting for ${what} on ${path.basename(uri.path)}; ` +
                `klp-callbacks diagnostics seen: ${describe(ours(uri))}`,
            ),
          ),
        ),
      timeoutMs,
    );
    check();
  });
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The position of the first occurrence of `needle` in the document (offset `into` characters into it). */
export function positionOf(document: vscode.TextDocument, needle: string, into = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" not found in ${path.basename(document.uri.path)}`);
  return document.positionAt(offset + into);
}

export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) {
    const installed = vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.'));
    throw new Error(
      `extension ${EXTENSION_ID} is not installed (non-builtin: ${installed.join(', ') || 'none'})`,
    );
  }
  await extension.activate();
  return extension;
}
