// What klp-callbacks-ls tells a client it can do, in its initialize result.
import { CodeActionKind, TextDocumentSyncKind, type ServerCapabilities } from 'vscode-languageserver/node';
import { CounterpartRequest, TraceRequest, VerifyScenarioRequest } from '../protocol';

export function serverCapabilities(): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    // C and patches: callbacks' runs and counterparts; .klpscenario: "Run in trace panel".
    codeLensProvider: { resolveProvider: false },
    // C and patches: fields, callbacks, macros; .klpscenario (space, colon): actions and names.
    completionProvider: { triggerCharacters: ['.', '=', '(', ' ', ':'] },
    // Custom requests a client may use (the VS Code extension's trace preview).
    experimental: {
      klpCallbacks: {
        requests: [TraceRequest.method, CounterpartRequest.method, VerifyScenarioRequest.method],
      },
    },
  };
}
