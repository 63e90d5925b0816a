// Sorts tree-sitter's error recoveries into harmless ones (constructs its C grammar lacks) and real syntax errors.
import type { Node } from 'web-tree-sitter';
import { nodeRange } from '../text';
import type { ExtractionProblem } from './types';

/** A construct compilers (or the template generators that fill it in) accept but tree-sitter's C grammar does not. */
export interface HarmlessRecovery {
  /** Names the construct in the per-file summary. */
  label: string;
  /** Whether an outermost ERROR node (or a MISSING token) is this construct's recovery. */
  matches(error: Node): boolean;
}

const TYPE_KEYWORD = /^(struct|union|enum)$/;
/** The kernel's iteration macros: `list_for_each_entry`, `hash_for_each_rcu`, `for_each_online_cpu`, ... */
const LOOP_MACRO = /(^|_)for_each(_|$)/;

export const HARMLESS_RECOVERIES: readonly HarmlessRecovery[] = [
  {
    // kpatch/klp-build style templates: `@@NAME@@` is replaced before anything is compiled.
    label: 'template marker @@…@@',
    matches: (error) =>
      !error.isMissing && error.text.includes('@@') && /^\w*$/.test(error.text.replace(/@@\w*@@|@@/g, '')),
  },
  {
    // `struct klp_object * __attribute__((unused)) obj`: the grammar loses the name after the attribute.
    label: '__attribute__ in a parameter list',
    matches: (error) =>
      !error.isMissing &&
      error.parent?.type === 'parameter_list' &&
      (error.previousNamedSibling?.descendantsOfType('attribute_specifier').length ?? 0) > 0,
  },
  {
    // `container_of(p, struct klp_object, node)`, `va_arg(ap, struct foo *)`: a type where C wants a value.
    label: 'type name as a macro argument',
    matches: (error) =>
      !error.isMissing &&
      error.parent?.type === 'argument_list' &&
      (TYPE_KEYWORD.test(error.text) || TYPE_KEYWORD.test(error.previousSibling?.text ?? '')),
  },
  {
    // `list_for_each_entry(pos, head, member) { ... }`: a loop macro reads as a call missing its ';'.
    label: 'loop macro followed by a block',
    matches: (error) =>
      error.isMissing &&
      error.type === ';' &&
      error.parent?.type === 'expression_statement' &&
      LOOP_MACRO.test(error.parent.namedChild(0)?.childForFieldName('function')?.text ?? '') &&
      error.parent.nextNamedSibling?.type === 'compound_statement',
  },
];

const GENERIC_SYNTAX_MESSAGE =
  'syntax error: this declaration is incomplete or not valid C; what could be read from it was kept';

/**
 * At most one problem per top-level declaration: a 'syntax' problem at its first real error, or,
 * when every error is a harmless recovery, one 'recovered' problem naming them.
 */
export function syntaxProblems(unit: Node): ExtractionProblem[] {
  if (!unit.hasError) return [];
  const errors = errorNodes(unit);
  if (errors.length === 0) {
    return [{ message: GENERIC_SYNTAX_MESSAGE, range: nodeRange(unit), kind: 'syntax' }];
  }
  const labels = new Set<string>();
  for (const error of errors) {
    const harmless = HARMLESS_RECOVERIES.find((entry) => entry.matches(error));
    if (!harmless) return [{ message: GENERIC_SYNTAX_MESSAGE, range: nodeRange(error), kind: 'syntax' }];
    labels.add(harmless.label);
  }
  return [
    {
      message: `tree-sitter recovered from ${[...labels].join(', ')} here; nothing the analysis reads was lost`,
      range: nodeRange(errors[0]),
      kind: 'recovered',
      constructs: [...labels],
    },
  ];
}

/**
 * When tree-sitter cannot fit the file into a translation unit, the root itself is the ERROR and
 * the offending tokens sit loose between the declarations: no declaration shows the error, so it
 * is reported at the first loose token.
 */
export function strayTokenProblems(root: Node): ExtractionProblem[] {
  if (root.type !== 'ERROR') return [];
  const stray = root.children.find(
    (child) => child !== null && child.childCount === 0 && child.type !== 'comment',
  );
  return stray ? [{ message: GENERIC_SYNTAX_MESSAGE, range: nodeRange(stray), kind: 'syntax' }] : [];
}

/** Outermost ERROR nodes and MISSING tokens, in document order (an explicit stack: nesting can be any depth). */
export function errorNodes(node: Node): Node[] {
  const found: Node[] = [];
  const pending: Node[] = [node];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.type === 'ERROR' || next.isMissing) found.push(next);
    else if (next.hasError) {
      const children = next.children;
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) pending.push(child);
      }
    }
  }
  return found;
}
