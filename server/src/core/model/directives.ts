// In-file settings written as comments: `/* klp-callbacks: patch-name N */`, `kpatch-object M`, `replace 0|1`,
// and `klp-callbacks: object GLOB=NAME` (in a comment or, for a .patch, anywhere in its commit message).
import type { ObjectOverride } from './objname/resolve';

export interface FileDirectives {
  patchName?: string;
  /** null when the comment names vmlinux. */
  kpatchObject?: string | null;
  /** For macro-built patches: how the tool was run (kpatch-build -R builds a non-replace patch). */
  replace?: boolean;
  /** `klp-callbacks: object drivers/input/joydev.c=joydev`, in the order written. */
  objects: ObjectOverride[];
}

const DIRECTIVE = /(?:\/\*|\/\/)\s*klp-callbacks:\s*(patch-name|kpatch-object|replace)\s+([A-Za-z0-9_.-]+)/g;
const OBJECT_FOR_PATH = /klp-callbacks:\s*object\s+([^\s=]+)=([A-Za-z0-9_.-]+)/g;
const BOOLEAN: Record<string, boolean> = { '0': false, '1': true, false: false, true: true };

export function readDirectives(text: string): FileDirectives {
  const directives: FileDirectives = { objects: [] };
  for (const match of text.matchAll(DIRECTIVE)) {
    if (match[1] === 'patch-name') directives.patchName ??= match[2];
    else if (match[1] === 'replace') directives.replace ??= BOOLEAN[match[2].toLowerCase()];
    else if (directives.kpatchObject === undefined) directives.kpatchObject = objectName(match[2]);
  }
  for (const match of text.matchAll(OBJECT_FOR_PATH)) {
    directives.objects.push({ glob: match[1], name: objectName(match[2]) });
  }
  return directives;
}

/** `vmlinux` is written for the kernel itself, which the model names null. */
export function objectName(written: string): string | null {
  return written === 'vmlinux' ? null : written;
}
