// What the analysis refuses to parse: text too large to be a livepatch module, or binary content.

/**
 * A livepatch module is a few thousand lines, and the largest real livepatch file measured (a
 * cumulative kpatch patch) is under 400 KB. Past this the file is a mistake, and analysing it would
 * cost more than the 2 s that any one file may take (a 1 MiB file costs about 1.3 s of CPU to check).
 * The workspace index uses the same limit.
 */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/**
 * Share of non-text characters (control characters other than whitespace, and U+FFFD, which is
 * what invalid UTF-8 decodes to) above which text is binary. Source has none of them but for a
 * stray form feed or a Latin-1 comment; random bytes have over 40%.
 */
export const MAX_NON_TEXT_SHARE = 0.05;

/** Fewer non-text characters than this never make text binary (a short file with one odd byte is still C). */
const MIN_NON_TEXT_COUNT = 8;

/** The characters counted: C0 controls but tab, newline, vertical tab, form feed and carriage return; DEL; U+FFFD. */
function isNonText(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d;
  return code === 0x7f || code === 0xfffd;
}

/** How many characters of `text` are not text (see `isNonText`). */
export function countNonText(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (isNonText(text.charCodeAt(i))) count++;
  return count;
}

/** Why `text` is not analysed, or undefined when it is. `nonText`: countNonText(text), when the caller keeps it. */
export function unanalysableReason(text: string, nonText = countNonText(text)): string | undefined {
  if (text.length > MAX_SOURCE_BYTES) {
    return `not analysed: ${text.length} characters is over the ${MAX_SOURCE_BYTES}-character limit for a source file`;
  }
  if (text.includes('\0')) return 'not analysed: binary content (the text contains NUL characters)';
  if (nonText >= MIN_NON_TEXT_COUNT && nonText > text.length * MAX_NON_TEXT_SHARE) {
    const percent = Math.round((nonText / text.length) * 100);
    return `not analysed: binary content (${percent}% of the characters are control characters or invalid UTF-8)`;
  }
  return undefined;
}
