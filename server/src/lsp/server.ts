// klp-callbacks-ls: wires the LSP connection to the document store and the feature providers.
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { loadEngine, type ParserEngine } from '../core/parse/engine';
import { TraceRequest, type TraceResult } from '../protocol';
import { DocumentStore } from './documents';
import { provideCodeActions } from './features/code-actions';
import { provideDiagnostics } from './features/diagnostics';
import { provideDefinition } from './features/definition';
import { provideHover } from './features/hover';
import { provideReferences } from './features/references';
import type { OpenModel } from './features/registrations';
import { provideDocumentSymbols, provideWorkspaceSymbols } from './features/symbols';
import { provideTrace } from './features/trace';
import { readSettings, settingsFor, toAnalyzeOptions, type ServerSettings } from './settings';
import { KernelTrees } from './kernel-trees';
import { indexWorkspaceFunctions, type WorkspaceFunctions } from './workspace-index';
import { packageVersion } from '../version';
import { readServerCommandLine } from './command-line';

/** `loadParser`: the grammar from disk (Node), or fetched (the web worker, server/src/web/). */
export function startServer(
  connection: Connection,
  loadParser: () => Promise<ParserEngine> = loadEngine,
): void {
  let store: DocumentStore | undefined;
  let engine: ParserEngine | undefined;
  let workspaceFolders: string[] = [];
  const kernelTrees = new KernelTrees();
  // Until the workspace is indexed, a callback missing from the open documents may be defined on disk.
  let workspace: WorkspaceFunctions = { names: new Set(), complete: false, wholeProject: false };
  const pending = new Set<string>();
  let flushScheduled = false;

  const guarded = <T>(what: string, run: () => T, fallback: T): T => {
    try {
      return run();
    } catch (error) {
      // One bad document must never take the server (and the user's other documents) down.
      connection.console.error(
        `klp-callbacks: ${what} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      return fallback;
    }
  };

  const publish = (uri: string) => {
    if (!store?.has(uri)) return;
    const version = store.version(uri);
    const analysis = guarded(`analysing ${uri}`, () => store?.analysis(uri, workspace), undefined);
    if (!analysis) return;
    void connection.sendDiagnostics({ uri, version, diagnostics: provideDiagnostics(analysis, uri) });
  };

  // Coalesces bursts of keystrokes into one analysis per document.
  const schedule = (uris: Iterable<string>) => {
    for (const uri of uris) pending.add(uri);
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(() => {
      flushScheduled = false;
      const batch = [...pending];
      pending.clear();
      batch.forEach(publish);
    });
  };

  const functionNames = (uri: string) =>
    (guarded('extracting', () => store?.model(uri), undefined)?.functions ?? [])
      .map((f) => f.name)
      .join('\n');

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    engine = await loadParser();
    store = new DocumentStore(engine, (file) => kernelTrees.forDocument(file));
    store.configure(perDocument(readSettings(params.initializationOptions)));
    workspaceFolders = (params.workspaceFolders ?? [])
      .map((folder) => folder.uri)
      .concat(params.rootUri && !params.workspaceFolders ? [params.rootUri] : [])
      .filter((uri) => uri.startsWith('file:'))
      .map((uri) => fileURLToPath(uri));
    kernelTrees.setWorkspaceFolders(workspaceFolders);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        // Custom requests a client may use (the VS Code extension's trace preview).
        experimental: { klpCallbacks: { requests: [TraceRequest.method] } },
      },
      serverInfo: { name: 'klp-callbacks-ls' },
    };
  });

  connection.onInitialized(() => {
    const loaded = engine;
    if (!loaded) return;
    if (workspaceFolders.length === 0) {
      // No folder: the open documents are all there is to read, but other files may well exist.
      workspace = { names: new Set(), complete: true, wholeProject: false };
      return;
    }
    indexWorkspaceFunctions(loaded, workspaceFolders).then(
      (indexed) => {
        workspace = indexed;
        if (!indexed.complete) {
          connection.console.info(
            'klp-callbacks: the workspace has too many C files to index; undefined-callback is off',
          );
        }
        store?.invalidateFindings();
        schedule(store?.uris() ?? []);
      },
      (error: unknown) =>
        connection.console.error(`klp-callbacks: indexing the workspace failed: ${String(error)}`),
    );
  });

  connection.onDidChangeConfiguration((change) => {
    store?.configure(perDocument(readSettings(change.settings)));
    schedule(store?.uris() ?? []);
  });

  connection.onDidOpenTextDocument(({ textDocument }) => {
    if (!store) return;
    guarded(
      'opening',
      () => store?.openDocument(textDocument.uri, textDocument.version, textDocument.text),
      undefined,
    );
    store.invalidateFindings();
    schedule(store.uris());
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    if (!store) return;
    const before = functionNames(textDocument.uri);
    const changed = guarded(
      'applying an edit',
      () => store?.change(textDocument.uri, textDocument.version, contentChanges),
      false,
    );
    if (!changed) return;
    if (functionNames(textDocument.uri) !== before) {
      // A callback defined here may be registered in another open document.
      store.invalidateFindings();
      schedule(store.uris());
    } else {
      schedule([textDocument.uri]);
    }
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    store?.close(textDocument.uri);
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    store?.invalidateFindings();
    schedule(store?.uris() ?? []);
  });

  connection.onHover(({ textDocument, position }) => {
    const model = guarded('extracting', () => store?.model(textDocument.uri), undefined);
    return model ? guarded('hover', () => provideHover(model, position), null) : null;
  });

  const openModels = (): OpenModel[] =>
    (store?.uris() ?? []).flatMap((uri) => {
      const model = guarded(`extracting ${uri}`, () => store?.model(uri), undefined);
      return model ? [{ uri, model }] : [];
    });

  connection.onDefinition(({ textDocument, position }) =>
    guarded(
      'definition',
      () => provideDefinition(textDocument.uri, position, openModels(), workspace.definitions),
      [],
    ),
  );

  connection.onReferences(({ textDocument, position, context }) => {
    const text = store?.text(textDocument.uri);
    if (text === undefined) return [];
    return guarded(
      'references',
      () =>
        provideReferences(
          textDocument.uri,
          text,
          position,
          context.includeDeclaration,
          openModels(),
          workspace.definitions,
          workspace.registrations,
        ),
      [],
    );
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const model = guarded('extracting', () => store?.model(textDocument.uri), undefined);
    return model ? guarded('document symbols', () => provideDocumentSymbols(model), []) : [];
  });

  connection.onWorkspaceSymbol(({ query }) =>
    guarded('workspace symbols', () => provideWorkspaceSymbols(query, openModels()), []),
  );

  connection.onCodeAction(({ textDocument, range }) => {
    const analysis = guarded('analysing', () => store?.analysis(textDocument.uri, workspace), undefined);
    const text = store?.text(textDocument.uri);
    if (!analysis || text === undefined) return [];
    return guarded('code actions', () => provideCodeActions(analysis, textDocument.uri, text, range), []);
  });

  connection.onRequest(TraceRequest.type, (params): TraceResult | null => {
    if (!store) return null;
    const open = store;
    return guarded('trace', () => provideTrace(open, params), null);
  });

  connection.onShutdown(() => store?.disposeAll());
  connection.listen();
}

/** Each document is analysed with its folder's settings. */
function perDocument(settings: ServerSettings) {
  return (uri: string) => toAnalyzeOptions(settingsFor(settings, uri));
}

/** The bin launcher calls this; the transport (--stdio, --node-ipc, --socket) comes from argv. */
export function main(): void {
  const commandLine = readServerCommandLine(process.argv.slice(2), packageVersion('dev'));
  if (!commandLine.serve) {
    if (commandLine.stdout) process.stdout.write(commandLine.stdout);
    if (commandLine.stderr) process.stderr.write(commandLine.stderr);
    process.exitCode = commandLine.exitCode;
    return;
  }
  startServer(createConnection(ProposedFeatures.all));
}

// Not in the web worker build, which has no CommonJS module and starts the server itself.
if (typeof module !== 'undefined' && require.main === module) main();
