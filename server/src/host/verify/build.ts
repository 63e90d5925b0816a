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

/** The cache folder holding NAME.ko built from `source` against the toolchain's headers. */
function moduleCacheDir(cache: string, toolchain: Toolchain, name: string, source: string): string {
  const headers = `${toolchain.headers}:${fs.statSync(toolchain.headers).mtimeMs}`;
  return path.join(cache, 'modules', hashOf(headers, name, source));
}

/**
 * Builds every module not yet in the cache with one `make` (a sub-folder per module) and returns, per
 * case, its module name → .ko path. `onBuild` is told how many modules need building.
 */
export function buildCases(
  cache: string,
  toolchain: Toolchain,
  cases: readonly CaseSources[],
  onBuild: (count: number) => void,
): Map<string, string>[] {
  const wanted = new Map<string, { name: string; source: string }>();
  const kos = cases.map((sources) => {
    const paths = new Map<string, string>();
    for (const [name, source] of sources) {
      const dir = moduleCacheDir(cache, toolchain, name, source);
      paths.set(name, path.join(dir, `${name}.ko`));
      if (!fs.existsSync(dir)) wanted.set(dir, { name, source });
    }
    return paths;
  });
  if (wanted.size === 0) return kos;
  onBuild(wanted.size);
  // Kbuild refuses two modules of one name in one build: different sources of a name go in later rounds.
  const rounds: [string, { name: string; source: string }][][] = [];
  const seen = new Map<string, number>();
  for (const entry of wanted) {
    const round = seen.get(entry[1].name) ?? 0;
    seen.set(entry[1].name, round + 1);
    (rounds[round] ??= []).push(entry);
  }
  for (const round of rounds) buildRound(cache, toolchain, round);
  return kos;
}

function buildRound(
  cache: string,
  toolchain: Toolchain,
  todo: [string, { name: string; source: string }][],
): void {
  const work = fs.mkdtempSync(path.join(cache, 'build-'));
  try {
    todo.forEach(([, { name, source }], i) => {
      const sub = path.join(work, `m${i}`);
      fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, `${name}.c`), source);
      fs.writeFileSync(path.join(sub, 'Kbuild'), `obj-m += ${name}.o\n`);
    });
    fs.writeFileSync(path.join(work, 'Kbuild'), `obj-m += ${todo.map((_, i) => `m${i}/`).join(' ')}\n`);
    make(toolchain, work);
    todo.forEach(([dir, { name }], i) => {
      const staged = `${dir}.tmp`;
      fs.rmSync(staged, { recursive: true, force: true });
      fs.mkdirSync(staged, { recursive: true });
      fs.copyFileSync(path.join(work, `m${i}`, `${name}.ko`), path.join(staged, `${name}.ko`));
      fs.renameSync(staged, dir);
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
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
  const [built] = buildCases(cache, toolchain, [new Map([[BUSY_MODULE, BUSY_MODULE_SOURCE]])], () => {});
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
  return { busy: built?.get(BUSY_MODULE) ?? '', loader };
}

/** Writes a newc cpio with busybox, the loader, the busy module, each case's modules under /modules/ID, and /init. */
export function buildInitramfs(
  workDir: string,
  toolchain: Toolchain,
  fixed: { busy: string; loader: string },
  cases: readonly { id: string; kos: ReadonlyMap<string, string> }[],
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
  for (const c of cases) {
    fs.mkdirSync(path.join(root, 'modules', c.id));
    for (const [name, ko] of c.kos) fs.copyFileSync(ko, path.join(root, 'modules', c.id, `${name}.ko`));
  }
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
