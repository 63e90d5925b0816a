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
      fill: lastBlank(text, gapStart, brace),
    });
  }
  return found;
}

/** A space or tab of the text itself (not of a blanked comment) in [start, end), the last one; -1 if none. */
function lastBlank(text: string, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (text[i] === ' ' || text[i] === '\t') return i;
  return -1;
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
