// Turns the CLI's file and folder arguments into readable sources, with a clear error for each bad one.
import { appendAll } from '../core/append';
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
  const seen = new Set<string>();
  const addFile = (absolutePath: string, shown: string) => {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    const result = readSource(absolutePath);
    if ('text' in result) sources.push({ path: shown, absolutePath, text: result.text });
    else problems.push({ path: shown, message: result.problem });
  };
  for (const arg of args) {
    const absolutePath = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolutePath);
    } catch {
      problems.push({ path: arg, message: 'no such file or folder' });
      continue;
    }
    if (stat.isDirectory()) {
      const found = walk(absolutePath, problems, cwd);
      if (found.length === 0) {
        problems.push({ path: arg, message: `no ${SOURCE_EXTENSIONS.join(' ')} files in this folder` });
      }
      for (const file of found) addFile(file, displayPath(file, cwd));
    } else {
      addFile(absolutePath, arg);
    }
  }
  return { sources, problems };
}

function walk(dir: string, problems: InputProblem[], cwd: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ path: displayPath(dir, cwd), message: `cannot read folder: ${errorText(error)}` });
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) appendAll(files, walk(full, problems, cwd));
    } else if (entry.isFile() && SOURCE_EXTENSIONS.includes(path.extname(entry.name))) {
      files.push(full);
    }
  }
  return files;
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
