// Names of the C functions defined in the workspace's files, so callbacks defined elsewhere are not "undefined".
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Range } from '../core/model/types';
import type { ParserEngine } from '../core/parse/engine';
import { nodeRange } from '../core/text';

/** A kernel tree is far larger than a livepatch project: stop there rather than stall the server. */
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 1024 * 1024;
/** Files parsed between two turns of the event loop, so edits and requests are served meanwhile. */
const FILES_PER_TURN = 10;
const SKIPPED = new Set(['node_modules', '.git', 'dist', 'out']);

/** Where a function is defined on disk (core ranges: 0-based, UTF-16). */
export interface FunctionDefinition {
  path: string;
  range: Range;
}

export interface WorkspaceFunctions {
  names: Set<string>;
  /** Where each name is defined, for go to definition into files that are not open. */
  definitions?: Map<string, FunctionDefinition[]>;
  /**
   * True once every C file of the workspace was read. Until then (or when the workspace was
   * too large to read whole) a name missing from `names` may still be defined somewhere.
   */
  complete: boolean;
  /** Every C file of a workspace folder was read: a callback defined nowhere in it is missing. */
  wholeProject: boolean;
}

export async function indexWorkspaceFunctions(
  engine: ParserEngine,
  folders: readonly string[],
): Promise<WorkspaceFunctions> {
  const files: string[] = [];
  let truncated = false;
  for (const folder of folders) truncated = collectCFiles(folder, files) || truncated;
  const definitions = new Map<string, FunctionDefinition[]>();
  for (let i = 0; i < files.length; i++) {
    if (i > 0 && i % FILES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    addDefinedFunctions(engine, files[i], definitions);
  }
  return { names: new Set(definitions.keys()), definitions, complete: !truncated, wholeProject: !truncated };
}

function addDefinedFunctions(
  engine: ParserEngine,
  file: string,
  definitions: Map<string, FunctionDefinition[]>,
): void {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) return;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return;
  }
  if (text.includes('\0')) return;
  const tree = engine.parse(text);
  try {
    for (const capture of engine.query('functions').captures(tree.rootNode)) {
      if (capture.name !== 'name') continue;
      const range = nodeRange(capture.node);
      const known = definitions.get(capture.node.text) ?? [];
      known.push({ path: file, range });
      definitions.set(capture.node.text, known);
    }
  } finally {
    tree.delete();
  }
}

/** Returns true when it stopped at MAX_FILES. */
function collectCFiles(dir: string, files: string[]): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (files.length >= MAX_FILES) return true;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED.has(entry.name) && !entry.name.startsWith('.')) {
      if (collectCFiles(full, files)) return true;
    } else if (entry.isFile() && (entry.name.endsWith('.c') || entry.name.endsWith('.h'))) {
      files.push(full);
    }
  }
  return false;
}
