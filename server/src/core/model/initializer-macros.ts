// Helper macros that expand to livepatch struct initializers (the KLP_OBJECT()/KLP_FUNC() family proposed upstream), as data.
import { nodeRange } from '../text';
import type { Node } from 'web-tree-sitter';
import type { Designator, InitExpr, InitItem, InitList } from './facts';

/** One macro argument: the member path it initialises, and whether the macro stringifies it (`#arg`). */
export interface MacroArgument {
  member: string;
  stringify?: boolean;
}

/**
 * Function-like macros whose expansion is `{ .member = arg, ... }`, argument by argument. They come
 * from a livepatch.h that authors copy with the API proposal, so a module using them does not define
 * them itself; the table says what the header does.
 */
export const INITIALIZER_MACROS: Readonly<Record<string, readonly MacroArgument[]>> = {
  KLP_FUNC: [{ member: 'old_name', stringify: true }, { member: 'new_func' }],
  KLP_FUNC_POS: [{ member: 'old_name', stringify: true }, { member: 'new_func' }, { member: 'old_sympos' }],
  KLP_OBJECT: [{ member: 'name', stringify: true }, { member: 'funcs' }],
  KLP_OBJECT_CALLBACKS: [
    { member: 'name', stringify: true },
    { member: 'funcs' },
    { member: 'callbacks.pre_patch' },
    { member: 'callbacks.post_patch' },
    { member: 'callbacks.pre_unpatch' },
    { member: 'callbacks.post_unpatch' },
  ],
  /** A vmlinux object: no name. */
  KLP_VMLINUX: [{ member: 'funcs' }],
  KLP_VMLINUX_CALLBACKS: [
    { member: 'funcs' },
    { member: 'callbacks.pre_patch' },
    { member: 'callbacks.post_patch' },
    { member: 'callbacks.pre_unpatch' },
    { member: 'callbacks.post_unpatch' },
  ],
};

/** Object-like macros that expand to `{ }`: the terminators of funcs[] and objs[]. */
export const TERMINATOR_MACROS: ReadonlySet<string> = new Set(['KLP_FUNC_END', 'KLP_OBJECT_END']);

/**
 * The initializer list a helper-macro use stands for, or null when `node` is no such use (or its
 * argument count does not fit, in which case the header is not the one the table describes).
 */
export function expandInitializerMacro(node: Node, readExpr: (node: Node) => InitExpr): InitList | null {
  if (node.type === 'identifier' && TERMINATOR_MACROS.has(node.text))
    return { kind: 'list', range: nodeRange(node), items: [] };
  if (node.type !== 'call_expression') return null;
  const callee = node.childForFieldName('function');
  const spec = callee?.type === 'identifier' ? INITIALIZER_MACROS[callee.text] : undefined;
  const args = node
    .childForFieldName('arguments')
    ?.namedChildren.filter((c) => c !== null && c.type !== 'comment');
  if (!spec || !args || args.length !== spec.length) return null;
  const items: InitItem[] = spec.map((argument, i) => {
    const value = readExpr(args[i] as Node);
    const designators: Designator[] = argument.member.split('.').map((field) => ({ field }));
    const text = argument.stringify ? JSON.stringify(value.text.trim()) : value.text;
    return {
      designators,
      value: { ...value, text, chain: argument.stringify ? null : value.chain },
      range: value.range,
    };
  });
  return { kind: 'list', range: nodeRange(node), items };
}
