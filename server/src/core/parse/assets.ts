// Finds the grammars/ folder (wasm files and .scm queries) from source, from tests and from bundles.
import * as fs from 'node:fs';
import * as path from 'node:path';

const MARKER = path.join('queries', 'c');

/**
 * The bundles live in dist/, the sources under server/src/core/parse/ and a packaged extension
 * keeps grammars/ at its root: walking up from this file finds it in all three layouts.
 */
export function findGrammarsDir(start: string = __dirname): string {
  const override = process.env.KLP_CALLBACKS_GRAMMARS;
  if (override) return override;
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'grammars');
    if (fs.existsSync(path.join(candidate, MARKER))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`klp-callbacks: cannot find the grammars/ folder above ${start}`);
    }
    dir = parent;
  }
}

export function grammarAsset(grammarsDir: string, file: string): string {
  const full = path.join(grammarsDir, file);
  if (!fs.existsSync(full)) {
    throw new Error(`klp-callbacks: ${full} is missing; run \`npm run build\` to copy the wasm files`);
  }
  return full;
}
