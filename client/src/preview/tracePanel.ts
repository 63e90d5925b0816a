// The live trace preview: one webview panel that follows the active C file and shows its callback trace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelFocus, ToWebviewMessage, TracePreviewFocus } from '../../../server/src/protocol';
import {
  COMMANDS,
  documentSchemes,
  isTraceableDocument,
  SCENARIO_LANGUAGE_ID,
  SETTINGS,
  SETTINGS_SECTION,
  TRACE_VIEW_TYPE,
} from '../ids';
import { buildPreviewHtml, createNonce } from './html';
import { parseWebviewMessage } from './messages';
import { panelContent } from './panel-content';
import { PanelVerify } from './panel-verify';
import { revealSource, sourceColumn } from './reveal-source';
import { saveScenarioText } from './save-scenario';
import type { TraceSourceApi } from './trace-source';

export type { TraceSourceApi } from './trace-source';

/** How long show() waits for the page to render a scenario before it gives up (resolving undefined). */
const SHOW_TIMEOUT_MS = 60_000;

/** Where the panel should open: a document, a built-in name or scenario text, the events to highlight. */
export interface PanelTarget {
  uri: string;
  /** A built-in scenario name, or scenario text (the custom scenario); absent: every built-in. */
  scenario?: string;
  /** Event indices to highlight and scroll to. */
  highlight?: number[];
}

/** What the page answered once it rendered a target: the scenario selected and the events highlighted. */
export interface ShownTarget {
  scenario: string;
  highlighted: number[];
}

/** Built-in names are kebab-case with at least one hyphen; no scenario action is (`stall` is text). */
const BUILTIN_NAME = /^\s*[a-z0-9]+(-[a-z0-9]+)+\s*$/;

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
  /** The page said `ready`: messages posted now are received (before, a `show` waits here). */
  private webviewReady = false;
  private pendingFocus: PanelFocus | undefined;
  private shownWaiters: ((shown: ShownTarget | undefined) => void)[] = [];
  /** "Verify on a real kernel": the button's probe, clicks, progress and results. */
  readonly verify: PanelVerify;

  /**
   * The panel's entry point for commands (counterexamples, scenario files, code lenses): opens `uri` in
   * an editor, the panel beside it, selects the scenario and highlights the events. Resolves once the page
   * has rendered it (undefined if it never does).
   */
  static async show(
    extensionUri: vscode.Uri,
    source: TraceSourceApi,
    target: PanelTarget,
  ): Promise<ShownTarget | undefined> {
    const uri = vscode.Uri.parse(target.uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    await vscode.window.showTextDocument(document, {
      viewColumn: sourceColumn(
        visible?.viewColumn ?? TracePreviewPanel.current?.editorColumn,
        TracePreviewPanel.current?.panel,
      ),
      preserveFocus: false,
    });
    const panel = TracePreviewPanel.createOrShow(extensionUri, source);
    return panel.focus(document, target);
  }

  private focus(document: vscode.TextDocument, target: PanelTarget): Promise<ShownTarget | undefined> {
    this.document = document;
    const scenario = target.scenario ?? '';
    const all = scenario.trim() === '';
    const builtin = all || BUILTIN_NAME.test(scenario);
    if (!builtin) this.customText = scenario;
    const focus: PanelFocus = {
      scenario: all ? 'all' : builtin ? scenario.trim() : scenario,
      builtin,
      highlight: target.highlight ?? [],
    };
    const shown = new Promise<ShownTarget | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), SHOW_TIMEOUT_MS);
      this.shownWaiters.push((answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
    });
    if (this.webviewReady) this.post({ type: 'show', focus });
    else this.pendingFocus = focus;
    this.schedule(0);
    return shown;
  }
  /** A callback asked for (code lens, hover link), sent after the next trace once the page listens. */
  private pendingCallbackFocus: Extract<ToWebviewMessage, { type: 'focus' }> | undefined;

  static createOrShow(
    extensionUri: vscode.Uri,
    source: TraceSourceApi,
    focus?: TracePreviewFocus,
  ): TracePreviewPanel {
    const editor = vscode.window.activeTextEditor;
    if (TracePreviewPanel.current) {
      const existing = TracePreviewPanel.current;
      existing.panel.reveal(undefined, true);
      if (editor) existing.follow(editor);
      if (focus) existing.focusOn(focus);
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
    if (focus) TracePreviewPanel.current.focusOn(focus);
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
    this.verify = new PanelVerify(
      source,
      (m) => this.post(m),
      () => ({
        uri: this.document?.uri.toString(),
        customText: this.customText,
      }),
    );
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
      source.onDidStart(() => {
        this.schedule(0);
        if (this.webviewReady) void this.verify.probe();
      }),
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
      const isFile = documentSchemes().includes(document.uri.scheme);
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

  /** Shows the trace of `focus.uri` with the callback's calls highlighted and a scenario where it runs selected. */
  focusOn(focus: TracePreviewFocus): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === focus.uri);
    if (document && isTraceableDocument(document)) this.document = document;
    const scenario = focus.scenario ? { scenario: focus.scenario } : {};
    this.pendingCallbackFocus = { type: 'focus', function: focus.function, ...scenario };
    this.schedule(0);
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
    const { title, message } = await panelContent(this.source, {
      document: this.document,
      notAnalysed: this.notAnalysed,
      customText: this.customText,
    });
    // A newer edit or editor switch is on its way: its answer is the one to show.
    if (generation !== this.generation) return;
    this.panel.title = title;
    this.post(message);
    // Once: later traces (each keystroke) must not undo the user's own choice of scenario.
    if (this.pendingCallbackFocus && this.webviewReady && message.type === 'trace') {
      this.post(this.pendingCallbackFocus);
      this.pendingCallbackFocus = undefined;
    }
  }

  private post(message: ToWebviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.webviewReady = true;
        void this.verify.probe();
        if (this.pendingFocus) this.post({ type: 'show', focus: this.pendingFocus });
        this.pendingFocus = undefined;
        // A scenario file run before the page listened: the page shows its text now.
        if (this.customText.trim()) this.post({ type: 'scenarioText', text: this.customText });
        this.schedule(0);
        return;
      case 'shown':
        for (const resolve of this.shownWaiters.splice(0))
          resolve({ scenario: message.scenario, highlighted: message.highlighted });
        return;
      case 'copy':
        void vscode.env.clipboard
          .writeText(message.text)
          .then(() =>
            vscode.window.setStatusBarMessage(`klp-callbacks: trace copied as ${message.what}`, 4000),
          );
        return;
      case 'saveScenario':
        void saveScenarioText(message.text, this.document?.uri);
        return;
      case 'customScenario':
        this.customText = message.text;
        this.schedule(0);
        return;
      case 'reveal':
        void revealSource(message.uri, message.range, this.editorColumn, this.panel);
        return;
      case 'verify': {
        const target = this.verify.target(message.scenario);
        if (target) void vscode.commands.executeCommand(COMMANDS.verifyScenario, target);
        return;
      }
    }
  }

  /** Whether the panel follows `target.uri` with `target.scenario` (a built-in name or the custom text) in it. */
  shows(target: { uri: string; scenario: string }): boolean {
    if (this.document?.uri.toString() !== target.uri) return false;
    return BUILTIN_NAME.test(target.scenario) || this.customText === target.scenario;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TracePreviewPanel.current === this) TracePreviewPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const resolve of this.shownWaiters.splice(0)) resolve(undefined);
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
