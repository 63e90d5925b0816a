// Path globs for object-name tables and overrides: `*` (one segment, captured as $1, $2…), `**`, `?`, `{a,b}`.

/** A glob compiled once; `match` gives the `*` captures, or null when the path does not match. */
export interface CompiledGlob {
  glob: string;
  match(path: string): string[] | null;
}

const cache = new Map<string, RegExp>();

/** Matches the whole '/'-separated path (tree-relative, no leading `./`). */
export function compileGlob(glob: string): CompiledGlob {
  let regex = cache.get(glob);
  if (!regex) {
    regex = new RegExp(`^${globSource(glob)}$`);
    cache.set(glob, regex);
  }
  const compiled = regex;
  return {
    glob,
    match(path) {
      const found = compiled.exec(normalizePath(path));
      return found ? found.slice(1).map((capture) => capture ?? '') : null;
    },
  };
}

/**
 * For globs the user writes: `joydev.c` or `input/*.c` match at any folder depth, as in
 * .gitignore, because the same setting serves patch paths and absolute paths on disk; a glob
 * starting with `/` is anchored at the start.
 */
export function matchUserGlob(glob: string, path: string): string[] | null {
  const normalized = normalizePath(path);
  if (glob.startsWith('/')) return compileGlob(glob.slice(1)).match(normalized.replace(/^\//, ''));
  const compiled = compileGlob(glob);
  const segments = normalized.split('/');
  for (let start = 0; start < segments.length; start++) {
    const found = compiled.match(segments.slice(start).join('/'));
    if (found) return found;
  }
  return null;
}

/** Backslashes to slashes and no leading `./`: patch paths and Windows paths compare alike. */
export function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** Replaces `$1`, `$2`… in `template` with the glob's captures. */
export function expandCaptures(template: string, captures: readonly string[]): string {
  return template.replace(/\$(\d)/g, (_, digit: string) => captures[Number(digit) - 1] ?? '');
}

function globSource(glob: string): string {
  let source = '';
  // Braces nest; an unclosed one is closed at the end, so a half-typed setting still compiles.
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` is any number of folders, including none; a bare `**` is anything.
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '([^/]*)';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      source += '(?:';
      depth++;
    } else if (char === '}' && depth > 0) {
      source += ')';
      depth--;
    } else if (char === ',' && depth > 0) source += '|';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return source + ')'.repeat(depth);
}
