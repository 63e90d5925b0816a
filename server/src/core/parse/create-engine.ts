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
  /** Names of every query file found; each is compiled the first time it is asked for. */
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
  // Compiling a query costs 5-25 ms against the C grammar (tree-sitter analyses every pattern), and
  // a file lacking the names a query's predicates need never runs it: compile on first use, once.
  const compiled = new Map<string, Query>();
  const compile = (name: string): Query => {
    const source = assets.queries.get(name);
    if (source === undefined) throw new Error(`klp-callbacks: no query named ${name}.scm`);
    try {
      const query = new Query(language, source);
      compiled.set(name, query);
      return query;
    } catch (error) {
      throw new Error(`klp-callbacks: query ${name}.scm does not compile: ${String(error)}`);
    }
  };
  return {
    language,
    queryNames: [...assets.queries.keys()].sort(),
    wasmMemoryBytes: () => runtime.HEAP8?.buffer.byteLength ?? 0,
    parse(text, previous) {
      const tree = parser.parse(text, previous ?? null);
      if (!tree) throw new Error('klp-callbacks: tree-sitter returned no tree');
      return tree;
    },
    query(name) {
      return compiled.get(name) ?? compile(name);
    },
    combinedQuery: combinedQueryCompiler(assets.queries, (source) => new Query(language, source)),
  };
}
