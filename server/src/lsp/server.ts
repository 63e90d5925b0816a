// klp-callbacks-ls: wires the LSP connection to the document store and the feature providers.
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  ProposedFeatures,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { loadEngine, type ParserEngine } from '../core/parse/engine';
import type { FileAnalysis } from '../core/analyze';
import { ServerStatsRequest, TraceRequest, type TraceResult } from '../protocol';
import { VerifyProgressNotification, VerifyScenarioRequest } from '../protocol';
import { forkedVerifier } from '../host/verify/forked-verifier';
import { provideVerifyScenario, verifyResult, type ScenarioVerifier } from './features/verify-scenario';
import { sharedFunctionIrCache } from '../core/flow/cache';
import { provideServerStats } from './features/server-stats';
import { CallbackRunsCache } from './callback-runs-cache';
import { DocumentStore } from './documents';
import { provideCodeActions } from './features/code-actions';
import { provideCodeLenses } from './features/code-lens';
import { provideCompletion } from './features/completion';
import { provideDiagnostics } from './features/diagnostics';
import type { OpenModel } from './features/registrations';
import { provideTrace } from './features/trace';
import { readSettings, settingsFor, toAnalyzeOptions, type ServerSettings } from './settings';
import { KernelTrees } from './kernel-trees';
import { WorkspaceIndex, type WorkspaceFunctions } from './workspace-index';
import { applyFileEvents, buildWithProgress, canWatchFiles, registerFileWatching } from './workspace-sync';
import { definedNames, documentsRegistering, namesChanged } from './recheck';
import { isScenarioDocument, ScenarioDocuments } from './scenario-documents';
import { provideScenarioDiagnostics } from './features/scenario-diagnostics';
import { provideScenarioCompletion, scenarioNames } from './features/scenario-completion';
import { provideScenarioCodeLens } from './features/scenario-code-lens';
import { serverCapabilities } from './capabilities';
import { registerNavigation } from './navigation-handlers';
import { packageVersion } from '../version';
import { readServerCommandLine } from './command-line';
import { continueInSlices } from './deferred-exploration';

/** An analysis or file read this slow gets a line in the output channel. */
const SLOW_MS = 200;

/** `loadParser`: the grammar from disk (Node), or fetched (the web worker, server/src/web/). */
export function startServer(
  connection: Connection,
  loadParser: () => Promise<ParserEngine> = loadEngine,
  /** Runs scenarios on a real kernel (Node only; absent in the web worker). */
  verifier?: ScenarioVerifier,
): void {
  let store: DocumentStore | undefined;
  let engine: ParserEngine | undefined;
  let workspaceFolders: string[] = [];
  let snippetEdits = false;
  let index: WorkspaceIndex | undefined;
  let watchesFiles = false;
  const scenarios = new ScenarioDocuments();
  /** Said in the output channel once the client is initialized (log messages before that may be dropped). */
  const startupLines: string[] = [];
  const kernelTrees = new KernelTrees();
  const callbackRuns = new CallbackRunsCache();
  // Until the workspace is indexed, a callback missing from the open documents may be defined on disk.
  let workspace: WorkspaceFunctions = { names: new Set(), complete: false, wholeProject: false };
  const pending = new Set<string>();
  /** Documents whose next analysis follows their own edit: its model checking runs off the keystroke path. */
  const edited = new Set<string>();
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
    const scenarioText = scenarios.text(uri);
    if (scenarioText !== undefined) {
      const diagnostics = guarded('scenario diagnostics', () => provideScenarioDiagnostics(scenarioText), []);
      void connection.sendDiagnostics({ uri, version: scenarios.version(uri), diagnostics });
      return;
    }
    if (!store?.has(uri)) return;
    const open = store;
    const version = store.version(uri);
    const started = performance.now();
    const send = (analysis: FileAnalysis) =>
      void connection.sendDiagnostics({ uri, version, diagnostics: provideDiagnostics(analysis, uri) });
    if (edited.delete(uri)) {
      // After a keystroke: findings that need no fresh exploration at once, the explored ones right after.
      const staged = guarded(`analysing ${uri}`, () => open.stagedAnalysis(uri, workspace), undefined);
      if (!staged) return;
      logSlow(`analysing ${uri}`, started);
      send(staged.first);
      const exploring = staged.exploring;
      if (exploring)
        continueInSlices(
          () => guarded(`model checking ${uri}`, () => open.exploreSlice(uri, exploring), undefined),
          send,
        );
      return;
    }
    const analysis = guarded(`analysing ${uri}`, () => open.analysis(uri, workspace), undefined);
    if (!analysis) return;
    logSlow(`analysing ${uri}`, started);
    send(analysis);
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
    definedNames(guarded('extracting', () => store?.model(uri), undefined));

  /** Defined names appeared or went away: only the open documents registering one are checked again. */
  const recheckRegistering = (names: ReadonlySet<string>, alsoThese: readonly string[] = []) => {
    const affected = [...documentsRegistering(openModels(), names), ...alsoThese];
    store?.invalidateFindings(affected);
    schedule(affected);
  };

  /** Timings worth a line in the output channel: anything a user would notice. */
  const logSlow = (what: string, started: number) => {
    const elapsed = performance.now() - started;
    if (elapsed >= SLOW_MS) connection.console.log(`klp-callbacks: ${what} took ${Math.round(elapsed)} ms`);
  };

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const loadStarted = performance.now();
    engine = await loadParser();
    const loadMs = Math.round(performance.now() - loadStarted);
    store = new DocumentStore(engine, (file) => kernelTrees.forDocument(file));
    store.configure(perDocument(readSettings(params.initializationOptions)));
    watchesFiles = canWatchFiles(params.capabilities);
    startupLines.push(
      `klp-callbacks-ls ${packageVersion('dev')} (${runtimeName()}), engine loaded in ${loadMs} ms`,
      `klp-callbacks: settings ${JSON.stringify(readSettings(params.initializationOptions))}`,
    );
    workspaceFolders = (params.workspaceFolders ?? [])
      .map((folder) => folder.uri)
      .concat(params.rootUri && !params.workspaceFolders ? [params.rootUri] : [])
      .filter((uri) => uri.startsWith('file:'))
      .map((uri) => fileURLToPath(uri));
    kernelTrees.setWorkspaceFolders(workspaceFolders);
    snippetEdits = params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
    return {
      capabilities: serverCapabilities(),
      serverInfo: { name: 'klp-callbacks-ls' },
    };
  });

  connection.onInitialized(() => {
    for (const line of startupLines.splice(0)) connection.console.info(line);
    if (watchesFiles) registerFileWatching(connection);
    const loaded = engine;
    if (!loaded) return;
    if (workspaceFolders.length === 0) {
      // No folder: the open documents are all there is to read, but other files may well exist.
      workspace = { names: new Set(), complete: true, wholeProject: false };
      connection.console.info('klp-callbacks: no workspace folder: only the open files are read');
      return;
    }
    const building = new WorkspaceIndex(loaded);
    index = building;
    // The index's live state serves navigation at once; undefined-callback waits until it is complete.
    workspace = building.state;
    buildWithProgress(connection, building, workspaceFolders).then(
      () => {
        store?.invalidateFindings();
        schedule(store?.uris() ?? []);
      },
      (error: unknown) =>
        connection.console.error(`klp-callbacks: indexing the workspace failed: ${String(error)}`),
    );
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (!index) return;
    const live = index;
    const changed = guarded('updating the workspace index', () => applyFileEvents(live, changes), new Set());
    connection.console.log(
      `klp-callbacks: ${changes.length} file event(s); ${live.fileCount} C files indexed` +
        (changed.size > 0 ? `; definitions changed: ${[...changed].join(', ')}` : ''),
    );
    recheckRegistering(changed);
  });

  connection.onDidChangeConfiguration((change) => {
    connection.console.info(`klp-callbacks: settings ${JSON.stringify(readSettings(change.settings))}`);
    store?.configure(perDocument(readSettings(change.settings)));
    schedule(store?.uris() ?? []);
  });

  connection.onDidOpenTextDocument(({ textDocument }) => {
    if (isScenarioDocument(textDocument.uri, textDocument.languageId)) {
      scenarios.openDocument(textDocument.uri, textDocument.version, textDocument.text);
      schedule([textDocument.uri]);
      return;
    }
    if (!store) return;
    const started = performance.now();
    guarded(
      'opening',
      () => store?.openDocument(textDocument.uri, textDocument.version, textDocument.text),
      undefined,
    );
    logSlow(`reading ${textDocument.uri}`, started);
    // Its functions may be callbacks other open documents register.
    recheckRegistering(functionNames(textDocument.uri), [textDocument.uri]);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    if (scenarios.change(textDocument.uri, textDocument.version, contentChanges)) {
      schedule([textDocument.uri]);
      return;
    }
    if (!store) return;
    const before = functionNames(textDocument.uri);
    const changed = guarded(
      'applying an edit',
      () => store?.change(textDocument.uri, textDocument.version, contentChanges),
      false,
    );
    if (!changed) return;
    edited.add(textDocument.uri);
    // A callback defined here may be registered in another open document.
    recheckRegistering(namesChanged(before, functionNames(textDocument.uri)), [textDocument.uri]);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
    if (scenarios.close(textDocument.uri)) return;
    const names = functionNames(textDocument.uri);
    store?.close(textDocument.uri);
    edited.delete(textDocument.uri);
    callbackRuns.forget(textDocument.uri);
    recheckRegistering(names);
  });

  const openModels = (): OpenModel[] =>
    (store?.uris() ?? []).flatMap((uri) => {
      const model = guarded(`extracting ${uri}`, () => store?.model(uri), undefined);
      return model ? [{ uri, model }] : [];
    });

  registerNavigation(connection, {
    store: () => store,
    openModels,
    workspace: () => workspace,
    guarded,
  });

  // Whether counterexamples offer "Verify on a real kernel": probed once, in the background, when first needed.
  const verifyProbe = lazyProbe(verifier);

  connection.onCodeAction(({ textDocument, range }) => {
    const analysis = guarded('analysing', () => store?.analysisNow(textDocument.uri, workspace), undefined);
    const text = store?.text(textDocument.uri);
    if (!analysis || text === undefined) return [];
    return guarded(
      'code actions',
      () =>
        provideCodeActions(analysis, textDocument.uri, text, range, {
          snippetEdits,
          version: store?.version(textDocument.uri),
          verifyAvailable: verifyProbe.available(),
        }),
      [],
    );
  });

  connection.onRequest(TraceRequest.type, (params): TraceResult | null => {
    if (!store) return null;
    const open = store;
    return guarded('trace', () => provideTrace(open, params), null);
  });

  connection.onRequest(VerifyScenarioRequest.type, async (params, token) => {
    if (!verifier) {
      const missing = ['a language server on Node.js (the web extension cannot start qemu)'];
      return verifyResult({ kind: 'unavailable', missing, aptLine: '' }, params.scenario, []);
    }
    const open = store;
    if (!open) return null;
    const progress = (message: string) =>
      void connection.sendNotification(VerifyProgressNotification.method, { uri: params.uri, message });
    try {
      return await provideVerifyScenario(open, params, verifier, progress, token);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      connection.console.error(`klp-callbacks: verify failed: ${message}`);
      return verifyResult({ kind: 'error', message }, params.scenario, []);
    }
  });

  connection.onRequest(ServerStatsRequest.type, (params) =>
    provideServerStats(params, {
      wasmMemoryBytes: () => engine?.wasmMemoryBytes() ?? 0,
      openDocuments: store?.uris().length ?? 0,
      flowCacheBytes: sharedFunctionIrCache.bytes,
    }),
  );

  // One handler per request: a .klpscenario document gets the scenario features, C and patches the rest.
  connection.onCompletion(({ textDocument, position }) => {
    const scenarioText = scenarios.text(textDocument.uri);
    if (scenarioText !== undefined) {
      const names = scenarioNames(openModels().map((open) => open.model));
      return guarded(
        'scenario completion',
        () => provideScenarioCompletion(scenarioText, position, names),
        [],
      );
    }
    const text = store?.text(textDocument.uri);
    if (text === undefined) return [];
    return guarded('completion', () => provideCompletion(textDocument.uri, text, position, openModels()), []);
  });

  connection.onCodeLens(({ textDocument }) => {
    const scenarioText = scenarios.text(textDocument.uri);
    if (scenarioText !== undefined)
      return guarded('scenario code lens', () => provideScenarioCodeLens(textDocument.uri, scenarioText), []);
    const open = store;
    if (!open) return [];
    return guarded(
      'code lens',
      () => provideCodeLenses(textDocument.uri, openModels(), callbackRuns.runs(open, textDocument.uri)),
      [],
    );
  });

  connection.onShutdown(() => store?.disposeAll());
  connection.listen();
}

/** The verifier's probe, started on the first question; false until it answers that a kernel can run. */
function lazyProbe(verifier: ScenarioVerifier | undefined): { available(): boolean } {
  let answer: boolean | undefined;
  return {
    available() {
      if (answer === undefined && verifier) {
        answer = false;
        void verifier.probe().then((outcome) => (answer = outcome.kind === 'available'));
      }
      return answer ?? false;
    },
  };
}

/** Each document is analysed with its folder's settings. */
function perDocument(settings: ServerSettings) {
  return (uri: string) => toAnalyzeOptions(settingsFor(settings, uri));
}

/** Node's version, or "browser" in the web worker build (no `process` there). */
function runtimeName(): string {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  return node ? `Node ${node}` : 'browser';
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
  // dist/verify-worker.js sits beside this bundle (esbuild.mjs).
  startServer(
    createConnection(ProposedFeatures.all),
    loadEngine,
    forkedVerifier(`${__dirname}/verify-worker.js`),
  );
}

// Not in the web worker build, which has no CommonJS module and starts the server itself.
if (typeof module !== 'undefined' && require.main === module) main();
