// The analysis core's one entry: source text (or an incrementally edited tree) → model and findings.
import type { Tree } from 'web-tree-sitter';
import { ModelExtractor, type ExtractOptions } from './model/extract';
import { maskForParsing } from './model/mask';
import type { FileModel } from './model/types';
import { SyntaxDocument, type TextChange } from './parse/document';
import type { ParserEngine } from './parse/engine';
import { checkFile, StagedCheck, type CheckOptions } from './rules/run';
import type { Finding } from './rules/types';

const PATCH_FILE = /\.(patch|diff)$/i;

export interface FileAnalysis {
  model: FileModel;
  findings: Finding[];
  /** Set when the text was not analysed at all (too large, binary). */
  skipped?: string;
}

/** An analysis whose model checking runs off the keystroke path (see `analyzeStaged`). */
export interface StagedAnalysis {
  /** At once: every finding that needed no fresh exploration (all of them when `rest` is absent). */
  first: FileAnalysis;
  /** The explorations left, one slice per step, ending with the whole analysis (`analyze`'s). */
  rest?: Generator<void, FileAnalysis>;
  /** The rules whose findings `first` lacks until `rest` is done (none without `rest`). */
  waitingRules: readonly string[];
  /** Frees the syntax the rest needs: call it when done, or before the document changes. */
  dispose(): void;
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
  /** Bumped by every update: the extractor's tree serves the rules only for the text it was read from. */
  private version = 0;
  private extractedVersion = -1;

  /**
   * `oneShot`: the text is analysed once and never updated, so only its masked text is parsed
   * (a .patch's files are parsed by extraction and the rules themselves): one parse per file.
   */
  constructor(
    engine: ParserEngine,
    readonly path: string,
    text: string,
    private readonly oneShot = false,
  ) {
    this.document = new SyntaxDocument(
      engine,
      text,
      oneShot ? (whole) => oneShotParsed(path, whole) : undefined,
    );
    this.extractor = new ModelExtractor(engine);
  }

  get text(): string {
    return this.document.text;
  }

  get tree(): Tree {
    return this.document.tree;
  }

  /** The C tree the last extraction read (the masked text's when masking changed the text). */
  get extractedTree(): Tree | undefined {
    return this.extractor.lastCTree;
  }

  update(changes: readonly TextChange[]): void {
    if (this.oneShot) throw new Error('klp-callbacks: a one-shot analysis is not edited');
    this.version++;
    this.document.applyChanges(changes);
  }

  /** Extraction only: what the trace preview and the lifecycle need. */
  model(options: ExtractOptions = {}): FileModel {
    const skipped = this.document.skippedReason;
    if (skipped) {
      const origin = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      const kind = PATCH_FILE.test(this.path) ? 'patch' : 'c';
      return {
        path: this.path,
        kind,
        patches: [],
        functions: [],
        problems: [{ message: skipped, range: origin, kind: 'skipped' }],
      };
    }
    const model = this.extractor.extract(
      this.document.tree,
      this.path,
      this.document.text,
      options,
      this.oneShot,
    );
    this.extractedVersion = this.version;
    return model;
  }

  /** `model` may be passed when the caller already extracted this version of the text. */
  analyze(options: AnalyzeOptions = {}, model: FileModel = this.model(options.extract)): FileAnalysis {
    const skipped = this.document.skippedReason;
    if (skipped) return { model, findings: [], skipped };
    const syntaxTree = this.extractedVersion === this.version ? this.extractor.lastCTree : undefined;
    const findings = checkFile(
      { path: this.path, text: this.document.text, tree: this.document.tree, model, syntaxTree },
      options.check,
    );
    return { model, findings };
  }

  /**
   * `analyze` in two stages: findings needing no fresh exploration at once, the model-checked rest
   * in slices. The rest reads this version's trees: dispose it before `update`.
   */
  analyzeStaged(
    options: AnalyzeOptions = {},
    model: FileModel = this.model(options.extract),
  ): StagedAnalysis {
    const skipped = this.document.skippedReason;
    if (skipped)
      return { first: { model, findings: [], skipped }, waitingRules: [], dispose: () => undefined };
    const syntaxTree = this.extractedVersion === this.version ? this.extractor.lastCTree : undefined;
    const check = new StagedCheck(
      { path: this.path, text: this.document.text, tree: this.document.tree, model, syntaxTree },
      options.check,
    );
    const first = { model, findings: check.findings() };
    if (!check.pending) {
      check.dispose();
      return { first, waitingRules: [], dispose: () => undefined };
    }
    const rest = (function* (): Generator<void, FileAnalysis> {
      const findings = yield* check.explore();
      return { model, findings };
    })();
    let disposed = false;
    return {
      first,
      rest,
      waitingRules: check.waitingRules,
      dispose: () => {
        if (disposed) return;
        disposed = true;
        rest.return({ model, findings: [] });
        check.dispose();
      },
    };
  }

  dispose(): void {
    this.extractor.dispose();
    this.document.dispose();
  }
}

/** What a one-shot analysis parses: the masked C text, or nothing for a .patch (its files are parsed apart). */
function oneShotParsed(path: string, text: string): string {
  return PATCH_FILE.test(path) ? '' : maskForParsing(text);
}

/** One-shot analysis for the CLI: parses, analyses and frees the tree. */
export function analyzeText(
  engine: ParserEngine,
  path: string,
  text: string,
  options: AnalyzeOptions = {},
): FileAnalysis {
  const analyzer = new DocumentAnalyzer(engine, path, text, true);
  try {
    return analyzer.analyze(options);
  } finally {
    analyzer.dispose();
  }
}
