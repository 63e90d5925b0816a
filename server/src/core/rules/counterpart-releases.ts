// The release calls a counterpart stub starts with: what the callback acquires, given back with the same key.
import type { Node } from 'web-tree-sitter';
import { classifyCall, releaseNames } from '../flow/classify';
import type { Held } from '../flow/interpret';
import type { Range } from '../model/types';
import type { RuleContext } from './types';

/**
 * Arguments a release takes after its key that the acquisition does not name (a shadow variable's
 * destructor): NULL is what the callback-demo idiom passes when there is none.
 */
export const TRAILING_RELEASE_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  klp_shadow_free: ['NULL'],
  klp_shadow_free_all: ['NULL'],
};

/**
 * One C statement per resource `fn` acquires (`kthread_stop(worker);`), or a comment saying why it
 * cannot be written (the resource lives in a local variable of `fn`).
 */
export function releaseStatements(ctx: RuleContext, fn: string): string[] {
  const acquired = (ctx.flow.summary(fn)?.acquired ?? []).filter((held) => held.pair.category === 'resource');
  const statements: string[] = [];
  for (const held of acquired) {
    const statement = releaseStatement(ctx, fn, held);
    if (statement && !statements.includes(statement)) statements.push(statement);
  }
  return statements;
}

function releaseStatement(ctx: RuleContext, fn: string, held: Held): string | undefined {
  const release = releaseNames(held.pair)[0];
  if (!release) return undefined;
  const acquireKey = classifyCall(held.callee).find((r) => r.role === 'acquire' && r.pair === held.pair)?.key;
  const releaseKey = classifyCall(release).find((r) => r.role === 'release')?.key ?? 0;
  if (acquireKey === undefined || releaseKey === 'result') return undefined;
  const acquireArgs = callArguments(ctx, held.origin, held.callee) ?? [];
  // A result moved into a global (`buf = local;`) is followed by the flow facts: held.key names where it is now.
  const key = acquireKey === 'result' ? held.key : acquireArgs[acquireKey];
  // A constant (a shadow id, a macro) is reachable from anywhere; a local of the callback is not.
  if (!key || (held.keyLocal && !/^(?:\d+|[A-Z][A-Z0-9_]*)$/.test(key))) {
    return `/* ${release}(): ${held.callee}() in ${fn}() keeps its result in a local variable; store it where this callback can reach it. */`;
  }
  // Arguments before the key are those of the acquisition in the same place (sysfs_create_file(kobj, attr)).
  const leading = Array.from({ length: releaseKey }, (_, i) => acquireArgs[i] ?? 'NULL');
  const args = [...leading, key, ...(TRAILING_RELEASE_ARGUMENTS[release] ?? [])];
  return `${release}(${args.join(', ')});`;
}

/** The argument texts of the call to `callee` written at `range`, in whichever syntax unit holds it. */
function callArguments(ctx: RuleContext, range: Range, callee: string): string[] | undefined {
  for (const unit of ctx.units) {
    let node: Node | null = unit.root.descendantForPosition(
      { row: range.start.line, column: range.start.character },
      { row: range.end.line, column: range.end.character },
    );
    while (node && node.type !== 'call_expression') node = node.parent;
    if (!node || node.childForFieldName('function')?.text !== callee) continue;
    return (node.childForFieldName('arguments')?.namedChildren ?? [])
      .filter((arg): arg is Node => arg !== null && arg.type !== 'comment')
      .map((arg) => arg.text.replace(/\s+/g, ' '));
  }
  return undefined;
}
