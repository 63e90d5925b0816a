// Where the cursor is for completion, read from the text (not the tree: while typing, it is full of ERROR nodes).
import type { Position } from 'vscode-languageserver/node';
import { STRUCT_FIELDS } from '../../core/docs/struct-fields';
import { KLP_STRUCTS, type KlpStruct } from '../../core/model/facts';
import { macroKind } from '../../core/model/macro-patches';
import { CALLBACK_KINDS, type CallbackKind } from '../../core/model/types';

/** What a `{ }` being typed initialises: a livepatch struct, or an array of them. */
interface Initialised {
  struct: KlpStruct;
  array: boolean;
}

export type CompletionSite =
  /** A member designator of `struct`: `.pre_patch = ...` inside `.callbacks = { }`; `present`: those already set there. */
  | { kind: 'field'; struct: KlpStruct; typed: string; present: readonly string[] }
  /** An element of an array of `struct` (`objs[]`): a whole element is a snippet. */
  | { kind: 'element'; struct: KlpStruct; typed: string }
  /** The value of a callback member, or the argument of a KPATCH_/KLP_ callback macro. */
  | { kind: 'callback-function'; callback: CallbackKind; typed: string }
  /** A new line at file level: macro names, snippets. */
  | { kind: 'top-level'; typed: string }
  | { kind: 'none' };

/** The site at `position` of `text`; `isPatch` reads a kpatch `.patch` file's added and context lines as C. */
export function completionSite(text: string, position: Position, isPatch: boolean): CompletionSite {
  const lines = text.split('\n');
  const cursorLine = lines[position.line];
  if (cursorLine === undefined) return { kind: 'none' };
  let before = lines.slice(0, position.line);
  let current = cursorLine.slice(0, position.character);
  if (isPatch) {
    if (!/^[+ ]/.test(current)) return { kind: 'none' };
    current = current.slice(1);
    // Only the current file's hunks: another file's braces say nothing about this one.
    const header = before.map((l) => l.startsWith('+++ ')).lastIndexOf(true);
    before = before.slice(header + 1).map((l) => (/^[+ ]/.test(l) ? l.slice(1) : ''));
  }
  const raw = [...before, current].join('\n');
  if (endsInsideLiteral(raw)) return { kind: 'none' };
  const prefix = mask(raw);
  const frames = openFrames(prefix);
  const typedWord = /[A-Za-z_]\w*$/.exec(current)?.[0] ?? '';

  const innermost = frames[frames.length - 1];
  if (innermost?.char === '(') {
    const macro = /\b((?:KPATCH|KLP)_\w+)\s*$/.exec(prefix.slice(0, innermost.index))?.[1];
    const kind = macro ? macroKind(macro) : null;
    const segment = prefix.slice(innermost.index + 1);
    if (kind && /^\s*&?\s*[A-Za-z_]?\w*$/.test(segment)) {
      return { kind: 'callback-function', callback: kind, typed: typedWord };
    }
    return { kind: 'none' };
  }
  if (!innermost) {
    return /^\s*[A-Za-z_]?\w*$/.test(current) ? { kind: 'top-level', typed: typedWord } : { kind: 'none' };
  }
  // What each open brace initialises, from the outermost in.
  let what: Initialised | undefined;
  for (const frame of frames) {
    if (frame.char !== '{') {
      what = undefined;
      continue;
    }
    what = initialised(
      prefix.slice(0, frame.index),
      what,
      prefix.slice(frame.parentSeparator + 1, frame.index),
    );
  }
  if (!what) return { kind: 'none' };
  const segment = prefix.slice(innermost.separator + 1);
  if (what.array) {
    return /^\s*[A-Za-z_]?\w*$/.test(segment)
      ? { kind: 'element', struct: what.struct, typed: typedWord }
      : { kind: 'none' };
  }
  const designator = /^\s*(\.\s*[A-Za-z_]?\w*)?$/.exec(segment);
  if (designator) {
    const rest = mask(textAfter(lines, position, isPatch));
    const present = [...designatedMembers(prefix.slice(innermost.index + 1)), ...designatedMembers(rest)];
    return { kind: 'field', struct: what.struct, typed: (designator[1] ?? '').replace(/\s+/g, ''), present };
  }
  const value = /^\s*\.\s*(\w+)\s*=\s*&?\s*([A-Za-z_]\w*)?$/.exec(segment);
  const callback = CALLBACK_KINDS.find((kind) => kind === value?.[1]);
  if (what.struct === 'klp_callbacks' && callback) {
    return { kind: 'callback-function', callback, typed: value?.[2] ?? '' };
  }
  return { kind: 'none' };
}

/** The text after the cursor; in a `.patch`, this file's added and context lines as C. */
function textAfter(lines: readonly string[], position: Position, isPatch: boolean): string {
  let after = lines.slice(position.line + 1);
  if (isPatch) {
    const nextHeader = after.findIndex((l) => l.startsWith('+++ '));
    after = after
      .slice(0, nextHeader < 0 ? undefined : nextHeader)
      .map((l) => (/^[+ ]/.test(l) ? l.slice(1) : ''));
  }
  return [lines[position.line].slice(position.character), ...after].join('\n');
}

/**
 * The members designated (`.name =`) directly inside one brace, reading `text` from inside it: nested
 * brackets are skipped, and the brace's end or a `;` (the declaration's end, should the brace never
 * close while being typed) ends it.
 */
function designatedMembers(text: string): string[] {
  let depth = 0;
  let flat = '';
  for (const ch of text) {
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') {
      if (depth === 0) break;
      depth--;
    } else if (ch === ';' && depth === 0) break;
    else if (depth === 0) flat += ch;
  }
  return [...flat.matchAll(/\.\s*([A-Za-z_]\w*)\s*=/g)].map((match) => match[1]);
}

interface Frame {
  char: '{' | '(' | '[';
  index: number;
  /** The last `,` (or the bracket itself) directly inside this frame: where the current element starts. */
  separator: number;
  /** The parent frame's separator when this one opened: where this element of the parent starts. */
  parentSeparator: number;
}

function openFrames(text: string): Frame[] {
  const stack: Frame[] = [];
  let topSeparator = -1;
  const closing: Record<string, string> = { '}': '{', ')': '(', ']': '[' };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const top = stack[stack.length - 1];
    if (ch === '{' || ch === '(' || ch === '[') {
      stack.push({ char: ch, index: i, separator: i, parentSeparator: top ? top.separator : topSeparator });
    } else if (ch in closing) {
      if (top?.char === closing[ch]) stack.pop();
      // A `}` at file level ends a declaration: the next one starts after it.
      if (stack.length === 0) topSeparator = i;
    } else if (ch === ',' || ch === ';') {
      if (top) top.separator = i;
      else topSeparator = i;
      // A `;` inside braces at file level means a function body: its frames say nothing about initialisers.
    }
  }
  return stack;
}

/** What the `{` after `before` initialises; `element` is the text of the parent's current element up to it. */
function initialised(
  before: string,
  parent: Initialised | undefined,
  element: string,
): Initialised | undefined {
  const trimmed = before.trimEnd();
  const literal = /\(\s*(?:const\s+)?struct\s+(klp_\w+)\s*\[\s*\w*\s*\]\s*\)$/.exec(trimmed);
  if (literal) return asStruct(literal[1], true);
  const declaration =
    /struct\s+(klp_\w+)\s+(?:const\s+)?[A-Za-z_]\w*\s*(\[[^\]]*\])?(?:\s+__\w+(?:\([^)]*\))?)*\s*=$/.exec(
      trimmed,
    );
  if (declaration) return asStruct(declaration[1], declaration[2] !== undefined);
  if (!parent) return undefined;
  const designated = /\.\s*(\w+)\s*=$/.exec(trimmed);
  if (designated && !parent.array) {
    return STRUCT_FIELDS[parent.struct].find((field) => field.name === designated[1])?.nested;
  }
  // `{` opening an element of an array of structs (nothing but whitespace before it in that element).
  if (parent.array && element.trim() === '') return { struct: parent.struct, array: false };
  return undefined;
}

function asStruct(name: string, array: boolean): Initialised | undefined {
  const struct = KLP_STRUCTS.find((s) => s === name);
  return struct ? { struct, array } : undefined;
}

const LITERALS = /\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?/g;

/** The text ends in an open comment, string or character literal: nothing to complete there. */
function endsInsideLiteral(text: string): boolean {
  let last: RegExpExecArray | undefined;
  for (const match of text.matchAll(LITERALS)) last = match;
  if (!last || last.index + last[0].length !== text.length) return false;
  const literal = last[0];
  if (literal.startsWith('//')) return true;
  if (literal.startsWith('/*')) return !literal.endsWith('*/') || literal.length < 4;
  return literal.length < 2 || !literal.endsWith(literal[0]) || literal.endsWith(`\\${literal[0]}`);
}

/** Comments, strings, character literals and preprocessor lines become spaces (offsets and lines kept). */
function mask(text: string): string {
  return text
    .replace(LITERALS, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/^[ \t]*#.*$/gm, (m) => ' '.repeat(m.length));
}
