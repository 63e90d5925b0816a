// Blanks brackets nested past the syntax limit before a parse: tree-sitter's error recovery on thousands of unclosed brackets costs seconds, and what lies that deep is never analysed.
import type { Tree } from 'web-tree-sitter';
import type { ParserEngine } from './create-engine';
import { MAX_SYNTAX_DEPTH } from './tree-walk';

const OPEN = new Set([0x28, 0x5b, 0x7b]); // ( [ {
const CLOSE = new Set([0x29, 0x5d, 0x7d]); // ) ] }
const SLASH = 0x2f;
const STAR = 0x2a;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const SPACE = ' ';

/**
 * Where the code (not comments, string or character literals) goes on from offset `i`: the offset
 * after a comment or literal starting there, or `i` itself. An unterminated literal or block comment
 * is ordinary text, as repairs.ts's blankCommentsAndStrings reads them.
 */
function skipNonCode(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === SLASH) {
    const next = text.charCodeAt(i + 1);
    if (next === SLASH) {
      const end = text.indexOf('\n', i);
      return end < 0 ? text.length : end;
    }
    if (next === STAR) {
      const end = text.indexOf('*/', i + 2);
      return end < 0 ? i : end + 2;
    }
    return i;
  }
  if (c !== QUOTE && c !== APOSTROPHE) return i;
  for (let j = i + 1; j < text.length; j++) {
    const k = text.charCodeAt(j);
    if (k === BACKSLASH) j++;
    else if (k === c) return j + 1;
    else if (k === NEWLINE) return i;
  }
  return i;
}

/** Calls `visit` for each bracket of the code in `text` (not in comments or literals), in order. */
function forEachCodeBracket(text: string, visit: (offset: number, opens: boolean) => void): void {
  for (let i = 0; i < text.length; i++) {
    const after = skipNonCode(text, i);
    if (after !== i) {
      i = after - 1;
      continue;
    }
    const c = text.charCodeAt(i);
    if (OPEN.has(c)) visit(i, true);
    else if (CLOSE.has(c)) visit(i, false);
  }
}

/** The deepest bracket nesting of the code in `text` (a closer with nothing open is ignored). */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  forEachCodeBracket(text, (_, opens) => {
    if (opens) deepest = Math.max(deepest, ++depth);
    else if (depth > 0) depth--;
  });
  return deepest;
}

/**
 * `text` with brackets nested deeper than `limit` blanked (same length, same lines), or undefined when
 * none is. What is blanked is never analysed: a declaration whose brackets nest that deep has a
 * syntax tree deeper than MAX_SYNTAX_DEPTH (each bracket level adds one at least), which is refused,
 * and the limit's own levels are kept so it still is; unclosed brackets past the limit are junk
 * that tree-sitter can only recover from by flattening it into errors.
 */
export function capNesting(text: string, limit = MAX_SYNTAX_DEPTH): string | undefined {
  return bracketDepth(text) <= limit ? undefined : blankPastLimit(text, limit);
}

/**
 * `text` with each bracket past `limit`, and its closer, turned into a space. An unclosed opener past
 * the limit keeps swallowing closers, as it would in the compiler.
 */
function blankPastLimit(text: string, limit: number): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let depth = 0;
  let blankedOpen = 0;
  const blank = (i: number) => {
    parts.push(text.slice(copiedUpTo, i), SPACE);
    copiedUpTo = i + 1;
  };
  forEachCodeBracket(text, (i, opens) => {
    if (opens) {
      if (depth < limit) depth++;
      else {
        blankedOpen++;
        blank(i);
      }
    } else if (blankedOpen > 0) {
      blankedOpen--;
      blank(i);
    } else if (depth > 0) depth--;
  });
  parts.push(text.slice(copiedUpTo));
  return parts.join('');
}

/** Characters that start or end a comment or literal: an edit next to or made of one can move brackets in or out of code. */
const LEXICAL = /[/*"'\\\n]/;

function countOf(text: string, set: ReadonlySet<number>): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (set.has(text.charCodeAt(i))) count++;
  return count;
}

/**
 * Whether a document being edited must be capped, without rescanning it on every keystroke: it keeps
 * a bound on the text's bracket depth. An edit away from comment and literal delimiters moves no
 * bracket in or out of code, so the depth grows at most by the openers it inserts and the closers it
 * removes; any other edit, or a bound past the limit, rescans the whole text.
 */
export class NestingGuard {
  private bound: number;
  /** The last tree `parse` made is of capped text: the next parse cannot reuse it. */
  private lastCapped = false;

  constructor(
    text: string,
    private readonly limit = MAX_SYNTAX_DEPTH,
  ) {
    this.bound = bracketDepth(text);
  }

  /** Whether the current text nests deeper than the limit (exact: a bound past it is always rescanned). */
  get exceeded(): boolean {
    return this.bound > this.limit;
  }

  /**
   * Parses `text`, the guarded text as edited: from `previous` (already `edit()`ed) when neither
   * that tree's text nor this one was capped, else afresh, capped when it nests too deep.
   */
  parse(engine: ParserEngine, text: string, previous?: Tree): Tree {
    const capped = this.exceeded ? blankPastLimit(text, this.limit) : undefined;
    const reuse = capped === undefined && !this.lastCapped ? previous : undefined;
    this.lastCapped = capped !== undefined;
    return engine.parse(capped ?? text, reuse);
  }

  /** `before.slice(start, start + removed)` became `after.slice(start, start + inserted)`. */
  edit(before: string, after: string, start: number, removed: number, inserted: number): void {
    const gone = before.slice(start, start + removed);
    const added = after.slice(start, start + inserted);
    const around =
      after.slice(Math.max(0, start - 1), start) + after.slice(start + inserted, start + inserted + 1);
    if (LEXICAL.test(gone) || LEXICAL.test(added) || LEXICAL.test(around)) {
      this.bound = bracketDepth(after);
      return;
    }
    this.bound += countOf(added, OPEN) + countOf(gone, CLOSE);
    if (this.bound > this.limit) this.bound = bracketDepth(after);
  }
}

/** Parses `text` once, afresh, with brackets past the limit blanked. */
export function parseWithinNesting(engine: ParserEngine, text: string): Tree {
  return engine.parse(capNesting(text) ?? text);
}
