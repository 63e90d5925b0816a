// Several .scm queries compiled as one: a single walk of a tree finds the matches of them all.
import type { Node, Query, QueryMatch } from 'web-tree-sitter';

/**
 * Tree-sitter's query cursor visits every node under the node it is run on whatever the patterns,
 * so a declaration walked once for N queries costs about a Nth of N walks. Patterns keep their own
 * predicates and match exactly as in their own query; the matches are handed back per source query,
 * each list in the order that query alone would give.
 */
export class CombinedQuery {
  /** The source query of each pattern, by pattern index. */
  private readonly sourceOfPattern: string[] = [];

  /** `query` was compiled from the sources of `names` joined in order; `starts`: where each begins. */
  constructor(
    private readonly query: Query,
    readonly names: readonly string[],
    starts: readonly number[],
  ) {
    for (let pattern = 0; pattern < query.patternCount(); pattern++) {
      const at = query.startIndexForPattern(pattern);
      let source = 0;
      while (source + 1 < starts.length && at >= starts[source + 1]) source++;
      this.sourceOfPattern.push(names[source]);
    }
  }

  /** The matches under `node` (itself included), by the name of the query whose pattern matched. */
  matchesBySource(node: Node): Map<string, QueryMatch[]> {
    const bySource = new Map<string, QueryMatch[]>(this.names.map((name) => [name, []]));
    for (const match of this.query.matches(node)) {
      bySource.get(this.sourceOfPattern[match.patternIndex])?.push(match);
    }
    return bySource;
  }
}

/** Compiles (once per list of names) the queries of `sources` named in `names` as one. */
export function combinedQueryCompiler(
  sources: ReadonlyMap<string, string>,
  compile: (source: string) => Query,
): (names: readonly string[]) => CombinedQuery {
  const compiled = new Map<string, CombinedQuery>();
  return (names) => {
    const key = names.join('\n');
    let combined = compiled.get(key);
    if (!combined) {
      const starts: number[] = [];
      let text = '';
      for (const name of names) {
        const source = sources.get(name);
        if (source === undefined) throw new Error(`klp-callbacks: no query named ${name}.scm`);
        starts.push(text.length);
        text += `${source}\n`;
      }
      combined = new CombinedQuery(compile(text), names, starts);
      compiled.set(key, combined);
    }
    return combined;
  };
}
