// Turns the CLI's file and folder arguments into readable sources, with a clear error for each bad one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_SOURCE_BYTES } from '../core/input-limits';
import { errorText, readBounded } from '../host/read-bounded';

export const SOURCE_EXTENSIONS = ['.c', '.h', '.patch', '.diff'];
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out']);

export interface SourceFile {
  /** The path as the user would write it: relative to the working folder when inside it. */
  path: string;
  absolutePath: string;
  text: string;
}

export interface InputProblem {
  path: string;
  message: string;
}

export interface CollectedInputs {
  sources: SourceFile[];
  problems: InputProblem[];
}

export function collectInputs(args: readonly string[], cwd: string): CollectedInputs {
  const sources: SourceFile[] = [];
  const problems: InputProblem[] = [];
  for (const item of collectInputItems(args, cwd)) {
    if ('problem' in item) {
      problems.push(item.problem);
      continue;
    }
    const result = readSource(item.absolutePath);
    if ('text' in result) sources.push({ ...item, text: result.text });
    else problems.push({ path: item.path, message: result.problem });
  }
  return { sources, problems };
}

/** A file to read (as SourceFile without its text), or a problem found while looking for files. */
export type InputItem = Omit<SourceFile, 'text'> | { problem: InputProblem };

/**
 * The inputs in order, not yet read: `check` reads each file when it gets to it, so a kernel
 * tree's text is never held at once. Unreadable files are the reader's to report, at their place.
 */
export function collectInputItems(args: readonly string[], cwd: string): InputItem[] {
  const items: InputItem[] = [];
  const seen = new Set<string>();
  const addFile = (absolutePath: string, shown: string) => {
    // A file and a symlink to it (or a path given twice) are one input: read once, under the first name.
    const identity = realPath(absolutePath);
    if (seen.has(identity)) return;
    seen.add(identity);
    items.push({ path: shown, absolutePath });
  };
  for (const arg of args) {
    const absolutePath = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolutePath);
    } catch (error) {
      items.push({ problem: { path: arg, message: statProblem(absolutePath, error) } });
      continue;
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      const problems: InputProblem[] = [];
      walk(absolutePath, { files: found, problems, cwd, visited: new Set() });
      for (const problem of problems) items.push({ problem });
      if (found.length === 0) {
        items.push({
          problem: { path: arg, message: `no ${SOURCE_EXTENSIONS.join(' ')} files in this folder` },
        });
      }
      for (const file of found) addFile(file, displayPath(file, cwd));
    } else {
      addFile(absolutePath, arg);
    }
  }
  return items;
}

/** Why a path cannot be followed: a link to itself, or one whose target is gone, is not "no such file". */
function statProblem(absolutePath: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'a symbolic link loop (the link leads back to itself)';
  if (code === 'ENOENT') {
    const isLink = (() => {
      try {
        return fs.lstatSync(absolutePath).isSymbolicLink();
      } catch {
        return false;
      }
    })();
    return isLink ? 'a broken symbolic link (its target does not exist)' : 'no such file or folder';
  }
  return errorText(error);
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

interface Walk {
  /** Appended to, never spread: a folder may hold more files than a call's argument list. */
  files: string[];
  problems: InputProblem[];
  cwd: string;
  /** Real paths of the folders entered: a symlink back up the tree is entered once, not forever. */
  visited: Set<string>;
}

function walk(dir: string, state: Walk): void {
  let real: string;
  let entries: fs.Dirent[];
  try {
    real = fs.realpathSync(dir);
    if (state.visited.has(real)) return;
    state.visited.add(real);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    state.problems.push({
      path: displayPath(dir, state.cwd),
      message: `cannot read folder: ${errorText(error)}`,
    });
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (SKIPPED_FOLDERS.has(entry.name)) continue;
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Followed as the user's shell would; a loop or a dangling link is said, never skipped silently.
      try {
        const target = fs.statSync(full);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        if (SOURCE_EXTENSIONS.includes(path.extname(entry.name)))
          state.problems.push({ path: displayPath(full, state.cwd), message: statProblem(full, error) });
        continue;
      }
    }
    if (isDirectory) walk(full, state);
    else if (!SOURCE_EXTENSIONS.includes(path.extname(entry.name))) continue;
    else if (isFile) state.files.push(full);
    // A FIFO or device named like a source would block or never end: said, not read.
    else state.problems.push({ path: displayPath(full, state.cwd), message: 'skipped: not a regular file' });
  }
}

export function readSource(absolutePath: string): { text: string } | { problem: string } {
  const result = readBounded(absolutePath, MAX_SOURCE_BYTES);
  if ('problem' in result) return result;
  if (result.bytes.includes(0)) return { problem: 'skipped: binary file (it contains NUL bytes)' };
  return { text: result.bytes.toString('utf8') };
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
