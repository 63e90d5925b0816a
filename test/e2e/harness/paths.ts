// Where the end-to-end harness keeps its tools, temp state and artifacts, and how it logs.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const E2E_ROOT = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(E2E_ROOT, '..', '..');
export const WORKSPACE = path.join(E2E_ROOT, 'workspace');
export const ARTIFACTS = path.join(E2E_ROOT, '.artifacts');
/**
 * Per-run state (user data, extensions, XDG dirs, the browser profile, the bundled suite) lives
 * outside the repository, where neither the linters nor git see the installed bundles.
 */
export function createRunDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'klp-callbacks-e2e-'));
}

export type Log = (message: string) => void;

const started = Date.now();
export const log: Log = (message) => {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[e2e ${seconds}s] ${message}`);
};
