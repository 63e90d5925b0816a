// Open documents: one incremental analyzer each; model and findings computed at most once per version.
import { fileURLToPath } from 'node:url';
import { DocumentAnalyzer, type AnalyzeOptions, type FileAnalysis } from '../core/analyze';
import type { KernelTree } from '../core/model/objname/kernel-tree';
import type { FileModel } from '../core/model/types';
import type { TextChange } from '../core/parse/document';
import type { ParserEngine } from '../core/parse/engine';
import type { WorkspaceFunctions } from './workspace-index';

interface OpenDocument {
  analyzer: DocumentAnalyzer;
  version: number;
  model?: FileModel;
  analysis?: FileAnalysis;
}

export class DocumentStore {
  private readonly open = new Map<string, OpenDocument>();
  /** The analysis options of a document (its folder's settings), by URI. */
  private optionsFor: (uri: string) => AnalyzeOptions = () => ({});

  /** `kernelTreeFor` gives a document's kernel tree (by its path), whose Makefiles name macro objects. */
  constructor(
    private readonly engine: ParserEngine,
    private readonly kernelTreeFor: (path: string) => KernelTree | undefined = () => undefined,
  ) {}

  /** New settings (the same for all, or per document): every document is analysed again on next request. */
  configure(options: AnalyzeOptions | ((uri: string) => AnalyzeOptions)): void {
    this.optionsFor = typeof options === 'function' ? options : () => options;
    for (const document of this.open.values()) {
      document.model = undefined;
      document.analysis = undefined;
    }
  }

  openDocument(uri: string, version: number, text: string): void {
    this.close(uri);
    this.open.set(uri, { analyzer: new DocumentAnalyzer(this.engine, uriToPath(uri), text), version });
  }

  /** Applies an LSP change batch; false when the document is not open. */
  change(uri: string, version: number, changes: readonly TextChange[]): boolean {
    const document = this.open.get(uri);
    if (!document) return false;
    document.analyzer.update(changes);
    document.version = version;
    document.model = undefined;
    document.analysis = undefined;
    return true;
  }

  close(uri: string): void {
    this.open.get(uri)?.analyzer.dispose();
    this.open.delete(uri);
  }

  has(uri: string): boolean {
    return this.open.has(uri);
  }

  text(uri: string): string | undefined {
    return this.open.get(uri)?.analyzer.text;
  }

  uris(): string[] {
    return [...this.open.keys()];
  }

  version(uri: string): number | undefined {
    return this.open.get(uri)?.version;
  }

  model(uri: string): FileModel | undefined {
    const document = this.open.get(uri);
    if (!document) return undefined;
    if (!document.model) {
      const kernelTree = this.kernelTreeFor(document.analyzer.path);
      const options = this.optionsFor(uri);
      const extract = kernelTree ? { ...options.extract, kernelTree } : options.extract;
      document.model = document.analyzer.model(extract);
    }
    return document.model;
  }

  /**
   * Findings need every open document's function names (a callback may be defined in another),
   * and the workspace's: while those are not all known, `undefined-callback` stays silent rather
   * than report a function that is merely in a file not read yet.
   */
  /** The findings already computed for the document's version, without computing them (hovers never wait). */
  cachedAnalysis(uri: string): FileAnalysis | undefined {
    return this.open.get(uri)?.analysis;
  }

  analysis(uri: string, workspace: WorkspaceFunctions): FileAnalysis | undefined {
    const document = this.open.get(uri);
    const model = this.model(uri);
    if (!document || !model) return undefined;
    if (!document.analysis) {
      const workspaceFunctions = new Set(workspace.names);
      for (const other of this.open.keys()) {
        if (other === uri) continue;
        for (const fn of this.model(other)?.functions ?? []) workspaceFunctions.add(fn.name);
      }
      const options = this.optionsFor(uri);
      const severities = workspace.complete
        ? options.check?.severities
        : { ...options.check?.severities, 'undefined-callback': 'off' as const };
      const check = {
        ...options.check,
        workspaceFunctions,
        workspaceIsWholeProject: workspace.wholeProject,
        ...(severities ? { severities } : {}),
      };
      document.analysis = document.analyzer.analyze({ ...options, check }, model);
    }
    return document.analysis;
  }

  /** Another document changed its functions: findings elsewhere (in `uris`, or everywhere) may change. */
  invalidateFindings(uris?: readonly string[]): void {
    if (!uris) {
      for (const document of this.open.values()) document.analysis = undefined;
      return;
    }
    for (const uri of uris) {
      const document = this.open.get(uri);
      if (document) document.analysis = undefined;
    }
  }

  disposeAll(): void {
    for (const uri of [...this.open.keys()]) this.close(uri);
  }
}

function uriToPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}
