// In-file settings written as comments: `/* klp-callbacks: patch-name N */`, `/* klp-callbacks: kpatch-object M */`.

export interface FileDirectives {
  patchName?: string;
  /** null when the comment names vmlinux. */
  kpatchObject?: string | null;
}

const DIRECTIVE = /(?:\/\*|\/\/)\s*klp-callbacks:\s*(patch-name|kpatch-object)\s+([A-Za-z0-9_.-]+)/g;

export function readDirectives(text: string): FileDirectives {
  const directives: FileDirectives = {};
  for (const match of text.matchAll(DIRECTIVE)) {
    if (match[1] === 'patch-name') directives.patchName ??= match[2];
    else if (directives.kpatchObject === undefined)
      directives.kpatchObject = match[2] === 'vmlinux' ? null : match[2];
  }
  return directives;
}
