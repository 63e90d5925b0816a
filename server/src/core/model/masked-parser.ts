// Keeps the tree of a document's masked text and reparses it incrementally after each change.
import { Edit, type Tree } from 'web-tree-sitter';
import type { ParserEngine } from '../parse/engine';
import { LineIndex } from '../text';

/**
 * The extractor parses the masked text (see maskForParsing), not the editor's text, so it keeps
 * its own tree. Changes are found as the span between the common prefix and suffix of the old
 * and new masked texts: one `tree.edit` and an incremental reparse, as for the document's tree.
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

  /** The tree of `masked`; owned by this parser (valid until the next call or `dispose`). */
  parse(masked: string): Tree {
    const previous = this.holder.current;
    if (previous?.text === masked) return previous.tree;
    let tree: Tree;
    if (previous) {
      previous.tree.edit(editBetween(previous.text, masked));
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

function editBetween(before: string, after: string): Edit {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  const oldIndex = new LineIndex(before);
  const newIndex = new LineIndex(after);
  const point = (p: { line: number; character: number }) => ({ row: p.line, column: p.character });
  const oldEndIndex = before.length - suffix;
  const newEndIndex = after.length - suffix;
  return new Edit({
    startIndex: prefix,
    oldEndIndex,
    newEndIndex,
    startPosition: point(oldIndex.positionAt(prefix)),
    oldEndPosition: point(oldIndex.positionAt(oldEndIndex)),
    newEndPosition: point(newIndex.positionAt(newEndIndex)),
  });
}
