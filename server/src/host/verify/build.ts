// Builds what the guest needs, cached by content: each case's modules, the static loader, and the initramfs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOADER_SOURCE } from './guest-loader';
import { BUSY_MODULE, BUSY_MODULE_SOURCE } from './mirror-targets';
import type { Toolchain } from './toolchain';

/** One case's module sources: module name → C text. */
export type CaseSources = ReadonlyMap<string, string>;

function hashOf(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex').slice(0, 24);
}

/** The cache folder holding the .ko files built from `sources` against the toolchain's headers. */
function moduleCacheDir(cache: string, toolchain: Toolchain, sources: CaseSources): string {
  const parts = [...sources].sort(([a], [b]) => a.localeCompare(b)).flat();
  return path.join(
    cache,
    'modules',
    hashOf(toolchain.headers, fs.statSync(toolchain.headers).mtimeMs.toString(), ...parts),
  );
}

/**
 * Builds every case not yet in the cache with one `make` (a sub-folder per case) and returns each case's
 * folder of .ko files, in the order given. `onBuild` is told how many cases need building.
 */
export function buildCases(
  cache: string,
  toolchain: Toolchain,
  cases: readonly CaseSources[],
  onBuild: (count: number) => void,
): string[] {
  const dirs = cases.map((sources) => moduleCacheDir(cache, toolchain, sources));
  const todo = cases
    .map((sources, i) => ({ sources, dir: dirs[i] ?? '' }))
    .filter((c) => !fs.existsSync(c.dir));
  const unique = [...new Map(todo.map((c) => [c.dir, c])).values()];
  if (unique.length === 0) return dirs;
  onBuild(unique.length);
  const work = fs.mkdtempSync(path.join(cache, 'build-'));
  try {
    unique.forEach(({ sources }, i) => {
      const sub = path.join(work, `c${i}`);
      fs.mkdirSync(sub, { recursive: true });
      for (const [name, text] of sources) fs.writeFileSync(path.join(sub, `${name}.c`), text);
      fs.writeFileSync(
        path.join(sub, 'Kbuild'),
        `obj-m += ${[...sources.keys()].map((n) => `${n}.o`).join(' ')}\n`,
      );
    });
    fs.writeFileSync(path.join(work, 'Kbuild'), `obj-m += ${unique.map((_, i) => `c${i}/`).join(' ')}\n`);
    make(toolchain, work);
    unique.forEach(({ sources, dir }, i) => {
      const staged = `${dir}.tmp`;
      fs.rmSync(staged, { recursive: true, force: true });
      fs.mkdirSync(staged, { recursive: true });
      for (const name of sources.keys())
        fs.copyFileSync(path.join(work, `c${i}`, `${name}.ko`), path.join(staged, `${name}.ko`));
      fs.renameSync(staged, dir);
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return dirs;
}

function make(toolchain: Toolchain, dir: string): void {
  try {
    execFileSync('make', ['-s', '-j2', '-C', toolchain.headers, `M=${dir}`, 'modules'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    const errors = stderr
      .split('\n')
      .filter((l) => /error|Error/.test(l))
      .slice(0, 8);
    throw new Error(`building the modules against ${toolchain.headers} failed:\n  ${errors.join('\n  ')}`);
  }
}

/** The busy module and the guest's loader, built once per headers / source. */
export function buildFixedParts(cache: string, toolchain: Toolchain): { busy: string; loader: string } {
  const [busyDir] = buildCases(cache, toolchain, [new Map([[BUSY_MODULE, BUSY_MODULE_SOURCE]])], () => {});
  const loader = path.join(cache, 'loader', hashOf(LOADER_SOURCE), 'oracle-loader');
  if (!fs.existsSync(loader)) {
    const dir = path.dirname(loader);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'oracle-loader.c'), LOADER_SOURCE);
    execFileSync(
      'gcc',
      ['-static', '-O2', '-Wall', '-o', `${loader}.tmp`, path.join(dir, 'oracle-loader.c')],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    fs.renameSync(`${loader}.tmp`, loader);
  }
  return { busy: path.join(busyDir ?? '', `${BUSY_MODULE}.ko`), loader };
}

/** Writes a newc cpio with busybox, the loader, the busy module, each case's modules under /modules/ID, and /init. */
export function buildInitramfs(
  workDir: string,
  toolchain: Toolchain,
  fixed: { busy: string; loader: string },
  cases: readonly { id: string; dir: string }[],
  init: string,
): string {
  const root = path.join(workDir, 'rootfs');
  fs.rmSync(root, { recursive: true, force: true });
  for (const dir of ['bin', 'dev', 'proc', 'sys', 'modules'])
    fs.mkdirSync(path.join(root, dir), { recursive: true });
  fs.copyFileSync(toolchain.busybox, path.join(root, 'bin', 'busybox'));
  fs.copyFileSync(fixed.loader, path.join(root, 'bin', 'oracle-loader'));
  fs.chmodSync(path.join(root, 'bin', 'oracle-loader'), 0o755);
  fs.copyFileSync(fixed.busy, path.join(root, 'modules', path.basename(fixed.busy)));
  for (const c of cases) fs.cpSync(c.dir, path.join(root, 'modules', c.id), { recursive: true });
  fs.writeFileSync(path.join(root, 'init'), init, { mode: 0o755 });
  // The kernel opens /dev/console from the initramfs before /init runs; without root there is no node
  // to copy, and /init reopens the console once devtmpfs is mounted.
  try {
    execFileSync('mknod', [path.join(root, 'dev', 'console'), 'c', '5', '1'], { stdio: 'ignore' });
  } catch {
    // not root: see above
  }
  const list = execFileSync('find', ['.'], { cwd: root });
  const archive = execFileSync('cpio', ['-o', '-H', 'newc', '-R', '0:0', '--quiet'], {
    cwd: root,
    input: list,
    maxBuffer: 512 * 1024 * 1024,
  });
  const cpio = path.join(workDir, 'initramfs.cpio');
  fs.writeFileSync(cpio, archive);
  return cpio;
}
