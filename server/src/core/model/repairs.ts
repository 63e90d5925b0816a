// Livepatch struct variables written without '=' before their initializer: found, and repaired in place for parsing.

/**
 * `static struct klp_callbacks callbacks { ... };` does not compile, and tree-sitter recovers from it
 * as a K&R function definition whose body is an ERROR: the designators are lost. Overwriting one
 * blank between the name and the brace with '=' gives the tree the author meant while keeping every
 * line and column, so everything read from it stays where the author wrote it.
 */
export interface MissingEquals {
  /** `klp_callbacks`, or `patch_object` for kpatch's typedef. */
  type: string;
  name: string;
  /** Offsets in the text: the variable's name, and the brace that opens the initializer. */
  nameStart: number;
  nameEnd: number;
  brace: number;
  /** The blank that becomes '=' (a space or tab before the brace); -1 when there is none to overwrite. */
  fill: number;
}

const MISSING_EQUALS =
  /\b(?:struct\s+(klp_patch|klp_object|klp_callbacks|klp_func|klp_state)|(patch_object))\s+(\w+)(\s*\[[^\]\n;={}]*\])?(\s*)\{/dg;

/** Every such declaration outside comments and strings. */
export function findMissingEquals(text: string): MissingEquals[] {
  const found: MissingEquals[] = [];
  let code: string | undefined;
  for (const match of text.matchAll(MISSING_EQUALS)) {
    code ??= blankCommentsAndStrings(text);
    const start = match.index;
    if (code[start] !== text[start]) continue;
    const [nameStart, nameEnd] = match.indices?.[3] ?? [0, 0];
    const [gapStart, brace] = match.indices?.[5] ?? [0, 0];
    const gap = match[5];
    const blank = Math.max(gap.lastIndexOf(' '), gap.lastIndexOf('\t'));
    found.push({
      type: match[1] ?? match[2],
      name: match[3],
      nameStart,
      nameEnd,
      brace,
      fill: blank < 0 ? -1 : gapStart + blank,
    });
  }
  return found;
}

/** The text with '=' written where each repairable declaration lacks it (same length, same lines). */
export function repairMissingEquals(text: string): string {
  const repairs = findMissingEquals(text).filter((repair) => repair.fill >= 0);
  if (repairs.length === 0) return text;
  let result = '';
  let from = 0;
  for (const repair of repairs) {
    result += `${text.slice(from, repair.fill)}=`;
    from = repair.fill + 1;
  }
  return result + text.slice(from);
}

/** Comments and string or character literals blanked (newlines kept), so offsets stay those of the text. */
function blankCommentsAndStrings(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, (span) =>
    span.replace(/[^\n]/g, ' '),
  );
}
