// The live trace preview: one webview panel that follows the active C file and shows its callback trace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Range, ToWebviewMessage, TraceParams, TraceResult } from '../../../server/src/protocol';
import {
  isTraceableDocument,
  SCENARIO_LANGUAGE_ID,
  SETTINGS,
  SETTINGS_SECTION,
  TRACE_VIEW_TYPE,
} from '../ids';
import { buildPreviewHtml, createNonce } from './html';
import { mergeCustomTrace, parseWebviewMessage } from './messages';

/** Where traces come from (the language client), so the panel does not depend on how it is started. */
export interface TraceSourceApi {
  trace(params: TraceParams): Promise<TraceResult | null>;
  /** Fires when the server (re)starts: traces asked for earlier came back empty. */
  onDidStart(listener: () => void): vscode.Disposable;
}

const NO_FILE =
  'Open a C file (or a kpatch .patch file) with a livepatch to see which callbacks the kernel calls.';
const SERVER_NOT_READY = 'The klp-callbacks language server is starting…';

/** The active editor holds a file the server does not analyse: say so rather than show another file's trace. */
export function notAnalysedNotice(fileName: string): string {
  return (
    `${fileName} is not analysed by klp-callbacks: the trace follows C sources, C headers and ` +
    'kpatch .patch/.diff files. Switch to one to see its callbacks.'
  );
}
const NO_C_FILE_FOR_SCENARIO =
  'Open the livepatch C file (or .patch file) this scenario is written against, then run it again.';

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    // The page may load our bundle and stylesheet, nothing else from disk.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

export class TracePreviewPanel {
  static current: TracePreviewPanel | undefined;

  private document: vscode.TextDocument | undefined;
  /** The active editor's file when it is one the server does not analyse (the panel says so). */
  private notAnalysed: string | undefined;
  private editorColumn: vscode.ViewColumn | undefined;
  private customText = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Each refresh bumps it; an answer for an older one is dropped (a newer edit is on its way). */
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  static createOrShow(extensionUri: vscode.Uri, source: TraceSourceApi): TracePreviewPanel {
    const editor = vscode.window.activeTextEditor;
    if (TracePreviewPanel.current) {
      const existing = TracePreviewPanel.current;
      existing.panel.reveal(undefined, true);
      if (editor) existing.follow(editor);
      return existing;
    }
    const column = editor ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    const panel = vscode.window.createWebviewPanel(
      TRACE_VIEW_TYPE,
      'Callback Trace',
      { viewColumn: column, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    TracePreviewPanel.current = new TracePreviewPanel(panel, extensionUri, source);
    return TracePreviewPanel.current;
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, source: TraceSourceApi): void {
    panel.webview.options = webviewOptions(extensionUri);
    TracePreviewPanel.current?.dispose();
    TracePreviewPanel.current = new TracePreviewPanel(panel, extensionUri, source);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly source: TraceSourceApi,
  ) {
    const webview = panel.webview;
    const asset = (name: string) =>
      webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
    webview.html = buildPreviewHtml({
      cspSource: webview.cspSource,
      scriptUri: asset('main.js'),
      styleUri: asset('main.css'),
      nonce: createNonce(),
    });
    // Opened from a scenario file (or another non-C editor): the C file next to it is the one to trace.
    const active = vscode.window.activeTextEditor;
    const editor =
      active && isTraceableDocument(active.document)
        ? active
        : vscode.window.visibleTextEditors.find((e) => isTraceableDocument(e.document));
    if (editor) this.follow(editor, false);
    else this.document = vscode.workspace.textDocuments.find((d) => isTraceableDocument(d));

    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.window.onDidChangeActiveTextEditor((e) => e && this.follow(e)),
      vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentEvent(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => this.onDocumentEvent(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.onClosed(d)),
      source.onDidStart(() => this.schedule(0)),
      // kpatchObject and objects change which object macro callbacks belong to: the trace changes with them.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SETTINGS_SECTION)) this.schedule(this.delay());
      }),
    );
  }

  /**
   * The panel shows the active editor's file, if it is one the server analyses. A scenario file
   * keeps the trace it runs against; any other file on disk gets a notice, not a stale trace;
   * editors that are no files (output, git copies) change nothing.
   */
  private follow(editor: vscode.TextEditor, refresh = true): void {
    const { document } = editor;
    if (!isTraceableDocument(document)) {
      const isFile = document.uri.scheme === 'file' || document.uri.scheme === 'untitled';
      if (!isFile || document.languageId === SCENARIO_LANGUAGE_ID) return;
      this.notAnalysed = path.basename(document.uri.path);
      if (refresh) this.schedule(0);
      return;
    }
    this.editorColumn = editor.viewColumn;
    const wasNotAnalysed = this.notAnalysed !== undefined;
    this.notAnalysed = undefined;
    if (this.document === document && !wasNotAnalysed) return;
    this.document = document;
    if (refresh) this.schedule(0);
  }

  /** Runs a scenario file's text as the custom scenario, against the C file the panel follows. */
  runScenario(text: string): void {
    this.customText = text;
    this.post({ type: 'scenarioText', text });
    this.schedule(0);
  }

  /** Other open livepatches take part in the trace (e.g. atomic replace): any of them changing counts. */
  private onDocumentEvent(document: vscode.TextDocument): void {
    if (isTraceableDocument(document)) this.schedule(this.delay());
  }

  private onClosed(document: vscode.TextDocument): void {
    if (document === this.document) this.document = undefined;
    this.onDocumentEvent(document);
  }

  private delay(): number {
    const configured = vscode.workspace
      .getConfiguration(SETTINGS_SECTION)
      .get<number>(SETTINGS.tracePreviewDelay);
    return typeof configured === 'number' && configured >= 0 ? configured : 300;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delay);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const document = this.document;
    if (this.notAnalysed !== undefined) {
      this.panel.title = 'Callback Trace';
      this.post({ type: 'notice', text: notAnalysedNotice(this.notAnalysed) });
      return;
    }
    if (!document) {
      this.panel.title = 'Callback Trace';
      this.post({ type: 'notice', text: this.customText.trim() ? NO_C_FILE_FOR_SCENARIO : NO_FILE });
      return;
    }
    const fileName = path.basename(document.uri.path) || document.uri.toString();
    this.panel.title = `Callback Trace: ${fileName}`;
    const uri = document.uri.toString();
    let message: ToWebviewMessage;
    try {
      const builtins = await this.source.trace({ uri });
      const custom = this.customText.trim()
        ? await this.source.trace({ uri, scenario: this.customText })
        : null;
      message = builtins
        ? { type: 'trace', fileName, result: mergeCustomTrace(builtins, custom) }
        : { type: 'notice', text: SERVER_NOT_READY };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      message = { type: 'notice', text: `The trace of ${fileName} could not be computed: ${reason}` };
    }
    if (generation === this.generation) this.post(message);
  }

  private post(message: ToWebviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        // A scenario file run before the page listened: the page shows its text now.
        if (this.customText.trim()) this.post({ type: 'scenarioText', text: this.customText });
        this.schedule(0);
        return;
      case 'customScenario':
        this.customText = message.text;
        this.schedule(0);
        return;
      case 'reveal':
        void this.reveal(message.uri, message.range);
        return;
    }
  }

  private async reveal(uriText: string, range: Range): Promise<void> {
    // A source that is not an open document's URI is a file path (the server could not map it).
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
        viewColumn: visible?.viewColumn ?? this.editorColumn ?? vscode.ViewColumn.One,
        selection,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      void vscode.window.showWarningMessage(`klp-callbacks: cannot open ${uri.toString()}: ${reason}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TracePreviewPanel.current === this) TracePreviewPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
