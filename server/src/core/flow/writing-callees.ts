// Which kernel functions write through which argument: strscpy(dst, …) changes dst as `dst = …` would.

/** How a writing callee names what it writes and, for copies, what it copies from. */
export interface WritingCallee {
  /** The argument (0-based) whose pointed-to memory is written. */
  written: number;
  /** The argument copied from (memcpy, strscpy…). */
  source?: number;
  /** The format argument of the sprintf family: a single argument after it is the source. */
  format?: number;
}

const copy = (written: number, source: number): WritingCallee => ({ written, source });
const formatted = (format: number): WritingCallee => ({ written: 0, format });
const fill: WritingCallee = { written: 0 };

export const WRITING_CALLEES: ReadonlyMap<string, WritingCallee> = new Map<string, WritingCallee>([
  ['memcpy', copy(0, 1)],
  ['memmove', copy(0, 1)],
  ['strcpy', copy(0, 1)],
  ['strncpy', copy(0, 1)],
  ['strscpy', copy(0, 1)],
  ['strscpy_pad', copy(0, 1)],
  ['strlcpy', copy(0, 1)],
  ['strcat', copy(0, 1)],
  ['strncat', copy(0, 1)],
  ['strlcat', copy(0, 1)],
  ['memset', fill],
  ['memzero_explicit', fill],
  ['sprintf', formatted(1)],
  ['snprintf', formatted(2)],
  ['scnprintf', formatted(2)],
  // The v-variants take their values as a va_list: nothing single to call the source.
  ['vsprintf', fill],
  ['vsnprintf', fill],
  ['vscnprintf', fill],
]);

/** The written argument and the single source argument (if any) of a call to a writing callee. */
export function writtenBy<T>(callee: string, args: readonly T[]): { written: T; source: T | null } | null {
  const spec = WRITING_CALLEES.get(callee);
  const written = spec && args[spec.written];
  if (!spec || written === undefined) return null;
  if (spec.source !== undefined) return { written, source: args[spec.source] ?? null };
  if (spec.format !== undefined && args.length === spec.format + 2) {
    return { written, source: args[spec.format + 1] ?? null };
  }
  return { written, source: null };
}
