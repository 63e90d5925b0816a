// The quick fixes for a missing counterpart: a stub already releasing what the callback acquired, or registering an existing function.
import type { Node } from 'web-tree-sitter';
import { insertIntoPatch } from '../model/patch-edit';
import type { CallbackKind, FunctionModel } from '../model/types';
import { fitsCallback } from './callback-signature';
import { COUNTERPART, registeredCallbacks, type RegisteredCallback } from './callbacks';
import { releaseStatements } from './counterpart-releases';
import type { Fix, RuleContext, TextReplacement } from './types';

const WHY: Record<CallbackKind, string> = {
  post_unpatch:
    'Release what %s acquired: this runs after a disable, and after an enable cancelled on a later object.',
  pre_unpatch: 'Undo what %s set up: this runs when a disable starts.',
  pre_patch: 'Set up what %s undoes; return 0, or a negative errno to refuse the enable.',
  post_patch: 'Set up what %s undoes: this runs once the patch is fully applied.',
};

const MACRO_PREFIX = { 'kpatch-macro': 'KPATCH', 'klp-macro': 'KLP' } as const;

/**
 * The fixes for `callback` lacking its counterpart: a new counterpart (registered next to the
 * callback, with a stub holding the releases when no such function exists), then each existing
 * function no object registers whose signature and name fit it. Designated `.kind = fn` entries
 * and kpatch/klp-build macros, in C files and in `.patch` files (hunk headers recounted).
 */
export function counterpartFixes(ctx: RuleContext, callback: RegisteredCallback): Fix[] {
  const fn = callback.functionName;
  if (!fn) return [];
  const counterpart = COUNTERPART[callback.kind];
  const name = fn.includes(callback.kind) ? fn.replace(callback.kind, counterpart) : `${fn}_${counterpart}`;
  const existing = ctx.model.functions.find((f) => f.name === name);
  const fixes: Fix[] = [];
  const derived = existing
    ? register(ctx, callback, name, counterpart)
    : withStub(ctx, callback, name, counterpart);
  if (derived) fixes.push(derived);
  for (const candidate of unregisteredCandidates(ctx, counterpart, name)) {
    const fix = register(ctx, callback, candidate.name, counterpart);
    if (fix) fixes.push(fix);
  }
  // Edits of a .patch file were made for its own lines by insertIntoPatch.
  return ctx.model.kind === 'patch' ? fixes.map((fix) => ({ ...fix, forPatch: true })) : fixes;
}

/** Functions of the counterpart's signature, with its kind in their name, that no object registers. */
function unregisteredCandidates(ctx: RuleContext, kind: CallbackKind, except: string): FunctionModel[] {
  const registered = new Set(registeredCallbacks(ctx.model).map((c) => c.functionName));
  return ctx.model.functions
    .filter(
      (f) => f.name !== except && f.name.includes(kind) && !registered.has(f.name) && fitsCallback(f, kind),
    )
    .slice(0, 3);
}

function register(
  ctx: RuleContext,
  callback: RegisteredCallback,
  name: string,
  kind: CallbackKind,
): Fix | undefined {
  const edits = registrationEdits(ctx, callback, name, kind, []);
  return edits && { title: `Register ${name} as ${kind}`, edits };
}

function withStub(
  ctx: RuleContext,
  callback: RegisteredCallback,
  name: string,
  kind: CallbackKind,
): Fix | undefined {
  const fn = callback.functionName ?? '';
  const stub = stubLines(ctx, kind, name, fn, callback.registration.via);
  const title = `Add a ${kind} callback (${name})`;
  if (callback.registration.via === 'kpatch-macro' || callback.registration.via === 'klp-macro') {
    // The stub goes right after the macro, before its own macro: both at file level.
    const edits = registrationEdits(ctx, callback, name, kind, ['', ...stub.lines]);
    return edits && { title, edits: withCursor(edits, stub.cursorLine, ctx.model.kind === 'patch') };
  }
  if (ctx.model.kind !== 'c') return undefined; // Two insertions into one hunk would fight over its header.
  const edits = registrationEdits(ctx, callback, name, kind, []);
  const declarationLine = topLevelLine(ctx, callback.registration.range.start.line);
  if (!edits || declarationLine === undefined) return undefined;
  const at = { line: declarationLine, character: 0 };
  const text = `${stub.lines.join('\n')}\n\n`;
  const cursorOffset = stub.lines.slice(0, stub.cursorLine).join('\n').length + 1 + 1; // past the newline and tab
  return { title, edits: [{ range: { start: at, end: at }, newText: text, cursorOffset }, ...edits] };
}

/** Puts the cursor after the tab of the stub's empty body line, inside the inserted lines (the first edit). */
function withCursor(edits: TextReplacement[], stubLine: number, patch: boolean): TextReplacement[] {
  const [insertion, ...rest] = edits;
  const lines = insertion.newText.split('\n');
  // C: '\n' before each added line, the first one empty; a patch: '+' before and '\n' after each.
  const lineIndex = patch ? stubLine + 1 : stubLine + 2;
  const lineStart = lines.slice(0, lineIndex).join('\n').length + 1;
  return [{ ...insertion, cursorOffset: lineStart + (patch ? 2 : 1) }, ...rest];
}

/**
 * Edits registering `name` as `kind` next to the callback's registration, with `preceding` lines
 * (a stub) written first. In a `.patch` they become added lines of the registration's hunk.
 */
function registrationEdits(
  ctx: RuleContext,
  callback: RegisteredCallback,
  name: string,
  kind: CallbackKind,
  preceding: string[],
): TextReplacement[] | undefined {
  const registration = callback.registration;
  const lines = ctx.text.split('\n');
  const patch = ctx.model.kind === 'patch';
  const column = patch ? 1 : 0;
  const line = lines[registration.range.start.line] ?? '';
  const indent = /^\s*/.exec(line.slice(column))?.[0] ?? '';
  let registrationLine: string;
  const edits: TextReplacement[] = [];
  if (registration.via === 'kpatch-macro' || registration.via === 'klp-macro') {
    registrationLine = `${indent}${MACRO_PREFIX[registration.via]}_${kind.toUpperCase()}_CALLBACK(${name});`;
  } else if (registration.via === 'initializer' || registration.via === 'variable') {
    if (!line.slice(registration.range.start.character).startsWith(`.${callback.kind}`)) return undefined;
    const end = registration.range.end;
    const afterEntry = (lines[end.line] ?? '').slice(end.character).trimStart();
    // A missing comma after the entry would need a changed line: in a patch that is a -/+ pair, not offered.
    if (!afterEntry.startsWith(',')) {
      if (patch) return undefined;
      edits.push({ range: { start: end, end }, newText: ',' });
    }
    registrationLine = `${indent}.${kind} = ${name},`;
  } else {
    return undefined;
  }
  const added = [...preceding, registrationLine];
  const after = registration.range.end.line;
  if (patch) return insertIntoPatch(ctx.text, after + 1, added);
  const lineEnd = { line: after, character: (lines[after] ?? '').length };
  edits.push({ range: { start: lineEnd, end: lineEnd }, newText: added.map((l) => `\n${l}`).join('') });
  return edits;
}

interface Stub {
  lines: string[];
  /** The stub's line where the cursor goes (an empty line of its body). */
  cursorLine: number;
}

function stubLines(
  ctx: RuleContext,
  kind: CallbackKind,
  name: string,
  counterpartOf: string,
  via: RegisteredCallback['registration']['via'],
): Stub {
  const returns = kind === 'pre_patch' ? 'int' : 'void';
  const parameter = via === 'kpatch-macro' ? 'patch_object *obj' : 'struct klp_object *obj';
  const why = WHY[kind].replace('%s', `${counterpartOf}()`);
  const releases =
    kind === 'post_unpatch' || kind === 'pre_unpatch' ? releaseStatements(ctx, counterpartOf) : [];
  const body = [`\t/* ${why} */`, ...releases.map((r) => `\t${r}`), '\t'];
  if (kind === 'pre_patch') body.push('\treturn 0;');
  const lines = [`static ${returns} ${name}(${parameter})`, '{', ...body, '}'];
  return { lines, cursorLine: 2 + body.indexOf('\t') };
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
