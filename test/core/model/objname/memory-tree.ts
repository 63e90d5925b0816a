// An in-memory KernelTree and a one-file patch builder for the object-name tests.
import type { KernelTree } from '../../../../server/src/core/model/objname/kernel-tree';

/** `files` maps tree-relative paths (`drivers/Makefile`, `.config`) to their text. */
export function memoryTree(files: Record<string, string>, root = '/src/linux'): KernelTree {
  return {
    readKbuild(dir) {
      for (const name of ['Kbuild', 'Makefile']) {
        const path = dir === '' ? name : `${dir}/${name}`;
        if (files[path] !== undefined) return { path, text: files[path] };
      }
      return undefined;
    },
    readConfig: () => files['.config'],
    relativePath: (path) => (path.startsWith(`${root}/`) ? path.slice(root.length + 1) : undefined),
  };
}

/** A kpatch-style patch adding a pre_patch callback macro to `path` (KPATCH_ or KLP_ family). */
export function macroPatch(path: string, family: 'KPATCH' | 'KLP' = 'KPATCH'): string {
  const added = [
    'static int fix_pre_patch(void *obj)',
    '{',
    '\treturn 0;',
    '}',
    `${family}_PRE_PATCH_CALLBACK(fix_pre_patch);`,
  ];
  return [
    `diff --git a/${path} b/${path}`,
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -1,1 +1,${added.length + 1} @@`,
    ' #include <linux/kernel.h>',
    ...added.map((line) => `+${line}`),
    '',
  ].join('\n');
}
