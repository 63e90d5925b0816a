// The C functions defined in the workspace's files (callbacks defined elsewhere are not "undefined"), and where callbacks are registered.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentAnalyzer } from '../core/analyze';
import { MAX_SOURCE_BYTES } from '../core/input-limits';
import { LIVEPATCH_TOKEN } from '../core/model/problem-summary';
import type { Range } from '../core/model/types';
import type { ParserEngine } from '../core/parse/engine';
import { nodeRange } from '../core/text';
import { parseWithinNesting } from '../core/parse/nesting-cap';
import { readBounded } from '../host/read-bounded';
import { registrationUses } from './features/registrations';

/** How long one turn of indexing may hold the event loop before requests and edits are served. */
const TURN_MS = 25;
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
   * True once every C file of the workspace was read. Until then a name missing from `names` may
   * still be defined somewhere.
   */
  complete: boolean;
  /** Every C file of a workspace folder was read: a callback defined nowhere in it is missing. */
  wholeProject: boolean;
}

/** What one file contributes to the index. */
interface FileEntry {
  definitions: { name: string; range: Range }[];
  registrations: { name: string; range: Range }[];
}

export interface IndexProgress {
  /** Files read so far, and how many were found. */
  done: number;
  total: number;
}

export interface IndexSummary {
  files: number;
  livepatchFiles: number;
  milliseconds: number;
}

/** Files whose changes the index follows (the client watches these, and `.patch`/`.klpscenario` too). */
export function isIndexedFile(file: string): boolean {
  return file.endsWith('.c') || file.endsWith('.h');
}

/**
 * The workspace's functions and registrations, kept per file so that one file changing on disk
 * updates only its own entries. `state` is the live view the document store and navigation read.
 */
export class WorkspaceIndex {
  readonly state: WorkspaceFunctions = {
    names: new Set(),
    definitions: new Map(),
    registrations: new Map(),
    complete: false,
    wholeProject: false,
  };
  private readonly files = new Map<string, FileEntry>();
  private livepatchFiles = 0;

  constructor(
    private readonly engine: ParserEngine,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get fileCount(): number {
    return this.files.size;
  }

  /**
   * Reads every C file under `folders` in turns of about TURN_MS, yielding to the event loop in
   * between (requests and edits are answered meanwhile), then marks the index complete.
   */
  async build(folders: readonly string[], progress?: (p: IndexProgress) => void): Promise<IndexSummary> {
    const started = this.now();
    const found: string[] = [];
    for (const folder of folders) await collectCFiles(folder, found, this.now);
    let turnStarted = this.now();
    for (let i = 0; i < found.length; i++) {
      if (this.now() - turnStarted > TURN_MS) {
        progress?.({ done: i, total: found.length });
        await nextTurn();
        turnStarted = this.now();
      }
      this.update(found[i]);
    }
    progress?.({ done: found.length, total: found.length });
    this.state.complete = true;
    this.state.wholeProject = true;
    return { files: found.length, livepatchFiles: this.livepatchFiles, milliseconds: this.now() - started };
  }

  /**
   * (Re)reads one file from disk. Returns the function names the workspace gained or lost through
   * it (a name another file still defines is not lost).
   */
  update(file: string): Set<string> {
    const before = this.files.get(file);
    const after = isIndexedFile(file) ? readEntry(this.engine, file) : undefined;
    const candidates = changedNames(before, after);
    const known = this.presence(candidates);
    this.forget(file);
    if (after) {
      this.files.set(file, after);
      if (after.registrations.length > 0) this.livepatchFiles++;
      for (const d of after.definitions) this.add('definitions', d.name, { path: file, range: d.range });
      for (const r of after.registrations) this.add('registrations', r.name, { path: file, range: r.range });
    }
    return this.flipped(known);
  }

  /** A file deleted (or a folder: every file under it). Returns the function names the workspace lost. */
  remove(file: string): Set<string> {
    const prefix = file.endsWith(path.sep) ? file : file + path.sep;
    const gone = [...this.files.keys()].filter((known) => known === file || known.startsWith(prefix));
    const known = this.presence(
      new Set(gone.flatMap((g) => [...changedNames(this.files.get(g), undefined)])),
    );
    for (const g of gone) this.forget(g);
    return this.flipped(known);
  }

  private presence(names: Set<string>): Map<string, boolean> {
    return new Map([...names].map((name) => [name, this.state.names.has(name)]));
  }

  /** The names whose presence differs from `before`. */
  private flipped(before: Map<string, boolean>): Set<string> {
    return new Set(
      [...before].filter(([name, was]) => this.state.names.has(name) !== was).map(([name]) => name),
    );
  }

  private forget(file: string): void {
    const entry = this.files.get(file);
    if (!entry) return;
    this.files.delete(file);
    if (entry.registrations.length > 0) this.livepatchFiles--;
    for (const d of entry.definitions) this.drop('definitions', d.name, file);
    for (const r of entry.registrations) this.drop('registrations', r.name, file);
  }

  private add(kind: 'definitions' | 'registrations', name: string, location: DiskLocation): void {
    const index = this.state[kind];
    if (!index) return;
    const known = index.get(name) ?? [];
    known.push(location);
    index.set(name, known);
    if (kind === 'definitions') this.state.names.add(name);
  }

  private drop(kind: 'definitions' | 'registrations', name: string, file: string): void {
    const index = this.state[kind];
    const left = (index?.get(name) ?? []).filter((location) => location.path !== file);
    if (left.length > 0) {
      index?.set(name, left);
      return;
    }
    index?.delete(name);
    if (kind === 'definitions') this.state.names.delete(name);
  }
}

function changedNames(before: FileEntry | undefined, after: FileEntry | undefined): Set<string> {
  const old = new Set(before?.definitions.map((d) => d.name));
  const now = new Set(after?.definitions.map((d) => d.name));
  return new Set([...old, ...now].filter((name) => old.has(name) !== now.has(name)));
}

function readEntry(engine: ParserEngine, file: string): FileEntry | undefined {
  const read = readBounded(file, MAX_SOURCE_BYTES);
  if ('problem' in read || read.bytes.includes(0)) return undefined;
  const text = read.bytes.toString('utf8');
  // Only files that can register anything pay for extraction; they lend its tree to the function query.
  const analyzer = LIVEPATCH_TOKEN.test(text) ? new DocumentAnalyzer(engine, file, text) : null;
  const tree = analyzer ? analyzer.tree : parseWithinNesting(engine, text);
  const entry: FileEntry = { definitions: [], registrations: [] };
  try {
    for (const capture of engine.query('functions').captures(tree.rootNode)) {
      if (capture.name === 'name')
        entry.definitions.push({ name: capture.node.text, range: nodeRange(capture.node) });
    }
    if (!analyzer) return entry;
    try {
      for (const { registration } of registrationUses(analyzer.model())) {
        entry.registrations.push({ name: registration.function, range: registration.range });
      }
    } catch {
      // The core does not throw on bad input; should it, the file's definitions are still indexed.
    }
    return entry;
  } finally {
    if (analyzer) analyzer.dispose();
    else tree.delete();
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Every .c/.h file under `dir`, walked folder by folder with a turn of the event loop now and then. */
async function collectCFiles(root: string, files: string[], now: () => number): Promise<void> {
  const folders = [root];
  let turnStarted = now();
  while (folders.length > 0) {
    if (now() - turnStarted > TURN_MS) {
      await nextTurn();
      turnStarted = now();
    }
    const dir = folders.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name) && !entry.name.startsWith('.')) folders.push(full);
      else if (entry.isFile() && isIndexedFile(entry.name)) files.push(full);
    }
  }
}
