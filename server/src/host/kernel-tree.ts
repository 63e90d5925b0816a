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

/** `root` must be a kernel tree's root; relative source paths are taken from `cwd`. */
export function fileSystemKernelTree(root: string, cwd: string = process.cwd()): KernelTree {
  const absoluteRoot = path.resolve(root);
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
