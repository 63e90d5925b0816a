// Open `.klpscenario` documents: plain text kept in sync, parsed by the same scenario parser as the CLI's.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';

/** The language id editors give scenario files (the VS Code extension contributes it). */
export const SCENARIO_LANGUAGE_ID = 'klpscenario';

/** A scenario document by language id, or by file name for editors that know no such language. */
export function isScenarioDocument(uri: string, languageId?: string): boolean {
  return languageId === SCENARIO_LANGUAGE_ID || /\.klpscenario$/i.test(uri);
}

export class ScenarioDocuments {
  private readonly open = new Map<string, TextDocument>();

  openDocument(uri: string, version: number, text: string): void {
    this.open.set(uri, TextDocument.create(uri, SCENARIO_LANGUAGE_ID, version, text));
  }

  /** Applies an LSP change batch; false when the document is not open here. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): boolean {
    const document = this.open.get(uri);
    if (!document) return false;
    this.open.set(uri, TextDocument.update(document, changes, version));
    return true;
  }

  close(uri: string): boolean {
    return this.open.delete(uri);
  }

  has(uri: string): boolean {
    return this.open.has(uri);
  }

  text(uri: string): string | undefined {
    return this.open.get(uri)?.getText();
  }

  version(uri: string): number | undefined {
    return this.open.get(uri)?.version;
  }
}
