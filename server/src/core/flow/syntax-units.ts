// The C syntax a file's flow facts come from: its own tree, a masked reparse, or each file a .patch changes.
import { Parser, type Node, type Tree } from 'web-tree-sitter';
import { maskForParsing } from '../model/mask';
import { mapToPatch, reconstructPatch } from '../model/patch-file';
import type { Range } from '../model/types';
import { nodeRange } from '../text';

export interface SyntaxUnit {
  root: Node;
  /** For C reconstructed from a .patch: the patch line of each line of this unit's text. */
  lineMap: readonly number[] | null;
}

/** Parsed units for one check; owns the trees it parsed itself. */
export class FileSyntax {
  private constructor(
    readonly units: SyntaxUnit[],
    private readonly ownTrees: Tree[],
  ) {}

  /**
   * `.patch`/`.diff` files are rebuilt into the C they produce; C text that tree-sitter misreads
   * (kernel attribute macros, directives inside initialisers) is reparsed masked, as extraction does,
   * unless `maskedTree`, the tree of that masked text, is given.
   */
  static open(tree: Tree, path: string, text: string, maskedTree?: Tree): FileSyntax {
    if (/\.(patch|diff)$/i.test(path)) {
      const trees: { tree: Tree; lineMap: readonly number[] }[] = [];
      try {
        for (const source of reconstructPatch(text)) {
          trees.push({ tree: parse(tree, maskForParsing(source.text)), lineMap: source.lineMap });
        }
      } catch (error) {
        // Trees live in WASM memory: the ones parsed before the failure are freed, not leaked.
        for (const parsed of trees) parsed.tree.delete();
        throw error;
      }
      return new FileSyntax(
        trees.map(({ tree: own, lineMap }) => ({ root: own.rootNode, lineMap })),
        trees.map(({ tree: own }) => own),
      );
    }
    // The tree extraction already read: no second parse of the same masked text.
    if (maskedTree) return new FileSyntax([{ root: maskedTree.rootNode, lineMap: null }], []);
    const masked = maskForParsing(text);
    if (masked === text) return new FileSyntax([{ root: tree.rootNode, lineMap: null }], []);
    const own = parse(tree, masked);
    return new FileSyntax([{ root: own.rootNode, lineMap: null }], [own]);
  }

  /** The tree as it is, for when nothing better can be parsed. */
  static of(tree: Tree): FileSyntax {
    return new FileSyntax([{ root: tree.rootNode, lineMap: null }], []);
  }

  dispose(): void {
    for (const tree of this.ownTrees) tree.delete();
  }
}

/** A node's range in the checked file's coordinates. */
export function unitRange(unit: SyntaxUnit, node: Node): Range {
  return mapUnit(unit, nodeRange(node));
}

export function mapUnit<T>(unit: SyntaxUnit, value: T): T {
  return unit.lineMap ? mapToPatch(value, unit.lineMap) : value;
}

let parser: Parser | undefined;

/** Trees exist only once web-tree-sitter is initialised, so a parser can be made synchronously here. */
function parse(like: Tree, text: string): Tree {
  parser ??= new Parser();
  parser.setLanguage(like.language);
  const tree = parser.parse(text);
  if (!tree) throw new Error('klp-callbacks: tree-sitter returned no tree');
  return tree;
}
