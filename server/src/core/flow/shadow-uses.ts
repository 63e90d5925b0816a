// Finds klp_shadow_alloc / klp_shadow_get_or_alloc results used (or handed on) before any NULL check.
import type { Node } from 'web-tree-sitter';
import { nodeRange } from '../text';
import { calleeName } from './expressions';
import type { UncheckedShadowUse } from './ir';
import { classifyMention, firstUseAfter, type PointerUse } from './pointer-uses';

const SHADOW_ALLOCATORS = new Set(['klp_shadow_alloc', 'klp_shadow_get_or_alloc']);
const WRAPPERS = new Set(['parenthesized_expression', 'cast_expression']);

/**
 * Dereferences are findings as they stand; a hand-off to another function is recorded too, for
 * the rule to judge once it knows whether that function (a same-file helper) dereferences it.
 */
export function findUncheckedShadowUses(body: Node): UncheckedShadowUse[] {
  const uses: UncheckedShadowUse[] = [];
  for (const call of body.descendantsOfType('call_expression')) {
    const callee = calleeName(call);
    if (!callee || !SHADOW_ALLOCATORS.has(callee)) continue;
    let outer = call;
    while (outer.parent && WRAPPERS.has(outer.parent.type)) outer = outer.parent;
    const parent = outer.parent;
    if (!parent) continue;
    const direct = classifyMention(call);
    const variable = direct ? null : storedIn(parent, outer);
    const use = direct ?? (variable ? firstUseAfter(body, variable, call.endIndex) : null);
    if (use) uses.push(describe(callee, nodeRange(call), use));
  }
  return uses;
}

function describe(callee: string, allocRange: UncheckedShadowUse['allocRange'], use: PointerUse) {
  const found: UncheckedShadowUse = { callee, allocRange, useRange: use.range };
  if (use.kind === 'handoff') found.handoff = { callee: use.callee, argIndex: use.argIndex };
  else if (use.via) found.via = use.via;
  return found;
}

function storedIn(parent: Node, value: Node): string | null {
  if (parent.type === 'init_declarator') {
    let declarator = parent.childForFieldName('declarator');
    while (declarator && declarator.type !== 'identifier')
      declarator = declarator.childForFieldName('declarator');
    return declarator?.text ?? null;
  }
  if (parent.type === 'assignment_expression' && parent.childForFieldName('right')?.equals(value)) {
    // `if (!(p = klp_shadow_alloc(…)))` tests the result as it stores it.
    if (parent.parent?.type !== 'expression_statement') return null;
    const left = parent.childForFieldName('left');
    return left?.type === 'identifier' ? left.text : null;
  }
  return null;
}
