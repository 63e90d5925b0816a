// Loads web-tree-sitter and the C grammar once from grammars/ on disk, and reads the .scm queries (compiled once, on first use).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findGrammarsDir, grammarAsset } from './assets';
import { createEngine, type ParserEngine } from './create-engine';

export type { ParserEngine } from './create-engine';

let loading: Promise<ParserEngine> | undefined;

/** The engine is a process-wide singleton: the wasm runtime and the grammar are loaded once. */
export function loadEngine(): Promise<ParserEngine> {
  loading ??= loadFromDisk(findGrammarsDir()).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function loadFromDisk(grammarsDir: string): Promise<ParserEngine> {
  const dir = path.join(grammarsDir, 'queries', 'c');
  const queries = new Map<string, string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.scm'))) {
    queries.set(path.basename(file, '.scm'), fs.readFileSync(path.join(dir, file), 'utf8'));
  }
  // Bytes rather than paths: given a path, web-tree-sitter reads it through a dynamic import of
  // fs/promises, which costs a few milliseconds more at start-up.
  return createEngine({
    runtimeWasm: fs.readFileSync(grammarAsset(grammarsDir, 'web-tree-sitter.wasm')),
    grammar: fs.readFileSync(grammarAsset(grammarsDir, 'tree-sitter-c.wasm')),
    queries,
  });
}
