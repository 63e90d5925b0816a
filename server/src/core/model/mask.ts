// Blanks what tree-sitter cannot parse in kernel C (conditional directives, attribute macros), keeping every position.
import { blankCommentsAndStrings, repairMissingEquals } from './repairs';

/**
 * Kernel annotations that expand to attributes or nothing. Left in place, `static int __init f(void)`
 * parses as a declaration of `__init` followed by a function with no name, so they are blanked.
 */
const ATTRIBUTE_MACROS = [
  '__init',
  '__exit',
  '__initdata',
  '__exitdata',
  '__initconst',
  '__read_mostly',
  '__ro_after_init',
  '__cold',
  '__hot',
  'notrace',
  'noinline',
  '__noinline',
  '__always_inline',
  '__maybe_unused',
  '__always_unused',
  '__used',
  '__must_check',
  '__user',
  '__iomem',
  '__rcu',
  '__force',
  '__percpu',
  '__kprobes',
  '__visible',
  'asmlinkage',
  '__weak',
];
const ATTRIBUTE_PATTERN = new RegExp(`\\b(?:${ATTRIBUTE_MACROS.join('|')})\\b`, 'g');

/**
 * A template generator's marker alone on a line at file scope (`@@PATCHES_INCLUDES@@`) stands for
 * whole generated declarations; left in, it swallows the declaration after it. Markers inside
 * braces (`.name = @@OBJNAME@@`, `@@OBJS@@` as the elements of objs[]) stay: tree-sitter recovers
 * from them harmlessly, and blanking them would make an array look empty.
 */
const TEMPLATE_LINE = /^\s*@@\w+@@:?\s*$/;

/** `#if`, `#ifdef`, `#ifndef`, `#elif`, `#elifdef`, `#elifndef`, `#else`, `#endif`. */
export const CONDITIONAL_DIRECTIVE = /^\s*#\s*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b/;

/**
 * Conditional directives are blanked so both branches of an `#ifdef` inside an initializer parse
 * as plain C (tree-sitter has no rule for directives there); the conditions are recovered per line
 * from the original text. Blanking keeps line and UTF-16 column of everything else unchanged.
 */
export function maskForParsing(text: string): string {
  // A livepatch struct declared without its '=' is read as meant (repairs.ts); the rule still reports it.
  return repairMissingEquals(maskDirectivesAndAttributes(text));
}

/**
 * Whether some line may be a conditional directive: a line matching CONDITIONAL_DIRECTIVE makes this
 * match at its start (the reverse need not hold: `\s` here also crosses line ends).
 */
export const DIRECTIVE_ANYWHERE = new RegExp(CONDITIONAL_DIRECTIVE.source, 'm');
const ATTRIBUTE_ANYWHERE = new RegExp(ATTRIBUTE_PATTERN.source);

/** The last text masked and its result: extraction and the missing-'=' check mask the same text. */
let lastMasked: { text: string; masked: string } | undefined;

/** maskForParsing without the repairs: the text the repairs are looked for in. */
export function maskDirectivesAndAttributes(text: string): string {
  if (lastMasked?.text === text) return lastMasked.masked;
  const masked = maskLines(text);
  lastMasked = { text, masked };
  return masked;
}

function maskLines(text: string): string {
  // No line to blank (no marker, directive or attribute macro): the line by line pass would change nothing.
  if (!text.includes('@@') && !DIRECTIVE_ANYWHERE.test(text) && !ATTRIBUTE_ANYWHERE.test(text)) {
    return blankTrailingAttributes(text);
  }
  const lines = text.split('\n');
  const fileScope = text.includes('@@') ? fileScopeLines(text) : null;
  let continued = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const marker = fileScope?.[i] === true && TEMPLATE_LINE.test(line);
    if (continued || marker || CONDITIONAL_DIRECTIVE.test(line)) {
      continued = /\\\r?$/.test(line);
      lines[i] = blank(line);
      continue;
    }
    if (line.includes('__') || /\b(notrace|noinline|asmlinkage)\b/.test(line)) {
      lines[i] = line.replace(ATTRIBUTE_PATTERN, (word) => ' '.repeat(word.length));
    }
  }
  return blankTrailingAttributes(lines.join('\n'));
}

/** For each line, whether it starts outside every brace (comments and strings ignored). */
function fileScopeLines(text: string): boolean[] {
  const result: boolean[] = [];
  let depth = 0;
  for (const line of blankCommentsAndStrings(text).split('\n')) {
    result.push(depth === 0);
    for (const char of line) {
      if (char === '{') depth++;
      else if (char === '}' && depth > 0) depth--;
    }
  }
  return result;
}

/** Attribute macros with an argument list: `__attribute__((used))`, `__aligned(8)`, `__section(".x")`. */
const ATTRIBUTE_CALL = /\b(?:__attribute__|__aligned|__section)\s*\(/g;

/**
 * `static struct klp_object objs[] __section(".x") = {` loses the whole declaration in tree-sitter,
 * so an attribute call is blanked when what follows it shows it ends a declarator (`=`, `;`, `,`,
 * `{`, or another such attribute). Elsewhere (a parameter list) the grammar copes or recovers harmlessly.
 */
function blankTrailingAttributes(text: string): string {
  if (!text.includes('__')) return text;
  const spans: [number, number][] = [];
  for (const match of text.matchAll(ATTRIBUTE_CALL)) {
    const end = closingParen(text, match.index + match[0].length - 1);
    if (end > 0) spans.push([match.index, end + 1]);
  }
  if (spans.length === 0) return text;
  const chars = text.split('');
  // From the last: a blanked attribute lets the one before it see the '=' behind both.
  for (const [start, end] of spans.reverse()) {
    let next = end;
    while (next < chars.length && /\s/.test(chars[next])) next++;
    if (!/[=;,{]/.test(chars[next] ?? '')) continue;
    for (let i = start; i < end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  }
  return chars.join('');
}

/** The index of the ')' matching the '(' at `open`, or -1 when it is not closed. */
export function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function blank(line: string): string {
  return line.endsWith('\r') ? ' '.repeat(line.length - 1) + '\r' : ' '.repeat(line.length);
}
