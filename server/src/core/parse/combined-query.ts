// Several .scm queries compiled as one: a single walk of a tree finds the matches of them all.
import type { Node, Query, QueryMatch } from 'web-tree-sitter';

/**
 * Tree-sitter's query cursor visits every node under the node it is run on whatever the patterns,
 * so a declaration walked once for N queries costs about a Nth of N walks. Patterns keep their own
 * predicates and match exactly as in their own query; the matches are handed back per source query,
 * each list in the order that query alone would give.
 */
export class CombinedQuery {
  /** The index of the first pattern of each source query, in `names` order, then the total. */
  private readonly firstPattern: number[] = [];

  constructor(
    private readonly query: Query,
    readonly names: readonly string[],
    patternCounts: readonly number[],
  ) {
    let next = 0;
    for (const count of patternCounts) {
      this.firstPattern.push(next);
      next += count;
    }
    this.firstPattern.push(next);
  }

  /** The matches under `node` (itself included), by the name of the query whose pattern matched. */
  matchesBySource(node: Node): Map<string, QueryMatch[]> {
    const bySource = new Map<string, QueryMatch[]>(this.names.map((name) => [name, []]));
    for (const match of this.query.matches(node)) {
      bySource.get(this.sourceOf(match.patternIndex))?.push(match);
    }
    return bySource;
  }

  private sourceOf(patternIndex: number): string {
    let source = 0;
    while (patternIndex >= this.firstPattern[source + 1]) source++;
    return this.names[source];
  }
}

/** Compiles (once per list of names) the queries of `sources` named in `names` as one. */
export function combinedQueryCompiler(
  sources: ReadonlyMap<string, string>,
  compile: (source: string) => Query,
  single: (name: string) => Query,
): (names: readonly string[]) => CombinedQuery {
  const compiled = new Map<string, CombinedQuery>();
  return (names) => {
    const key = names.join('\n');
    let combined = compiled.get(key);
    if (!combined) {
      const text = names.map((name) => {
        const source = sources.get(name);
        if (source === undefined) throw new Error(`klp-callbacks: no query named ${name}.scm`);
        return source;
      });
      combined = new CombinedQuery(
        compile(text.join('\n')),
        names,
        names.map((name) => single(name).patternCount()),
      );
      compiled.set(key, combined);
    }
    return combined;
  };
}
