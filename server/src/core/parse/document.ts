// One parsed document: its text and tree-sitter tree, updated incrementally with tree.edit.
import { Edit, type Tree } from 'web-tree-sitter';
import { countNonText, unanalysableReason } from '../input-limits';
import type { Range } from '../model/types';
import { LineIndex } from '../text';
import type { ParserEngine } from './engine';

/** A change as LSP sends it: a range of the previous text replaced, or the whole text. */
export type TextChange = { range: Range; text: string } | { text: string };

export class SyntaxDocument {
  private currentTree: Tree;
  private lines: LineIndex;
  /** Set while the text is not parsed (too large, binary): the tree is then of an empty text. */
  private skipped: string | undefined;
  /** countNonText of the text, kept up to date through edits (binary detection without a rescan). */
  private nonText: number;

  /**
   * `parsed` is parsed instead of `text` when given: a one-shot analysis parses only the masked
   * text extraction reads (such a document is never edited).
   */
  constructor(
    private readonly engine: ParserEngine,
    text: string,
    parsed: (text: string) => string = (same) => same,
  ) {
    this.lines = new LineIndex(text);
    this.nonText = countNonText(text);
    this.skipped = unanalysableReason(text, this.nonText);
    this.currentTree = engine.parse(this.skipped ? '' : parsed(text));
  }

  /** Why the current text is not analysed, if it is not. */
  get skippedReason(): string | undefined {
    return this.skipped;
  }

  get text(): string {
    return this.lines.text;
  }

  get tree(): Tree {
    return this.currentTree;
  }

  get lineIndex(): LineIndex {
    return this.lines;
  }

  /** Applies changes in order (as LSP orders them) and reparses once, reusing the old tree. */
  applyChanges(changes: readonly TextChange[]): void {
    // The line index and the count of non-text characters follow each ranged change, not rescanned.
    let index = this.lines;
    let nonText: number | undefined = this.nonText;
    // The old tree can only be edited when it is the tree of the old text.
    let incremental = this.skipped === undefined;
    for (const change of changes) {
      if (!('range' in change)) {
        index = new LineIndex(change.text);
        nonText = undefined;
        incremental = false;
        continue;
      }
      const startIndex = index.offsetAt(change.range.start);
      const oldEndIndex = index.offsetAt(change.range.end);
      const nextIndex = index.edited(startIndex, oldEndIndex, change.text);
      const newEndIndex = startIndex + change.text.length;
      if (nonText !== undefined) {
        nonText += countNonText(change.text) - countNonText(index.text.slice(startIndex, oldEndIndex));
      }
      if (incremental) {
        const point = (p: { line: number; character: number }) => ({ row: p.line, column: p.character });
        this.currentTree.edit(
          new Edit({
            startIndex,
            oldEndIndex,
            newEndIndex,
            startPosition: point(index.positionAt(startIndex)),
            oldEndPosition: point(index.positionAt(oldEndIndex)),
            newEndPosition: point(nextIndex.positionAt(newEndIndex)),
          }),
        );
      }
      index = nextIndex;
    }
    const previous = this.currentTree;
    this.lines = index;
    const text = index.text;
    this.nonText = nonText ?? countNonText(text);
    this.skipped = unanalysableReason(text, this.nonText);
    this.currentTree = this.skipped
      ? this.engine.parse('')
      : this.engine.parse(text, incremental ? previous : undefined);
    previous.delete();
  }

  /** Trees live in WASM memory: the owner must call this. */
  dispose(): void {
    this.currentTree.delete();
  }
}
