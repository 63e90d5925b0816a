// Builds the two things the run installs: the extension's .vsix (rebuilt when stale) and the bundled mocha suite.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { E2E_ROOT, REPO_ROOT, type Log } from './paths';

export const VSIX = path.join(REPO_ROOT, 'klp-callbacks.vsix');
/** What goes into the .vsix: a change to any of these makes it stale. */
const VSIX_INPUTS = [
  'package.json',
  'esbuild.mjs',
  'client',
  'server/src',
  'grammars/queries',
  'EXTENSION.md',
  'CHANGELOG.md',
  'images',
  'docs',
];

function newestMtime(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(file)
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(file, name))), stat.mtimeMs);
}

function npmRun(script: string, log: Log): void {
  log(`npm run ${script}`);
  try {
    execFileSync('npm', ['run', '--silent', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run ${script} failed:\n${String(stdout ?? '')}${String(stderr ?? '')}`);
  }
}

/**
 * Bundles and packages the extension unless the .vsix is newer than everything it is made of. Only
 * the bundles go into the .vsix; type-checking is `npm test`'s job and must not hold this run up.
 */
export function ensureVsix(log: Log, rebuild: boolean): string {
  const built = fs.existsSync(VSIX) ? fs.statSync(VSIX).mtimeMs : 0;
  const inputs = Math.max(...VSIX_INPUTS.map((input) => newestMtime(path.join(REPO_ROOT, input))));
  if (!rebuild && built > inputs) {
    log(`${path.basename(VSIX)} is up to date`);
    return VSIX;
  }
  npmRun('bundle', log);
  npmRun('package', log);
  if (!fs.existsSync(VSIX)) throw new Error(`npm run package did not produce ${VSIX}`);
  return VSIX;
}

/**
 * Writes a do-nothing development extension whose out/index.js is the bundled suite: the workbench
 * runs extension tests only from a development extension, while the extension under test is the
 * installed .vsix, exactly as users get it.
 */
export async function buildRunnerExtension(runnerDir: string): Promise<string> {
  fs.mkdirSync(runnerDir, { recursive: true });
  const manifest = {
    name: 'klp-callbacks-e2e-runner',
    publisher: 'klp-callbacks-e2e',
    version: '0.0.0',
    private: true,
    engines: { vscode: '^1.91.0' },
  };
  fs.writeFileSync(path.join(runnerDir, 'package.json'), JSON.stringify(manifest, null, 2));
  const entry = path.join(runnerDir, 'out', 'index.js');
  await esbuild.build({
    entryPoints: [path.join(E2E_ROOT, 'suite', 'index.ts')],
    outfile: entry,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'error',
  });
  return entry;
}
