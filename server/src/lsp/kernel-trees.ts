// The kernel tree each open document belongs to: found upward from the file, else a workspace folder that is one.
import * as path from 'node:path';
import type { KernelTree } from '../core/model/objname/kernel-tree';
import { fileSystemKernelTree, findKernelTreeRoot, isKernelTreeRoot } from '../host/kernel-tree';

export class KernelTrees {
  /** Root per document folder: looked up once, as the folders do not move while the server runs. */
  private readonly roots = new Map<string, string | undefined>();
  private readonly trees = new Map<string, KernelTree>();
  private workspaceRoots: string[] = [];

  /** Workspace folders that are kernel trees serve documents outside any tree (a .patch next to them). */
  setWorkspaceFolders(folders: readonly string[]): void {
    this.workspaceRoots = folders.filter(isKernelTreeRoot);
    this.roots.clear();
  }

  /** Undefined for documents that are not files on disk (untitled) and outside every tree. */
  forDocument(filePath: string): KernelTree | undefined {
    if (!path.isAbsolute(filePath)) return this.tree(this.workspaceRoots[0]);
    const folder = path.dirname(filePath);
    if (!this.roots.has(folder)) this.roots.set(folder, findKernelTreeRoot(folder) ?? this.workspaceRoots[0]);
    return this.tree(this.roots.get(folder));
  }

  private tree(root: string | undefined): KernelTree | undefined {
    if (root === undefined) return undefined;
    let tree = this.trees.get(root);
    if (!tree) {
      // Its files are re-read when they change on disk: an edited Makefile counts at the next keystroke.
      tree = fileSystemKernelTree(root, root);
      this.trees.set(root, tree);
    }
    return tree;
  }
}
