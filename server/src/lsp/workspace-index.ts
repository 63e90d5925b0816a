// The C functions defined in the workspace's files (callbacks defined elsewhere are not "undefined"), and where callbacks are registered.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentAnalyzer } from '../core/analyze';
import { LIVEPATCH_TOKEN } from '../core/model/problem-summary';
import type { Range } from '../core/model/types';
import type { ParserEngine } from '../core/parse/engine';
import { nodeRange } from '../core/text';
import { readBounded } from '../host/read-bounded';
import { registrationUses } from './features/registrations';

/** A kernel tree is far larger than a livepatch project: stop there rather than stall the server. */
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 1024 * 1024;
/** Files parsed between two turns of the event loop, so edits and requests are served meanwhile. */
const FILES_PER_TURN = 10;
const SKIPPED = new Set(['node_modules', '.git', 'dist', 'out']);

/** A place in a file on disk (core ranges: 0-based, UTF-16). */
export interface DiskLocation {
  path: string;
  range: Range;
}

export interface WorkspaceFunctions {
  names: Set<string>;
  /** Where each name is defined, for go to definition into files that are not open. */
  definitions?: Map<string, DiskLocation[]>;
  /** Where each name is registered as a callback, for find references into files that are not open. */
  registrations?: Map<string, DiskLocation[]>;
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
  const definitions = new Map<string, DiskLocation[]>();
  const registrations = new Map<string, DiskLocation[]>();
  for (let i = 0; i < files.length; i++) {
    if (i > 0 && i % FILES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    indexFile(engine, files[i], definitions, registrations);
  }
  return {
    names: new Set(definitions.keys()),
    definitions,
    registrations,
    complete: !truncated,
    wholeProject: !truncated,
  };
}

function indexFile(
  engine: ParserEngine,
  file: string,
  definitions: Map<string, DiskLocation[]>,
  registrations: Map<string, DiskLocation[]>,
): void {
  const read = readBounded(file, MAX_FILE_BYTES);
  if ('problem' in read || read.bytes.includes(0)) return;
  const text = read.bytes.toString('utf8');
  // Only files that can register anything pay for extraction; they lend its tree to the function query.
  const analyzer = LIVEPATCH_TOKEN.test(text) ? new DocumentAnalyzer(engine, file, text) : null;
  const tree = analyzer ? analyzer.tree : engine.parse(text);
  try {
    for (const capture of engine.query('functions').captures(tree.rootNode)) {
      if (capture.name !== 'name') continue;
      add(definitions, capture.node.text, { path: file, range: nodeRange(capture.node) });
    }
    if (!analyzer) return;
    try {
      for (const { registration } of registrationUses(analyzer.model())) {
        add(registrations, registration.function, { path: file, range: registration.range });
      }
    } catch {
      // The core does not throw on bad input; should it, the file's definitions are still indexed.
    }
  } finally {
    if (analyzer) analyzer.dispose();
    else tree.delete();
  }
}

function add(index: Map<string, DiskLocation[]>, name: string, location: DiskLocation): void {
  const known = index.get(name) ?? [];
  known.push(location);
  index.set(name, known);
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
