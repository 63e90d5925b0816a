// Builds the parser engine from its assets (runtime wasm, C grammar, query sources), wherever they were read: disk or a browser's fetch.
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';
import { combinedQueryCompiler, type CombinedQuery } from './combined-query';

export interface ParserEngine {
  readonly language: Language;
  /** Parses `text`; pass the previous tree (already `edit()`ed) to reparse incrementally. */
  parse(text: string, previous?: Tree): Tree;
  /** A compiled query from grammars/queries/c/<name>.scm. */
  query(name: string): Query;
  /** The named queries compiled as one (once per list), for one walk where several are run on a node. */
  combinedQuery(names: readonly string[]): CombinedQuery;
  /** Names of every query file found, all compiled at load time. */
  readonly queryNames: readonly string[];
  /** Bytes of the WebAssembly memory trees live in (it grows, and never shrinks). */
  wasmMemoryBytes(): number;
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
  const runtimeWasm = assets.runtimeWasm;
  // Emscripten's module options: a location to load the runtime from, or the runtime itself. Emscripten
  // uses this object as its module: it keeps the current heap view on it as HEAP8.
  const runtime: { locateFile?: () => string; wasmBinary?: Uint8Array; HEAP8?: Int8Array } =
    typeof runtimeWasm === 'string' ? { locateFile: () => runtimeWasm } : { wasmBinary: runtimeWasm };
  await Parser.init(runtime);
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
  const query = (name: string) => {
    const compiled = queries.get(name);
    if (!compiled) throw new Error(`klp-callbacks: no query named ${name}.scm`);
    return compiled;
  };
  return {
    language,
    queryNames: [...queries.keys()].sort(),
    wasmMemoryBytes: () => runtime.HEAP8?.buffer.byteLength ?? 0,
    parse(text, previous) {
      const tree = parser.parse(text, previous ?? null);
      if (!tree) throw new Error('klp-callbacks: tree-sitter returned no tree');
      return tree;
    },
    query,
    combinedQuery: combinedQueryCompiler(assets.queries, (source) => new Query(language, source), query),
  };
}
