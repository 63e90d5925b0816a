// The preprocessor condition guarding each line of a C file, as readable text (`CONFIG_X`, `!CONFIG_X`).
import { closingParen, CONDITIONAL_DIRECTIVE, DIRECTIVE_ANYWHERE } from './mask';

interface Frame {
  /** Conditions of the branches already passed, negated for `#elif` / `#else`. */
  previous: string[];
  current: string;
  /** Include guards (`#ifndef X_H` + `#define X_H` spanning the file) guard nothing worth reporting. */
  silent: boolean;
}

/** Returns, for each 0-based line, the conjunction of the enclosing conditions (undefined when none). */
export function conditionsByLine(text: string): (string | undefined)[] {
  const lines = text.split('\n');
  const result: (string | undefined)[] = new Array(lines.length).fill(undefined);
  // Without a line that may be a directive every line is unconditional (see DIRECTIVE_ANYWHERE).
  if (!DIRECTIVE_ANYWHERE.test(text)) return result;
  const stack: Frame[] = [];
  const guardLine = text.includes('ifndef') ? includeGuardLine(lines) : -1;
  // The stack changes only at directives: its description is computed once per change.
  let described = describe(stack);
  for (let i = 0; i < lines.length; i++) {
    const directive = readDirective(lines, i);
    if (directive) {
      applyDirective(stack, directive.keyword, directive.argument, i === guardLine);
      described = describe(stack);
      i = directive.lastLine;
      continue;
    }
    result[i] = described;
  }
  return result;
}

function applyDirective(stack: Frame[], keyword: string, argument: string, isGuard: boolean): void {
  const top = stack[stack.length - 1];
  switch (keyword) {
    case 'if':
      stack.push({ previous: [], current: argument, silent: false });
      return;
    case 'ifdef':
      stack.push({ previous: [], current: argument, silent: false });
      return;
    case 'ifndef':
      stack.push({ previous: [], current: negate(argument), silent: isGuard });
      return;
    case 'elif':
    case 'elifdef':
    case 'elifndef':
      if (!top) return;
      top.previous.push(negate(top.current));
      top.current = keyword === 'elifndef' ? negate(argument) : argument;
      return;
    case 'else':
      if (!top) return;
      top.previous.push(negate(top.current));
      top.current = '';
      return;
    case 'endif':
      stack.pop();
      return;
  }
}

function describe(stack: Frame[]): string | undefined {
  const parts = stack
    .filter((frame) => !frame.silent)
    .flatMap((frame) => [...frame.previous, frame.current])
    .filter((part) => part.length > 0);
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return parts.map((part) => (isSimple(part) ? part : `(${part})`)).join(' && ');
}

export function negate(condition: string): string {
  if (/^!\s*[A-Za-z_]\w*$/.test(condition)) return condition.replace(/^!\s*/, '');
  return isSimple(condition) ? `!${condition}` : `!(${condition})`;
}

function isSimple(condition: string): boolean {
  if (/^!?[A-Za-z_]\w*$/.test(condition) || /^!?defined\s*\(\s*\w+\s*\)$/.test(condition)) return true;
  return /^!\(/.test(condition) && closingParen(condition, 1) === condition.length - 1;
}

function readDirective(
  lines: string[],
  index: number,
): { keyword: string; argument: string; lastLine: number } | undefined {
  const match = CONDITIONAL_DIRECTIVE.exec(lines[index]);
  if (!match) return undefined;
  let textLine = lines[index];
  let last = index;
  while (/\\\r?$/.test(textLine) && last + 1 < lines.length) {
    textLine = textLine.replace(/\\\r?$/, ' ') + lines[++last];
  }
  const argument = textLine
    .slice(match[0].length)
    .replace(/\/\*.*?\*\//g, ' ')
    .replace(/\/\/.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { keyword: match[1], argument, lastLine: last };
}

/** The line of an `#ifndef X` that, with `#define X` right after and `#endif` last, guards a header. */
function includeGuardLine(lines: string[]): number {
  const code = stripComments(lines.join('\n')).split('\n');
  const significant = code
    .map((line, index) => ({ line: line.trim(), index }))
    .filter((entry) => entry.line.length > 0);
  const first = significant[0];
  const second = significant[1];
  const last = significant[significant.length - 1];
  const guard = first && /^#\s*ifndef\s+(\w+)/.exec(first.line);
  if (!guard || !second || !last) return -1;
  if (!new RegExp(`^#\\s*define\\s+${guard[1]}\\b`).test(second.line)) return -1;
  return /^#\s*endif\b/.test(last.line) ? first.index : -1;
}

/** Blanks comments, keeping line breaks so line numbers stay. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (comment) => comment.replace(/[^\n]/g, ' '));
}
