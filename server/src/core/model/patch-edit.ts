// Inserting added lines into a unified diff: the hunk's header is recounted and later hunks of the same file move.
import type { TextReplacement } from '../rules/types';

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

/**
 * Edits that insert `lines` (C text, without the `+`) as added lines before patch line `before`,
 * which must be a line of a hunk (context, added or removed) or the line right after a hunk's
 * last line. The hunk's `+c,d` count grows by the number of lines and every later hunk of the same
 * file starts that many lines further down, so `patch` and `git apply` take the patch as before.
 * undefined when `before` is not inside a hunk.
 */
export function insertIntoPatch(
  patchText: string,
  before: number,
  lines: readonly string[],
): TextReplacement[] | undefined {
  const all = patchText.split('\n');
  const header = hunkHeaderAbove(all, before);
  if (header === undefined) return undefined;
  const edits: TextReplacement[] = [];
  const at = { line: before, character: 0 };
  edits.push({ range: { start: at, end: at }, newText: lines.map((line) => `+${line}\n`).join('') });
  edits.push(rewriteHeader(all, header, 0, lines.length));
  // Later hunks of this file follow one another directly; anything else starts another file.
  for (
    let next = bodyEnd(all, header);
    next < all.length && HUNK.test(all[next]);
    next = bodyEnd(all, next)
  ) {
    edits.push(rewriteHeader(all, next, lines.length, 0));
  }
  return edits;
}

/** The header of the hunk whose body holds line `line` (or ends right before it). */
function hunkHeaderAbove(all: readonly string[], line: number): number | undefined {
  for (let i = Math.min(line, all.length) - 1; i >= 0; i--) {
    if (!HUNK.test(all[i])) continue;
    return line <= bodyEnd(all, i) ? i : undefined;
  }
  return undefined;
}

/** The line after the body of the hunk whose header is on line `header`, counting its lines as `patch` does. */
function bodyEnd(all: readonly string[], header: number): number {
  const match = HUNK.exec(all[header]);
  let oldLeft = match?.[2] === undefined ? 1 : Number(match[2]);
  let newLeft = match?.[4] === undefined ? 1 : Number(match[4]);
  let j = header + 1;
  while ((oldLeft > 0 || newLeft > 0) && j < all.length) {
    const marker = all[j][0];
    if (marker === '-') oldLeft--;
    else if (marker === '+') newLeft--;
    else if (marker === ' ' || all[j] === '') {
      oldLeft--;
      newLeft--;
    } else if (marker !== '\\') break;
    j++;
  }
  // A `\ No newline at end of file` after the last line belongs to the hunk.
  while (j < all.length && all[j].startsWith('\\')) j++;
  return j;
}

function rewriteHeader(all: readonly string[], line: number, shift: number, grow: number): TextReplacement {
  const match = HUNK.exec(all[line]);
  if (!match) throw new Error(`not a hunk header: line ${line + 1}`);
  const [, oldStart, oldCount, newStart, newCount, tail] = match;
  const old = oldCount === undefined ? oldStart : `${oldStart},${oldCount}`;
  const count = (newCount === undefined ? 1 : Number(newCount)) + grow;
  const text = `@@ -${old} +${Number(newStart) + shift},${count} @@${tail}`;
  return {
    range: { start: { line, character: 0 }, end: { line, character: all[line].length } },
    newText: text,
  };
}
