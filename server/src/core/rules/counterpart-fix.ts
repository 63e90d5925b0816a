// The quick fix for a missing counterpart: register it next to the callback, with a stub when no function exists.
import type { Node } from 'web-tree-sitter';
import type { CallbackKind } from '../model/types';
import { COUNTERPART, type RegisteredCallback } from './callbacks';
import type { Fix, RuleContext } from './types';

const WHY: Record<CallbackKind, string> = {
  post_unpatch:
    'Release what %s acquired: this runs after a disable, and after an enable cancelled on a later object.',
  pre_unpatch: 'Undo what %s set up: this runs when a disable starts.',
  pre_patch: 'Set up what %s undoes; return 0, or a negative errno to refuse the enable.',
  post_patch: 'Set up what %s undoes: this runs once the patch is fully applied.',
};

/** Only for a designated `.kind = fn` entry in C source: other idioms have no obvious place to write to. */
export function counterpartFix(ctx: RuleContext, callback: RegisteredCallback): Fix | undefined {
  const registration = callback.registration;
  const fn = callback.functionName;
  if (
    ctx.model.kind !== 'c' ||
    !fn ||
    (registration.via !== 'initializer' && registration.via !== 'variable')
  ) {
    return undefined;
  }
  const lines = ctx.text.split('\n');
  const line = lines[registration.range.start.line] ?? '';
  if (!line.slice(registration.range.start.character).startsWith(`.${callback.kind}`)) return undefined;
  const counterpart = COUNTERPART[callback.kind];
  const name = fn.includes(callback.kind) ? fn.replace(callback.kind, counterpart) : `${fn}_${counterpart}`;
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const end = registration.range.end;
  const afterEntry = (lines[end.line] ?? '').slice(end.character).trimStart();
  const edits = afterEntry.startsWith(',') ? [] : [{ range: { start: end, end }, newText: ',' }];
  const lineEnd = { line: end.line, character: (lines[end.line] ?? '').length };
  edits.push({ range: { start: lineEnd, end: lineEnd }, newText: `\n${indent}.${counterpart} = ${name},` });
  if (ctx.model.functions.some((f) => f.name === name)) {
    return { title: `Register ${name} as ${counterpart}`, edits };
  }
  const declarationLine = topLevelLine(ctx, registration.range.start.line);
  if (declarationLine === undefined) return undefined;
  const at = { line: declarationLine, character: 0 };
  edits.unshift({ range: { start: at, end: at }, newText: stub(counterpart, name, fn) });
  return { title: `Add a ${counterpart} callback (${name})`, edits };
}

function stub(kind: CallbackKind, name: string, counterpartOf: string): string {
  const returns = kind === 'pre_patch' ? 'int' : 'void';
  const body = kind === 'pre_patch' ? '\treturn 0;\n' : '';
  const why = WHY[kind].replace('%s', `${counterpartOf}()`);
  return `static ${returns} ${name}(struct klp_object *obj)\n{\n\t/* ${why} */\n${body}}\n\n`;
}

/** The first line of the file-level declaration holding `line`, looking inside #if blocks. */
function topLevelLine(ctx: RuleContext, line: number): number | undefined {
  const root = ctx.units[0]?.root;
  if (!root || ctx.units.length !== 1) return undefined;
  const find = (parent: Node): number | undefined => {
    for (const child of parent.namedChildren) {
      if (!child || child.startPosition.row > line || child.endPosition.row < line) continue;
      if (/^preproc_(if|ifdef|else|elif)/.test(child.type)) return find(child) ?? child.startPosition.row;
      return child.startPosition.row;
    }
    return undefined;
  };
  return find(root);
}
