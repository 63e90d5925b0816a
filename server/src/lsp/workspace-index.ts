// Names of the C functions defined in the workspace's files, so callbacks defined elsewhere are not "undefined".
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParserEngine } from '../core/parse/engine';

/** A kernel tree is far larger than a livepatch project: stop early rather than stall the server. */
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 1024 * 1024;
const SKIPPED = new Set(['node_modules', '.git', 'dist', 'out']);

export function indexWorkspaceFunctions(engine: ParserEngine, folders: readonly string[]): Set<string> {
  const names = new Set<string>();
  const files: string[] = [];
  for (const folder of folders) collectCFiles(folder, files);
  for (const file of files) {
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_FILE_BYTES) continue;
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (text.includes('\0')) continue;
    const tree = engine.parse(text);
    try {
      for (const capture of engine.query('functions').captures(tree.rootNode)) {
        if (capture.name === 'name') names.add(capture.node.text);
      }
    } finally {
      tree.delete();
    }
  }
  return names;
}

function collectCFiles(dir: string, files: string[]): void {
  if (files.length >= MAX_FILES) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (files.length >= MAX_FILES) return;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED.has(entry.name) && !entry.name.startsWith('.'))
      collectCFiles(full, files);
    else if (entry.isFile() && (entry.name.endsWith('.c') || entry.name.endsWith('.h'))) files.push(full);
  }
}
