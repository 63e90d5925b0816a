// Member order of the livepatch structs (positional initializers) and reading initializers by member.
import { appendAll } from '../append';
import type { Designator, InitList, InitValue, KlpStruct } from './facts';
import type { Range } from './types';

/**
 * Leading (author-set) members in declaration order, as in include/linux/livepatch.h since v5.1
 * (klp_callbacks since v4.15; klp_state since v5.5). Positional initializers fill them in this order.
 */
export const MEMBER_ORDER: Record<KlpStruct, readonly string[]> = {
  klp_patch: ['mod', 'objs', 'states', 'replace'],
  klp_object: ['name', 'funcs', 'callbacks'],
  klp_callbacks: ['pre_patch', 'post_patch', 'pre_unpatch', 'post_unpatch', 'post_unpatch_enabled'],
  klp_func: ['old_name', 'new_func', 'old_sympos'],
  klp_state: ['id', 'version', 'data'],
};

/** One member set by an initializer; `rest` holds deeper designators (`.callbacks.pre_patch = fn`). */
export interface MemberEntry {
  member: string;
  rest: Designator[];
  value: InitValue;
  range: Range;
}

export function memberEntries(list: InitList, type: KlpStruct): MemberEntry[] {
  const order = MEMBER_ORDER[type];
  const entries: MemberEntry[] = [];
  let cursor = 0;
  for (const item of list.items) {
    const [first, ...rest] = item.designators;
    if (first && 'field' in first) {
      entries.push({ member: first.field, rest, value: item.value, range: item.range });
      cursor = order.indexOf(first.field) + 1;
    } else if (!first && cursor >= 0 && cursor < order.length) {
      entries.push({ member: order[cursor], rest: [], value: item.value, range: item.range });
      cursor++;
    }
  }
  return entries;
}

/** The entries of a nested struct member, whether written `.m = { ... }` or `.m.x = v`. */
export function nestedEntries(entries: MemberEntry[], member: string, type: KlpStruct): MemberEntry[] {
  const nested: MemberEntry[] = [];
  for (const entry of entries) {
    if (entry.member !== member) continue;
    const [first, ...rest] = entry.rest;
    if (first && 'field' in first)
      nested.push({ member: first.field, rest, value: entry.value, range: entry.range });
    else if (!first && entry.value.kind === 'list') appendAll(nested, memberEntries(entry.value, type));
  }
  return nested;
}

export function lastEntry(entries: MemberEntry[], member: string): MemberEntry | undefined {
  return entries.filter((entry) => entry.member === member).pop();
}

export interface ArrayElement {
  index: number;
  value: InitValue;
  range: Range;
}

export function arrayElements(list: InitList): ArrayElement[] {
  const elements: ArrayElement[] = [];
  let cursor = 0;
  for (const item of list.items) {
    const first = item.designators[0];
    if (first && 'index' in first) {
      const index = Number(first.index);
      if (!Number.isInteger(index)) continue;
      cursor = index;
    }
    elements.push({ index: cursor, value: item.value, range: item.range });
    cursor++;
  }
  return elements.sort((a, b) => a.index - b.index);
}

const ZERO_TEXT = /^(0|NULL|false|\(\s*void\s*\*\s*\)\s*0|0[xX]0+|'\\0')$/;

/** `{ }`, `{}`, `{ 0 }`, `{ NULL }`, `{ .name = NULL }`: an all-zero element, the array's terminator. */
export function isZeroInit(value: InitValue): boolean {
  if (value.kind === 'expr') return ZERO_TEXT.test(value.text.trim());
  return value.items.every((item) => isZeroInit(item.value));
}

export function isNullExpr(value: InitValue): boolean {
  return value.kind === 'expr' && ZERO_TEXT.test(value.text.trim());
}

/** `"name"` (also split literals `"a" "b"`) → its content; null when not a plain string literal. */
export function stringLiteral(text: string): string | null {
  const parts = text.trim().match(/^("(?:[^"\\]|\\.)*"\s*)+$/);
  if (!parts) return null;
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('');
}
