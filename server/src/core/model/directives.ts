// In-file settings written as comments: `/* klp-callbacks: patch-name N */`, `kpatch-object M`, `replace 0|1`.

export interface FileDirectives {
  patchName?: string;
  /** null when the comment names vmlinux. */
  kpatchObject?: string | null;
  /** For macro-built patches: how the tool was run (kpatch-build -R builds a non-replace patch). */
  replace?: boolean;
}

const DIRECTIVE = /(?:\/\*|\/\/)\s*klp-callbacks:\s*(patch-name|kpatch-object|replace)\s+([A-Za-z0-9_.-]+)/g;
const BOOLEAN: Record<string, boolean> = { '0': false, '1': true, false: false, true: true };

export function readDirectives(text: string): FileDirectives {
  const directives: FileDirectives = {};
  for (const match of text.matchAll(DIRECTIVE)) {
    if (match[1] === 'patch-name') directives.patchName ??= match[2];
    else if (match[1] === 'replace') directives.replace ??= BOOLEAN[match[2].toLowerCase()];
    else if (directives.kpatchObject === undefined)
      directives.kpatchObject = match[2] === 'vmlinux' ? null : match[2];
  }
  return directives;
}
