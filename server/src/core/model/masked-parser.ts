// Keeps the tree of a document's masked text and reparses it incrementally after each change.
import { Edit, type Tree } from 'web-tree-sitter';
import { changedSpan, type ChangedSpan } from '../parse/changed-span';
import type { ParserEngine } from '../parse/engine';

/**
 * The extractor parses the masked text (see maskForParsing), not the editor's text, so it keeps
 * its own tree. Changes are found as the span between the common prefix and suffix of the old
 * and new masked texts (changedSpan): one `tree.edit` and an incremental reparse, as for the document's tree.
 */
interface Holder {
  current?: { text: string; tree: Tree };
}

/** Frees the tree of a parser its owner forgot to dispose (trees live in WASM memory, not the JS heap). */
const orphans = new FinalizationRegistry<Holder>((holder) => holder.current?.tree.delete());

export class MaskedParser {
  private readonly holder: Holder = {};

  constructor(private readonly engine: ParserEngine) {
    orphans.register(this, this.holder, this);
  }

  /**
   * The tree of `masked`; owned by this parser (valid until the next call or `dispose`). `span`,
   * when the caller knows it, is `changedSpan(previous text, masked)` (spares a second comparison).
   */
  parse(masked: string, span?: ChangedSpan): Tree {
    const previous = this.holder.current;
    if (previous?.text === masked) return previous.tree;
    let tree: Tree;
    if (previous) {
      previous.tree.edit(editBetween(previous.text, masked, span ?? changedSpan(previous.text, masked)));
      tree = this.engine.parse(masked, previous.tree);
      previous.tree.delete();
    } else {
      tree = this.engine.parse(masked);
    }
    this.holder.current = { text: masked, tree };
    return tree;
  }

  dispose(): void {
    this.holder.current?.tree.delete();
    this.holder.current = undefined;
    orphans.unregister(this);
  }
}

function editBetween(before: string, after: string, span: ChangedSpan): Edit {
  // The texts agree up to span.start: its position is counted once, the two ends from there.
  const start = positionFrom(before, { row: 0, column: 0 }, 0, span.start);
  return new Edit({
    startIndex: span.start,
    oldEndIndex: span.oldEnd,
    newEndIndex: span.newEnd,
    startPosition: start,
    oldEndPosition: positionFrom(before, start, span.start, span.oldEnd),
    newEndPosition: positionFrom(after, start, span.start, span.newEnd),
  });
}

/** The {row, column} of `to` in `text`, counted on from `at`, the point of offset `from`. */
function positionFrom(
  text: string,
  at: { row: number; column: number },
  from: number,
  to: number,
): { row: number; column: number } {
  let { row, column } = at;
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === 10) {
      row++;
      column = 0;
    } else column++;
  }
  return { row, column };
}
