// Loads web-tree-sitter and the C grammar once, and compiles every .scm query once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';
import { findGrammarsDir, grammarAsset } from './assets';

export interface ParserEngine {
  readonly language: Language;
  /** Parses `text`; pass the previous tree (already `edit()`ed) to reparse incrementally. */
  parse(text: string, previous?: Tree): Tree;
  /** A compiled query from grammars/queries/c/<name>.scm. */
  query(name: string): Query;
  /** Names of every query file found, all compiled at load time. */
  readonly queryNames: readonly string[];
  /** Bytes of the WebAssembly memory trees live in (it grows, and never shrinks). */
  wasmMemoryBytes(): number;
}

let loading: Promise<ParserEngine> | undefined;

/** The engine is a process-wide singleton: the wasm runtime and the grammar are loaded once. */
export function loadEngine(): Promise<ParserEngine> {
  loading ??= createEngine(findGrammarsDir()).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function createEngine(grammarsDir: string): Promise<ParserEngine> {
  const runtimeWasm = grammarAsset(grammarsDir, 'web-tree-sitter.wasm');
  // Emscripten uses this object as its module: it keeps the current heap view on it as HEAP8.
  const runtime: { locateFile: () => string; HEAP8?: Int8Array } = { locateFile: () => runtimeWasm };
  await Parser.init(runtime);
  const language = await Language.load(grammarAsset(grammarsDir, 'tree-sitter-c.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  const queries = compileQueries(language, path.join(grammarsDir, 'queries', 'c'));
  return {
    language,
    queryNames: [...queries.keys()].sort(),
    wasmMemoryBytes: () => runtime.HEAP8?.buffer.byteLength ?? 0,
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

function compileQueries(language: Language, dir: string): Map<string, Query> {
  const queries = new Map<string, Query>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.scm'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    try {
      queries.set(path.basename(file, '.scm'), new Query(language, source));
    } catch (error) {
      throw new Error(`klp-callbacks: query ${file} does not compile: ${String(error)}`);
    }
  }
  return queries;
}
