// The file-system side of core/model/objname/kernel-tree.ts: finds a kernel tree's root and reads its Kbuild files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KernelTree } from '../core/model/objname/kernel-tree';

/** The kernel's top Makefile starts by setting these; no Makefile of a subfolder does. */
const TOP_MAKEFILE = /^VERSION\s*=\s*\d+\s*$[\s\S]*^PATCHLEVEL\s*=\s*\d+\s*$/m;
const KBUILD_NAMES = ['Kbuild', 'Makefile'];

export function isKernelTreeRoot(dir: string): boolean {
  const head = readText(path.join(dir, 'Makefile'), 4096);
  return head !== undefined && TOP_MAKEFILE.test(head);
}

/** The nearest folder from `start` (a file or folder) upward that is a kernel tree's root. */
export function findKernelTreeRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  if (!isDirectory(dir)) dir = path.dirname(dir);
  while (true) {
    if (isKernelTreeRoot(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * `root` must be a kernel tree's root; relative source paths are taken from `cwd`. Files are read
 * again only when their size or modification time changed: the language server resolves objects
 * at every keystroke in a file with macros, and a real `.config` is a few hundred kilobytes.
 */
export function fileSystemKernelTree(root: string, cwd: string = process.cwd()): KernelTree {
  const absoluteRoot = path.resolve(root);
  const readText = cachedReader();
  return {
    readKbuild(dir) {
      for (const name of KBUILD_NAMES) {
        const relative = dir === '' ? name : `${dir}/${name}`;
        const text = readText(path.join(absoluteRoot, ...relative.split('/')));
        if (text !== undefined) return { path: relative, text };
      }
      return undefined;
    },
    readConfig() {
      return readText(path.join(absoluteRoot, '.config'));
    },
    relativePath(source) {
      const relative = path.relative(absoluteRoot, path.resolve(cwd, source));
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
      return relative.split(path.sep).join('/');
    },
  };
}

function cachedReader(): (file: string) => string | undefined {
  const cache = new Map<string, { stamp: string; text: string | undefined }>();
  return (file) => {
    let stamp = 'missing';
    try {
      const stat = fs.statSync(file);
      stamp = `${stat.size}:${stat.mtimeMs}:${stat.isFile()}`;
    } catch {
      // A missing file is cached as missing until it appears.
    }
    const cached = cache.get(file);
    if (cached?.stamp === stamp) return cached.text;
    const text = stamp === 'missing' ? undefined : readText(file);
    cache.set(file, { stamp, text });
    return text;
  };
}

function readText(file: string, limit?: number): string | undefined {
  try {
    if (!fs.statSync(file).isFile()) return undefined;
    if (limit === undefined) return fs.readFileSync(file, 'utf8');
    const handle = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(limit);
      const read = fs.readSync(handle, buffer, 0, limit, 0);
      return buffer.subarray(0, read).toString('utf8');
    } finally {
      fs.closeSync(handle);
    }
  } catch {
    return undefined;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
