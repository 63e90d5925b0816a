// Extracts the plain-data facts of one top-level declaration with the .scm queries.
import type { Node, QueryMatch } from 'web-tree-sitter';
import type { ParserEngine } from '../parse/engine';
import { nodeRange } from '../text';
import {
  emptyFacts,
  KLP_STRUCTS,
  type AssignmentFact,
  type KlpStruct,
  type MacroUse,
  type UnitFacts,
} from './facts';
import { appendAll } from '../append';
import { deeperThan, tooDeepMessage } from '../parse/tree-walk';
import { readFunctions } from './functions';
import { callbacksReceiverType, declarationTypes } from './receivers';
import { syntaxProblems } from './recoveries';
import { FunctionScopes } from './scopes';
import { readChain, readExpr, readInitValue, unwrapDeclarator } from './syntax';
import type { Range } from './types';
import { noteInternalError } from '../internal-errors';

/** Names the predicates of klp-declarations.scm, callback-macros.scm and module-hooks.scm require. */
const DECLARATION_TYPES = /klp_(?:patch|object|callbacks|func|state)|patch_object/;
const MACRO_NAMES = /(?:KPATCH|KLP)_(?:PRE|POST)_(?:UN)?PATCH_CALLBACK|module_(?:init|exit)/;
/** defines.scm reads `#define` lines (`#` and `define` may be apart). */
const DEFINE = /#\s*define/;

/** Run on every declaration: function definitions, their scopes, run-time assignments. */
const ALWAYS_RUN = ['functions', 'function-scopes', 'klp-assignments'];

/** Each step is isolated so that one surprising shape cannot lose the facts of the others. */
export function computeUnitFacts(engine: ParserEngine, unit: Node): UnitFacts {
  const facts = emptyFacts();
  if (deeperThan(unit)) {
    // Checked first: the readers below recurse on nesting, and queries slow down with depth.
    facts.problems.push({
      message: tooDeepMessage('this declaration is'),
      range: nodeRange(unit),
      kind: 'skipped',
    });
    return facts;
  }
  // A query whose predicates need a name the declaration's text lacks cannot match: it is not run.
  // The three run on every declaration share one walk (see CombinedQuery); the others, run on few
  // small declarations, walk on their own (a combined query per set of them costs more to compile).
  const text = unit.text;
  const gated = (name: string, wanted: boolean) => (wanted ? engine.query(name).matches(unit) : []);
  let found = new Map<string, QueryMatch[]>();
  const of = (name: string) => found.get(name) ?? [];
  let scopes = new FunctionScopes([]);
  const steps: [string, () => void][] = [
    ['queries', () => (found = engine.combinedQuery(ALWAYS_RUN).matchesBySource(unit))],
    ['scopes', () => (scopes = new FunctionScopes(of('function-scopes')))],
    ['functions', () => appendAll(facts.functions, readFunctions(of('functions')))],
    [
      'declarations',
      () => readDeclarations(gated('klp-declarations', DECLARATION_TYPES.test(text)), scopes, facts),
    ],
    ['assignments', () => readAssignments(of('klp-assignments'), scopes, facts)],
    [
      'macros',
      () =>
        MACRO_NAMES.test(text) &&
        readMacros(unit, gated('callback-macros', true), gated('module-hooks', true), facts),
    ],
    [
      'enable calls',
      () => readEnableCalls(gated('enable-calls', text.includes('klp_enable_patch')), scopes, facts),
    ],
    ['defines', () => readDefines(gated('defines', DEFINE.test(text)), facts)],
    ['declared types', () => appendAll(facts.globalTypes, declarationTypes(unit))],
  ];
  for (const [what, step] of steps) {
    try {
      step();
    } catch (error) {
      noteInternalError(`declaration ${what}`, error);
      facts.problems.push({
        message: `could not read the ${what} of this declaration: ${error instanceof Error ? error.message : String(error)}`,
        range: nodeRange(unit),
        kind: 'internal',
      });
    }
  }
  appendAll(facts.problems, syntaxProblems(unit));
  return facts;
}

function readDeclarations(matches: readonly QueryMatch[], scopes: FunctionScopes, facts: UnitFacts): void {
  for (const match of matches) {
    const type = match.captures.find((c) => c.name === 'type')?.node;
    const declaration = match.captures.find((c) => c.name === 'declaration')?.node;
    const declarator = match.captures.find((c) => c.name === 'declarator')?.node;
    if (!type || !declaration || !declarator) continue;
    const struct = (type.text === 'patch_object' ? 'klp_object' : type.text) as KlpStruct;
    if (!KLP_STRUCTS.includes(struct)) continue;
    const parts = unwrapDeclarator(declarator);
    if (!parts) continue;
    const size = parts.size && /^\d+$/.test(parts.size.text) ? Number(parts.size.text) : null;
    facts.variables.push({
      type: struct,
      name: parts.name.text,
      shape: parts.shape,
      arraySize: size,
      range: nodeRange(declaration),
      nameRange: nodeRange(parts.name),
      init: parts.init ? readInitValue(parts.init) : null,
      scope: scopes.of(declaration),
    });
  }
}

function readAssignments(matches: readonly QueryMatch[], scopes: FunctionScopes, facts: UnitFacts): void {
  for (const match of matches) {
    const stepped = match.captures.find((c) => c.name === 'stepped')?.node;
    if (stepped) {
      facts.steppedPointers.push({ scope: scopes.of(stepped), name: stepped.text });
      continue;
    }
    const assignment = match.captures.find((c) => c.name === 'assignment')?.node;
    const left = match.captures.find((c) => c.name === 'left')?.node;
    const right = match.captures.find((c) => c.name === 'right')?.node;
    if (!assignment || !left || !right) continue;
    const operator = assignment.childForFieldName('operator')?.text ?? '=';
    const leftChain = readChain(left);
    if (!leftChain) continue;
    if (operator !== '=') {
      if (leftChain.steps.length === 0)
        facts.steppedPointers.push({ scope: scopes.of(assignment), name: leftChain.base });
      continue;
    }
    const fact: AssignmentFact = {
      scope: scopes.of(assignment),
      left: leftChain,
      right: readExpr(right),
      range: nodeRange(assignment),
    };
    const receiverType = callbacksReceiverType(left);
    if (receiverType !== undefined) fact.receiverType = receiverType;
    facts.assignments.push(fact);
  }
}

/** `macros`, `hooks`: the matches of callback-macros.scm and module-hooks.scm (one capture each). */
function readMacros(
  unit: Node,
  macros: readonly QueryMatch[],
  hooks: readonly QueryMatch[],
  facts: UnitFacts,
): void {
  const seen = new Set<string>();
  const read = (matches: readonly QueryMatch[], capture: string, into: MacroUse[]) => {
    for (const found of matches.flatMap((match) => match.captures)) {
      // The macro's own #define (a header such as kpatch-macros.h) is not a use of it.
      if (found.name !== capture || found.node.parent?.type.startsWith('preproc_')) continue;
      const key = `${found.node.startPosition.row}:${found.node.startPosition.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const use = readMacroUse(unit, found.node);
      if (use) into.push(use);
      else {
        facts.problems.push({
          message: `cannot read the argument of ${found.node.text}(...)`,
          range: nodeRange(found.node),
          kind: 'unresolved',
        });
      }
    }
  };
  read(macros, 'macro', facts.callbackMacros);
  read(hooks, 'hook', facts.moduleHooks);
}

/** Reads `NAME ( argument )` from the unit's text after the macro's name, whatever tree shape holds it. */
function readMacroUse(unit: Node, name: Node): MacroUse | null {
  const lines = unit.text.split('\n');
  let row = name.endPosition.row - unit.startPosition.row;
  let column = name.endPosition.column - (row === 0 ? unit.startPosition.column : 0);
  let depth = 0;
  let argument = '';
  let started = false;
  for (; row < lines.length; row++, column = 0) {
    const line = lines[row];
    for (; column < line.length; column++) {
      const char = line[column];
      if (!started) {
        if (char === '(') started = true;
        else if (!/\s/.test(char)) return null;
        continue;
      }
      if (char === '(') depth++;
      if (char === ')' && depth-- === 0) {
        const line0 = unit.startPosition.row;
        const end = {
          line: line0 + row,
          character: column + 1 + (row === 0 ? unit.startPosition.column : 0),
        };
        const range: Range = { start: nodeRange(name).start, end };
        return { macro: name.text, argument: argument.replace(/\s+/g, ' ').trim(), range };
      }
      argument += char;
    }
    if (started) argument += ' ';
  }
  return null;
}

function readEnableCalls(matches: readonly QueryMatch[], scopes: FunctionScopes, facts: UnitFacts): void {
  for (const match of matches) {
    const call = match.captures.find((c) => c.name === 'call')?.node;
    const argument = match.captures.find((c) => c.name === 'argument')?.node ?? null;
    if (call)
      facts.enableCalls.push({
        scope: scopes.of(call),
        argument: readChain(argument),
        range: nodeRange(call),
      });
  }
}

function readDefines(matches: readonly QueryMatch[], facts: UnitFacts): void {
  for (const match of matches) {
    const name = match.captures.find((c) => c.name === 'name')?.node;
    const value = match.captures.find((c) => c.name === 'value')?.node;
    if (name && value) facts.defines.push({ name: name.text, value: value.text.trim() });
  }
}
