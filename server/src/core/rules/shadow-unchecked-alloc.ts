// shadow-unchecked-alloc: a klp_shadow_alloc / klp_shadow_get_or_alloc result dereferenced unchecked.
import type { Rule, RuleFinding } from './types';

export const shadowUncheckedAlloc: Rule = {
  id: 'shadow-unchecked-alloc',
  defaultSeverity: 'warning',
  docs: {
    summary: 'A shadow variable allocation is used before its result is checked for NULL.',
    description: [
      '`klp_shadow_alloc()` returns NULL when the allocation fails or when a shadow variable with that',
      'id already exists for the object; `klp_shadow_get_or_alloc()` returns NULL when the allocation',
      'or the constructor fails. Dereferencing the result without a test crashes the kernel on the',
      'first allocation failure, in patched code that may run in any context.',
      '',
      'Test the result before using it (and decide what the patched code does without its shadow',
      'data).',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const ir of ctx.flow.functions.values()) {
      for (const use of ir.uncheckedShadowUses) {
        findings.push({
          message: `the result of ${use.callee}() is dereferenced here without a NULL check: it is NULL when the allocation fails${use.callee === 'klp_shadow_alloc' ? ' or the id already exists for this object' : ''}, and this crashes the kernel. Test it first.`,
          range: use.useRange,
          related: [{ range: use.allocRange, message: `${use.callee}() is called here` }],
        });
      }
    }
    return findings;
  },
};
