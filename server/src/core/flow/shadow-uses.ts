// Finds klp_shadow_alloc / klp_shadow_get_or_alloc results dereferenced before any NULL check.
import type { Node } from 'web-tree-sitter';
import { nodeRange } from '../text';
import { calleeName, operatorOf } from './expressions';
import type { UncheckedShadowUse } from './ir';

const SHADOW_ALLOCATORS = new Set(['klp_shadow_alloc', 'klp_shadow_get_or_alloc']);
const WRAPPERS = new Set(['parenthesized_expression', 'cast_expression']);

export function findUncheckedShadowUses(body: Node): UncheckedShadowUse[] {
  const uses: UncheckedShadowUse[] = [];
  for (const call of body.descendantsOfType('call_expression')) {
    const callee = calleeName(call);
    if (!callee || !SHADOW_ALLOCATORS.has(callee)) continue;
    let outer = call;
    while (outer.parent && WRAPPERS.has(outer.parent.type)) outer = outer.parent;
    const parent = outer.parent;
    if (!parent) continue;
    if (isDereference(parent, outer)) {
      uses.push({ callee, allocRange: nodeRange(call), useRange: nodeRange(parent) });
      continue;
    }
    const variable = storedIn(parent, outer);
    if (!variable) continue;
    const use = firstUse(body, variable, call.endIndex);
    if (use) uses.push({ callee, allocRange: nodeRange(call), useRange: nodeRange(use) });
  }
  return uses;
}

/** `x->f`, `*x` or `x[i]` with `x` being `child`. */
function isDereference(parent: Node, child: Node): boolean {
  const argument = parent.childForFieldName('argument');
  if (!argument || !argument.equals(child)) return false;
  if (parent.type === 'field_expression') return operatorOf(parent) === '->';
  if (parent.type === 'pointer_expression') return operatorOf(parent) === '*';
  return parent.type === 'subscript_expression';
}

function storedIn(parent: Node, value: Node): string | null {
  if (parent.type === 'init_declarator') {
    let declarator = parent.childForFieldName('declarator');
    while (declarator && declarator.type !== 'identifier')
      declarator = declarator.childForFieldName('declarator');
    return declarator?.text ?? null;
  }
  if (parent.type === 'assignment_expression' && parent.childForFieldName('right')?.equals(value)) {
    const left = parent.childForFieldName('left');
    return left?.type === 'identifier' ? left.text : null;
  }
  return null;
}

/**
 * The first mention of `variable` after the allocation decides: a dereference is an unchecked use;
 * a test, a reassignment, a return or handing the pointer on all end the search without a finding.
 */
function firstUse(body: Node, variable: string, after: number): Node | null {
  const mention = body
    .descendantsOfType('identifier')
    .find((identifier) => identifier.text === variable && identifier.startIndex >= after);
  if (!mention) return null;
  let child = mention;
  let parent = mention.parent;
  while (parent && WRAPPERS.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return null;
  return isDereference(parent, child) ? parent : null;
}
