// Open documents: one incremental analyzer each; model and findings computed at most once per version.
import { fileURLToPath } from 'node:url';
import {
  DocumentAnalyzer,
  type AnalyzeOptions,
  type FileAnalysis,
  type StagedAnalysis,
} from '../core/analyze';
import type { KernelTree } from '../core/model/objname/kernel-tree';
import type { FileModel } from '../core/model/types';
import { allRanged, carryThroughEdits } from '../core/parse/carry-through-edits';
import type { TextChange } from '../core/parse/document';
import { compareFindings } from '../core/rules/run';
import type { Finding } from '../core/rules/types';
import type { ParserEngine } from '../core/parse/engine';
import type { WorkspaceFunctions } from './workspace-index';

interface OpenDocument {
  analyzer: DocumentAnalyzer;
  version: number;
  model?: FileModel;
  analysis?: FileAnalysis;
  /** This version's model checking, running off the keystroke path (see stagedAnalysis). */
  exploring?: Exploring;
  /**
   * The findings of the last whole analysis, carried through the ranged edits since: what a rule
   * waiting for its exploration said last, shown meanwhile so that its diagnostics do not blink.
   */
  carried?: Finding[];
}

/** A staged analysis in progress: `first` serves hovers until `result` is there. */
export interface Exploring {
  staged: StagedAnalysis;
  first: FileAnalysis;
  result?: FileAnalysis;
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
      stopExploring(document);
      document.model = undefined;
      document.analysis = undefined;
      // Findings under other settings (a rule turned off) are not worth showing meanwhile.
      document.carried = undefined;
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
    // The exploration reads this version's trees, which the update edits: a newer edit cancels it.
    stopExploring(document);
    const before = document.analysis?.findings ?? document.carried;
    document.carried = before && allRanged(changes) ? carryThroughEdits(before, changes) : undefined;
    document.analyzer.update(changes);
    document.version = version;
    document.model = undefined;
    document.analysis = undefined;
    return true;
  }

  close(uri: string): void {
    const document = this.open.get(uri);
    if (document) stopExploring(document);
    document?.analyzer.dispose();
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
   * The findings already computed for the document's version, without computing them (hovers never
   * wait): while model checking runs, those that needed none.
   */
  cachedAnalysis(uri: string): FileAnalysis | undefined {
    const document = this.open.get(uri);
    return document?.analysis ?? document?.exploring?.first;
  }

  /**
   * For requests that must not wait for model checking (code actions, which editors ask for on every
   * cursor move): while an exploration runs, the findings published so far; else `analysis`.
   */
  analysisNow(uri: string, workspace: WorkspaceFunctions): FileAnalysis | undefined {
    const document = this.open.get(uri);
    if (document && !document.analysis && document.exploring && !document.exploring.result)
      return document.exploring.first;
    return this.analysis(uri, workspace);
  }

  analysis(uri: string, workspace: WorkspaceFunctions): FileAnalysis | undefined {
    const document = this.open.get(uri);
    const model = this.model(uri);
    if (!document || !model) return undefined;
    const exploring = document.exploring;
    if (!document.analysis && exploring) {
      // A caller that needs every finding now finishes the exploration in place.
      let step = this.exploreSlice(uri, exploring);
      while (step === 'more') step = this.exploreSlice(uri, exploring);
    }
    document.analysis ??= document.analyzer.analyze(this.analyzeOptions(uri, workspace), model);
    return document.analysis;
  }

  /**
   * Like `analysis`, but a fresh exploration is left for later: `first` has the findings that need
   * none, and `exploring`, when set, is advanced by `exploreSlice` until it gives the whole analysis.
   */
  stagedAnalysis(
    uri: string,
    workspace: WorkspaceFunctions,
  ): { first: FileAnalysis; exploring?: Exploring } | undefined {
    const document = this.open.get(uri);
    const model = this.model(uri);
    if (!document || !model) return undefined;
    if (document.analysis) return { first: document.analysis };
    stopExploring(document);
    const staged = document.analyzer.analyzeStaged(this.analyzeOptions(uri, workspace), model);
    if (!staged.rest) {
      document.analysis = staged.first;
      return { first: staged.first };
    }
    const first = withCarried(staged.first, document.carried, staged.waitingRules);
    document.exploring = { staged, first };
    return { first, exploring: document.exploring };
  }

  /**
   * One slice of `exploring`: 'more' while it runs, then the whole analysis (also once finished by
   * `analysis`); undefined once it is stale (the document changed, closed or was invalidated).
   */
  exploreSlice(uri: string, exploring: Exploring): FileAnalysis | 'more' | undefined {
    const document = this.open.get(uri);
    if (!document || document.exploring !== exploring || !exploring.staged.rest) return undefined;
    if (exploring.result) return exploring.result;
    let step;
    try {
      step = exploring.staged.rest.next();
    } catch (error) {
      stopExploring(document);
      throw error;
    }
    if (!step.done) return 'more';
    exploring.result = step.value;
    exploring.staged.dispose();
    document.analysis = step.value;
    return step.value;
  }

  /** Another document changed its functions: findings elsewhere (in `uris`, or everywhere) may change. */
  invalidateFindings(uris?: readonly string[]): void {
    const documents = uris ? uris.flatMap((uri) => this.open.get(uri) ?? []) : [...this.open.values()];
    for (const document of documents) {
      stopExploring(document);
      document.carried = document.analysis?.findings ?? document.carried;
      document.analysis = undefined;
    }
  }

  /**
   * Findings need every open document's function names (a callback may be defined in another),
   * and the workspace's: while those are not all known, `undefined-callback` stays silent rather
   * than report a function that is merely in a file not read yet.
   */
  private analyzeOptions(uri: string, workspace: WorkspaceFunctions): AnalyzeOptions {
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
    return { ...options, check };
  }

  disposeAll(): void {
    for (const uri of [...this.open.keys()]) this.close(uri);
  }
}

/**
 * `first` with what the waiting rules found last time, carried to this version, and without their
 * quick fixes (their edits may no longer fit): the explored findings replace them in a moment.
 */
function withCarried(
  first: FileAnalysis,
  carried: readonly Finding[] | undefined,
  waitingRules: readonly string[],
): FileAnalysis {
  const waiting = new Set(waitingRules);
  const kept = (carried ?? []).filter((finding) => waiting.has(finding.rule));
  if (kept.length === 0) return first;
  const findings = [...first.findings, ...kept.map(({ fixes: _fixes, ...finding }) => finding)].sort(
    compareFindings,
  );
  return { ...first, findings };
}

/** Ends the document's exploration (its trees are about to change, or its findings are stale). */
function stopExploring(document: OpenDocument): void {
  document.exploring?.staged.dispose();
  document.exploring = undefined;
}

function uriToPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}
