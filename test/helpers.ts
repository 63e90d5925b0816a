// Shared test helpers: the one parser engine, fixture paths, and inline-expectation reading.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEngine, type ParserEngine } from '../server/src/core/parse/engine';

export const REPO_ROOT = path.join(__dirname, '..');
export const FIXTURES = path.join(__dirname, 'fixtures');
export const SAMPLES = path.join(REPO_ROOT, 'samples');

export function engine(): Promise<ParserEngine> {
  return loadEngine();
}

/** Every .c and .h file under `dir`, sorted. */
export function cFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? cFiles(path.join(dir, entry.name))
        : /\.[ch]$/.test(entry.name)
          ? [path.join(dir, entry.name)]
          : [],
    )
    .sort();
}
