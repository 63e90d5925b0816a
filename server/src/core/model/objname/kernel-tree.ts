// What the object-name resolution needs from a kernel source tree; the CLI and server read it from disk.

/** Paths are '/'-separated and relative to the tree's root ('' is the root itself). */
export interface KernelTree {
  /** Directory `dir`'s `Kbuild` file, else its `Makefile` (path from the root, text); undefined when it has neither. */
  readKbuild(dir: string): { path: string; text: string } | undefined;
  /** The tree's `.config`, when the tree has been configured. */
  readConfig(): string | undefined;
  /** A source path as extraction was given it → relative to the root; undefined when outside the tree. */
  relativePath(path: string): string | undefined;
}
