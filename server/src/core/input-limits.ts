// What the analysis refuses to parse: text too large to be a livepatch module, or binary content.

/** A livepatch module is a few thousand lines; anything past this is a mistake and would stall an editor. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/** Why `text` is not analysed, or undefined when it is. */
export function unanalysableReason(text: string): string | undefined {
  if (text.length > MAX_SOURCE_BYTES) {
    return `not analysed: ${text.length} characters is over the ${MAX_SOURCE_BYTES}-character limit for a source file`;
  }
  if (text.includes('\0')) return 'not analysed: binary content (the text contains NUL characters)';
  return undefined;
}
