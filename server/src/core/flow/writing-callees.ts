// Which kernel functions write through which argument: strscpy(dst, …) changes dst as `dst = …` would.
import type { Node } from 'web-tree-sitter';
import { nodeRange } from '../text';
import { callArguments, normalise, operatorOf, unwrap } from './expressions';
import type { WriteStep } from './ir';

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

/** What the statement-tree builder knows about the calling function's variables. */
export interface WriterScope {
  /** Whether a local is a pointer; undefined for names that are not locals. */
  pointerLocal(name: string): boolean | undefined;
  isParameter(name: string): boolean;
  /** Whether an assignment to this lvalue would outlive the function. */
  outlives(lvalue: Node): boolean;
}

/** `strscpy(saved, …)`, `scnprintf(utsname()->release, …)`: the write of a table callee, when it lasts. */
export function lastingWrites(call: Node, callee: string, scope: WriterScope): WriteStep[] {
  const write = writtenBy(callee, callArguments(call));
  if (!write || !pointsToLastingMemory(write.written, scope)) return [];
  const copiedFrom = write.source ? normalise(write.source) : undefined;
  const step: WriteStep = {
    kind: 'write',
    target: normalise(write.written),
    value: null,
    range: nodeRange(call),
  };
  return [{ ...step, via: callee, ...(copiedFrom ? { copiedFrom } : {}) }];
}

/** Whether memory written through `pointer` outlives the call: not a local array or struct. */
function pointsToLastingMemory(pointer: Node, scope: WriterScope): boolean {
  let inner = unwrap(pointer);
  // `buf + len` writes into buf.
  while (inner.type === 'binary_expression' && /^[+-]$/.test(operatorOf(inner) ?? '')) {
    const left = inner.childForFieldName('left');
    if (!left) break;
    inner = unwrap(left);
  }
  if (inner.type === 'pointer_expression' && operatorOf(inner) === '&') {
    const argument = inner.childForFieldName('argument');
    return argument ? scope.outlives(argument) : false;
  }
  if (inner.type !== 'identifier') return scope.outlives(inner);
  // A local pointer may point anywhere; a local array is the function's own; a parameter is
  // mostly an output buffer (`format_name(char *out)`) whose owner, the caller, decides.
  return scope.pointerLocal(inner.text) ?? !scope.isParameter(inner.text);
}
