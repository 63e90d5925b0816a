// broken-declaration: a livepatch struct variable whose declaration does not compile: no '=' before its initializer.
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
      'without the `=` before its initializer (`static struct klp_callbacks cbs { ... };`) does not',
      'build. Under an `#ifdef` of a configuration that is rarely built, the break ships unnoticed.',
      '',
      'The `=` is put back for the analysis (the callbacks and the later use of the variable are',
      'read as meant), and the quick fix inserts it.',
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
  const read = declaration.repaired
    ? 'Its members were read as if it were there.'
    : 'Its initializer could not be read.';
  // The range ends just after the brace the missing token belongs before.
  const brace = { line: declaration.range.end.line, character: declaration.range.end.character - 1 };
  return {
    message: `${what} does not compile${where}: missing ${declaration.missing} before the initializer. ${read}`,
    range: declaration.range,
    fixes: [
      {
        title: `Insert the missing ${declaration.missing}`,
        edits: [{ range: { start: brace, end: brace }, newText: '= ' }],
      },
    ],
  };
}
