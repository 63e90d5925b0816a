// broken-declaration: a livepatch struct variable whose declaration does not compile (e.g. no '=' before its initializer).
import type { BrokenDeclaration } from '../model/types';
import type { Rule, RuleFinding } from './types';

export const brokenDeclaration: Rule = {
  id: 'broken-declaration',
  defaultSeverity: 'error',
  docs: {
    summary:
      'A `klp_patch`, `klp_object`, `klp_callbacks`, `klp_func` or `klp_state` declaration does not compile.',
    description: [
      'tree-sitter, unlike the compiler, reads past syntax errors. A livepatch struct declared',
      'without the `=` before its initializer (`static struct klp_callbacks cbs { ... };`) or with',
      'a token missing does not build. Under an `#ifdef` of a configuration that is rarely built,',
      'the break ships unnoticed.',
      '',
      'A missing `=` is put back for the analysis (the callbacks are read as meant, and the quick fix',
      'inserts it); other errors keep what could be read.',
    ].join('\n'),
  },
  check(ctx) {
    return (ctx.model.brokenDeclarations ?? []).map(findingFor);
  },
};

function findingFor(declaration: BrokenDeclaration): RuleFinding {
  const what = `struct ${declaration.type} '${declaration.variable}'`;
  const where =
    declaration.condition !== undefined ? ` (in builds where ${declaration.condition} holds)` : '';
  if (declaration.missing === "'='") {
    const brace = { line: declaration.range.end.line, character: declaration.range.end.character - 1 };
    return {
      message: `${what} does not compile${where}: missing '=' before the initializer. ${
        declaration.repaired
          ? 'Its members were read as if the = were there.'
          : 'Its initializer could not be read.'
      }`,
      range: declaration.range,
      fixes: [
        { title: "Insert the missing '='", edits: [{ range: { start: brace, end: brace }, newText: '= ' }] },
      ],
    };
  }
  const missing = declaration.missing !== undefined ? `missing ${declaration.missing}` : 'a syntax error';
  return {
    message: `${what} does not compile${where}: ${missing} in its declaration. What could be read from it was kept.`,
    range: declaration.range,
  };
}
