// Builds the parser engine from its assets (runtime wasm, C grammar, query sources), wherever they were read: disk or a browser's fetch.
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';

export interface ParserEngine {
  readonly language: Language;
  /** Parses `text`; pass the previous tree (already `edit()`ed) to reparse incrementally. */
  parse(text: string, previous?: Tree): Tree;
  /** A compiled query from grammars/queries/c/<name>.scm. */
  query(name: string): Query;
  /** Names of every query file found, all compiled at load time. */
  readonly queryNames: readonly string[];
}

export interface EngineAssets {
  /** web-tree-sitter's own wasm: a file path (Node) or a URL (browser), or its bytes. */
  runtimeWasm: string | Uint8Array;
  /** The C grammar: a file path or URL, or its bytes. */
  grammar: string | Uint8Array;
  /** Query name (file name without .scm) → source. */
  queries: ReadonlyMap<string, string>;
}

export async function createEngine(assets: EngineAssets): Promise<ParserEngine> {
  const runtime = assets.runtimeWasm;
  // Emscripten's module options: a location to load the runtime from, or the runtime itself.
  await Parser.init(typeof runtime === 'string' ? { locateFile: () => runtime } : { wasmBinary: runtime });
  const language = await Language.load(assets.grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  const queries = new Map<string, Query>();
  for (const [name, source] of assets.queries) {
    try {
      queries.set(name, new Query(language, source));
    } catch (error) {
      throw new Error(`klp-callbacks: query ${name}.scm does not compile: ${String(error)}`);
    }
  }
  return {
    language,
    queryNames: [...queries.keys()].sort(),
    parse(text, previous) {
      const tree = parser.parse(text, previous ?? null);
      if (!tree) throw new Error('klp-callbacks: tree-sitter returned no tree');
      return tree;
    },
    query(name) {
      const query = queries.get(name);
      if (!query) throw new Error(`klp-callbacks: no query named ${name}.scm`);
      return query;
    },
  };
}
