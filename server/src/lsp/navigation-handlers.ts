// The navigation requests (hover, definition, references, symbols, counterpart) answered from the open models and the workspace index.
import type { Connection } from 'vscode-languageserver/node';
import { CounterpartRequest } from '../protocol';
import type { DocumentStore } from './documents';
import { provideCounterpart } from './features/counterpart';
import { provideDefinition } from './features/definition';
import { provideHover } from './features/hover';
import { provideReferences } from './features/references';
import type { OpenModel } from './features/registrations';
import { provideDocumentSymbols, provideWorkspaceSymbols } from './features/symbols';
import type { WorkspaceFunctions } from './workspace-index';

/** What the handlers read from the server, each time they answer (the store exists once initialized). */
export interface NavigationSources {
  store(): DocumentStore | undefined;
  openModels(): OpenModel[];
  workspace(): WorkspaceFunctions;
  /** Runs a provider; a failure is logged and answered with `fallback`. */
  guarded<T>(what: string, run: () => T, fallback: T): T;
}

export function registerNavigation(connection: Connection, sources: NavigationSources): void {
  const { guarded } = sources;
  const model = (uri: string) => guarded('extracting', () => sources.store()?.model(uri), undefined);

  connection.onHover(({ textDocument, position }) => {
    const open = model(textDocument.uri);
    const findings = sources.store()?.cachedAnalysis(textDocument.uri)?.findings;
    return open
      ? guarded('hover', () => provideHover(open, position, findings, textDocument.uri), null)
      : null;
  });

  connection.onDefinition(({ textDocument, position }) =>
    guarded(
      'definition',
      () =>
        provideDefinition(textDocument.uri, position, sources.openModels(), sources.workspace().definitions),
      [],
    ),
  );

  connection.onReferences(({ textDocument, position, context }) => {
    const text = sources.store()?.text(textDocument.uri);
    if (text === undefined) return [];
    const workspace = sources.workspace();
    return guarded(
      'references',
      () =>
        provideReferences(
          textDocument.uri,
          text,
          position,
          context.includeDeclaration,
          sources.openModels(),
          workspace.definitions,
          workspace.registrations,
        ),
      [],
    );
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const open = model(textDocument.uri);
    return open ? guarded('document symbols', () => provideDocumentSymbols(open), []) : [];
  });

  connection.onWorkspaceSymbol(({ query }) =>
    guarded('workspace symbols', () => provideWorkspaceSymbols(query, sources.openModels()), []),
  );

  connection.onRequest(CounterpartRequest.type, ({ textDocument, position }) =>
    guarded(
      'counterpart',
      () =>
        provideCounterpart(textDocument.uri, position, sources.openModels(), sources.workspace().definitions),
      null,
    ),
  );
}
