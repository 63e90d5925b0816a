// shadow-unchecked-alloc: a klp_shadow_alloc / klp_shadow_get_or_alloc result dereferenced unchecked.
import { dereferencesParameter } from '../flow/helper-uses';
import type { FileFlow } from '../flow/file-flow';
import type { UncheckedShadowUse } from '../flow/ir';
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
      'Handing the pointer to a function that dereferences it is a use too: the string and memory',
      'functions (strcpy, memset, sprintf…), list and atomic/refcount helpers, lock calls, and helpers',
      'of the same file that dereference their parameter.',
      '',
      'Test the result before using it (and decide what the patched code does without its shadow',
      'data).',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    // Only klp_shadow_* calls are judged: without the token no function needs its statement tree built.
    if (!ctx.text.includes('klp_shadow')) return findings;
    for (const ir of ctx.flow.functions.values()) {
      for (const use of ir.uncheckedShadowUses) {
        const finding = judge(ctx.flow, use);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

/** A dereference is a finding; a hand-off only when the (same-file) receiver dereferences it. */
function judge(flow: FileFlow, use: UncheckedShadowUse): RuleFinding | null {
  const related = [{ range: use.allocRange, message: `${use.callee}() is called here` }];
  let how = 'is dereferenced here without a NULL check';
  if (use.handoff) {
    const inner = dereferencesParameter(flow, use.handoff.callee, use.handoff.argIndex);
    if (!inner) return null;
    how = `is passed without a NULL check to ${use.handoff.callee}(), which dereferences it`;
    related.push({ range: inner.origin, message: `${inner.inFunction}() dereferences it here` });
  } else if (use.via === 'call') {
    how = 'is called through here without a NULL check';
  } else if (use.via) {
    how = `is passed without a NULL check to ${use.via}(), which dereferences it`;
  }
  const exists = use.callee === 'klp_shadow_alloc' ? ' or the id already exists for this object' : '';
  return {
    message: `the result of ${use.callee}() ${how}: it is NULL when the allocation fails${exists}, and this crashes the kernel. Test it first.`,
    range: use.useRange,
    related,
  };
}
