// The status bar item: the active file's livepatch name(s) and its number of klp-callbacks findings.
import * as vscode from 'vscode';
import type { TraceParams, TraceResult } from '../../server/src/protocol';
import { COMMANDS, isTraceableDocument } from './ids';
import { statusText } from './statusText';

/** The language server's diagnostics carry this source (server/src/lsp/convert.ts). */
const DIAGNOSTIC_SOURCE = 'klp-callbacks';

export class CallbackStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'klpCallbacks.status',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly disposables: vscode.Disposable[] = [];
  private patches: string[] = [];
  /** The file shown: the active editor's, or the last one while a webview has focus. */
  private document: vscode.TextDocument | undefined;
  private generation = 0;

  constructor(private readonly trace: (params: TraceParams) => Promise<TraceResult | null>) {
    this.item.name = 'klp-callbacks';
    this.item.command = COMMANDS.showTracePreview;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      // Diagnostics arrive after each analysis: a good moment to ask for the patch names too.
      vscode.languages.onDidChangeDiagnostics((e) => {
        const shown = this.document?.uri.toString();
        if (e.uris.some((uri) => uri.toString() === shown)) this.refresh();
      }),
    );
    this.refresh();
  }

  refresh(): void {
    const editor = vscode.window.activeTextEditor;
    // No active editor (the trace panel or another webview has focus): keep showing the last file.
    const document = editor?.document ?? this.document;
    if (!document || !isTraceableDocument(document)) {
      this.document = undefined;
      this.item.hide();
      return;
    }
    const generation = ++this.generation;
    if (this.document !== document) this.patches = [];
    this.document = document;
    this.show(document);
    this.trace({ uri: document.uri.toString(), patchesOnly: true }).then(
      (result) => {
        if (generation !== this.generation || !result) return;
        this.patches = result.ownPatches;
        this.show(document);
      },
      () => undefined, // The server is restarting: the count alone is still right.
    );
  }

  private show(document: vscode.TextDocument): void {
    const findings = vscode.languages
      .getDiagnostics(document.uri)
      .filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
    this.item.text = statusText(this.patches, findings);
    this.item.tooltip = 'klp-callbacks: show the callback trace preview';
    this.item.show();
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.item.dispose();
  }
}
