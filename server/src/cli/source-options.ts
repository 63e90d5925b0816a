// Per input file extraction options: the kernel tree it belongs to (given, or found upward) read from disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExtractOptions } from '../core/model/extract';
import { fileSystemKernelTree, findKernelTreeRoot } from '../host/kernel-tree';
import type { SourceOptions } from './args';
import { UsageError } from './io';

/** Resolves kernel trees once per root for all the inputs of a command. */
export class SourceOptionsResolver {
  private readonly trees = new Map<string, ExtractOptions['kernelTree']>();
  /** Tree root per input folder: `check` over a big folder asks once per folder, not per file. */
  private readonly roots = new Map<string, string | undefined>();
  private readonly base: ExtractOptions;
  private readonly explicitRoot: string | undefined;

  constructor(
    options: SourceOptions,
    private readonly cwd: string,
  ) {
    const { kernelTreeDir, ...base } = options;
    this.base = base;
    if (kernelTreeDir !== undefined) {
      this.explicitRoot = path.resolve(cwd, kernelTreeDir);
      if (!isDirectory(this.explicitRoot))
        throw new UsageError(`--kernel-tree ${kernelTreeDir}: no such folder`);
    }
  }

  /**
   * A .c file's own tree, found upward from it; a .patch's paths are relative to a tree, so it is
   * looked for from the patch and then from the working folder (where kpatch-build is usually run).
   */
  forSource(absolutePath: string): ExtractOptions {
    const root = this.explicitRoot ?? this.rootAbove(path.dirname(absolutePath)) ?? this.rootAbove(this.cwd);
    if (root === undefined) return this.base;
    if (!this.trees.has(root)) this.trees.set(root, fileSystemKernelTree(root, this.cwd));
    return { ...this.base, kernelTree: this.trees.get(root) };
  }

  private rootAbove(folder: string): string | undefined {
    if (!this.roots.has(folder)) this.roots.set(folder, findKernelTreeRoot(folder));
    return this.roots.get(folder);
  }
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
