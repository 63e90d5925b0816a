// The analysis core's one entry: source text (or an incrementally edited tree) → model and findings.
import type { Tree } from 'web-tree-sitter';
import { ModelExtractor, type ExtractOptions } from './model/extract';
import type { FileModel } from './model/types';
import { SyntaxDocument, type TextChange } from './parse/document';
import type { ParserEngine } from './parse/engine';
import { checkFile, type CheckOptions } from './rules/run';
import type { Finding } from './rules/types';

export interface FileAnalysis {
  model: FileModel;
  findings: Finding[];
  /** Set when the text was not analysed at all (too large, binary). */
  skipped?: string;
}

export interface AnalyzeOptions {
  extract?: ExtractOptions;
  check?: CheckOptions;
}

/**
 * One per open document. Edits go through `tree.edit` and an incremental reparse; extraction
 * reuses the facts of every declaration the edit did not touch.
 */
export class DocumentAnalyzer {
  private readonly document: SyntaxDocument;
  private readonly extractor: ModelExtractor;

  constructor(
    engine: ParserEngine,
    readonly path: string,
    text: string,
  ) {
    this.document = new SyntaxDocument(engine, text);
    this.extractor = new ModelExtractor(engine);
  }

  get text(): string {
    return this.document.text;
  }

  get tree(): Tree {
    return this.document.tree;
  }

  update(changes: readonly TextChange[]): void {
    this.document.applyChanges(changes);
  }

  /** Extraction only: what the trace preview and the lifecycle need. */
  model(options: ExtractOptions = {}): FileModel {
    const skipped = this.document.skippedReason;
    if (skipped) {
      const origin = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const kind = /\.(patch|diff)$/i.test(this.path) ? 'patch' : 'c';
      return {
        path: this.path,
        kind,
        patches: [],
        functions: [],
        problems: [{ message: skipped, range: origin, kind: 'skipped' }],
      };
    }
    return this.extractor.extract(this.document.tree, this.path, this.document.text, options);
  }

  /** `model` may be passed when the caller already extracted this version of the text. */
  analyze(options: AnalyzeOptions = {}, model: FileModel = this.model(options.extract)): FileAnalysis {
    const skipped = this.document.skippedReason;
    if (skipped) return { model, findings: [], skipped };
    const findings = checkFile(
      { path: this.path, text: this.document.text, tree: this.document.tree, model },
      options.check,
    );
    return { model, findings };
  }

  dispose(): void {
    this.extractor.dispose();
    this.document.dispose();
  }
}

/** One-shot analysis for the CLI: parses, analyses and frees the tree. */
export function analyzeText(
  engine: ParserEngine,
  path: string,
  text: string,
  options: AnalyzeOptions = {},
): FileAnalysis {
  const analyzer = new DocumentAnalyzer(engine, path, text);
  try {
    return analyzer.analyze(options);
  } finally {
    analyzer.dispose();
  }
}
