// The one span in which two versions of a text differ: their common prefix and suffix left out.

/** `after` equals `before` with [start, oldEnd) of it replaced by [start, newEnd) of `after`. */
export interface ChangedSpan {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function changedSpan(before: string, after: string): ChangedSpan {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  return { start: prefix, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}
