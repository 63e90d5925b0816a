// Starts klp-callbacks-ls (dist/server.js, bundled in the extension) over IPC and keeps its settings current.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  SERVER_EXEC_ARGV,
  TraceRequest,
  VerifyScenarioRequest,
  type TraceParams,
  type TraceResult,
  type VerifyScenarioParams,
  type VerifyScenarioResult,
} from '../../server/src/protocol';
import { CODE_CACHE_ENV } from '../../server/src/host/code-cache-env';
import {
  COMMANDS,
  documentSelector,
  SETTINGS,
  SETTINGS_SECTION,
  useWorkspaceSchemes,
  WATCHED_FILES_GLOB,
} from './ids';

/** The server's settings for one scope (a workspace folder, or none: the window). */
function scopedSettings(scope?: vscode.Uri): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return {
    rules: config.get<Record<string, string>>(SETTINGS.rules, {}),
    kpatchObject: config.get<string>(SETTINGS.kpatchObject, ''),
    objects: config.get<Record<string, string>>(SETTINGS.objects, {}),
  };
}

/**
 * The server's part of the settings, in the shape server/src/lsp/settings.ts reads: the window's,
 * and each workspace folder's (`resource`-scoped settings differ per folder of a multi-root workspace).
 */
export function serverSettings(): { klpCallbacks: Record<string, unknown> } {
  const folders: Record<string, unknown> = {};
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    folders[folder.uri.toString()] = scopedSettings(folder.uri);
  }
  return { klpCallbacks: { ...scopedSettings(), folders } };
}

/**
 * The server's environment: the editor's, and the folder of the launcher's code cache in the
 * extension's own storage. None in the web build (no `process`; its client starts a worker instead).
 */
function serverEnvironment(context: vscode.ExtensionContext): Record<string, string | undefined> | undefined {
  const editorEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (!editorEnv) return undefined;
  return { ...editorEnv, [CODE_CACHE_ENV]: path.join(context.globalStorageUri.fsPath, 'code-cache') };
}

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  // The launcher loads dist/server.js with V8's code cache, kept in the extension's own storage.
  const launcher = context.asAbsolutePath('dist/server-launcher.js');
  const env = serverEnvironment(context);
  const serverOptions: ServerOptions = {
    run: {
      module: launcher,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_EXEC_ARGV], env },
    },
    debug: {
      module: context.asAbsolutePath('dist/server.js'),
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  // The server logs its version, settings, what it indexed and its errors here (Output → klp-callbacks).
  const outputChannel = vscode.window.createOutputChannel('klp-callbacks', { log: true });
  const version = (context.extension.packageJSON as { version?: string }).version ?? 'unknown';
  outputChannel.info(`klp-callbacks extension ${version}, VS Code ${vscode.version}`);
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES_GLOB);
  useWorkspaceSchemes(vscode.workspace.workspaceFolders ?? []);
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    initializationOptions: serverSettings(),
    // Hovers link to these two commands (command URIs); source text in hovers is escaped, no other command runs.
    markdown: { isTrusted: { enabledCommands: [COMMANDS.goToCounterpart, COMMANDS.showTracePreview] } },
    outputChannel,
    // Files created, changed or deleted on disk keep the server's workspace index current.
    synchronize: { fileEvents: watcher },
  };
  const client = new LanguageClient('klpCallbacks', 'klp-callbacks', serverOptions, clientOptions);
  context.subscriptions.push(outputChannel, watcher);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      const affectsServer = [SETTINGS.rules, SETTINGS.kpatchObject, SETTINGS.objects].some((key) =>
        event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`),
      );
      if (affectsServer && client.isRunning()) {
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings() });
      }
    }),
  );
  context.subscriptions.push(
    // A folder added to the workspace brings its own resource-scoped settings.
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (client.isRunning()) {
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings() });
      }
    }),
  );
  return client;
}

/** The trace for one document; null when the server is not running (yet) or could not compute it. */
export async function requestTrace(client: LanguageClient, params: TraceParams): Promise<TraceResult | null> {
  if (!client.isRunning()) return null;
  return client.sendRequest(TraceRequest.type, params);
}

/** "Verify on a real kernel" (server/src/lsp/features/verify-scenario.ts); the token cancels the run. */
export async function requestVerify(
  client: LanguageClient,
  params: VerifyScenarioParams,
  token?: vscode.CancellationToken,
): Promise<VerifyScenarioResult | null> {
  if (!client.isRunning()) return null;
  return client.sendRequest(VerifyScenarioRequest.type, params, token);
}
