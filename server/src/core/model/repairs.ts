// Livepatch struct variables written without '=' before their initializer: found, and repaired in place for parsing.

/**
 * `static struct klp_callbacks callbacks { ... };` does not compile, and tree-sitter recovers from it
 * as a K&R function definition whose body is an ERROR: the designators are lost. Overwriting one
 * blank between the name and the brace with '=' gives the tree the author meant while keeping every
 * line and column, so everything read from it stays where the author wrote it. With only a line
 * break there (`callbacks\n{`), the brace becomes '=' and the first blank after it the brace: only
 * the list's own start moves.
 */
export interface MissingEquals {
  /** `klp_callbacks`, or `patch_object` for kpatch's typedef. */
  type: string;
  name: string;
  /** Offsets in the text: the variable's name, and the brace that opens the initializer. */
  nameStart: number;
  nameEnd: number;
  brace: number;
  /** Single characters to overwrite to put the '=' in; empty when there is no blank to use. */
  overwrites: { at: number; char: string }[];
}

const MISSING_EQUALS =
  /\b(?:struct\s+(klp_patch|klp_object|klp_callbacks|klp_func|klp_state)|(patch_object))\s+(\w+)(\s*\[[^\]\n;={}]*\])?(\s*)\{/dg;

/** A cheap test that skips the scan for files that declare no livepatch struct at all. */
const CANDIDATE = /\b(klp_(patch|object|callbacks|func|state)|patch_object)\b/;

/** Every such declaration outside comments and strings (a comment between the name and the brace is fine). */
export function findMissingEquals(text: string): MissingEquals[] {
  if (!CANDIDATE.test(text)) return [];
  const code = blankCommentsAndStrings(text);
  const found: MissingEquals[] = [];
  for (const match of code.matchAll(MISSING_EQUALS)) {
    const [nameStart, nameEnd] = match.indices?.[3] ?? [0, 0];
    const [gapStart, brace] = match.indices?.[5] ?? [0, 0];
    found.push({
      type: match[1] ?? match[2],
      name: match[3],
      nameStart,
      nameEnd,
      brace,
      overwrites: overwritesFor(text, gapStart, brace),
    });
  }
  return found;
}

/** A blank of the text itself (not of a blanked comment) before the brace, else one right after it. */
function overwritesFor(text: string, gapStart: number, brace: number): { at: number; char: string }[] {
  for (let i = brace - 1; i >= gapStart; i--) if (isBlank(text[i])) return [{ at: i, char: '=' }];
  for (let i = brace + 1; i < text.length && /\s/.test(text[i]); i++)
    if (isBlank(text[i]))
      return [
        { at: brace, char: '=' },
        { at: i, char: '{' },
      ];
  return [];
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

/** The text with '=' written where each repairable declaration lacks it (same length, same lines). */
export function repairMissingEquals(text: string): string {
  const overwrites = findMissingEquals(text).flatMap((found) => found.overwrites);
  if (overwrites.length === 0) return text;
  const chars = text.split('');
  for (const { at, char } of overwrites) chars[at] = char;
  return chars.join('');
}

/** Comments and string or character literals blanked (newlines kept), so offsets stay those of the text. */
export function blankCommentsAndStrings(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, (span) =>
    span.replace(/[^\n]/g, ' '),
  );
}
