// Builds a function's statement tree (ir.ts) from its tree-sitter definition; plain data, cacheable.
import { appendAll } from '../append';
import type { Node } from 'web-tree-sitter';
import { nodeRange } from '../text';
import { readCondition } from './conditions';
import {
  calleeName,
  callArguments,
  isNullLiteral,
  mentionedIdentifiers,
  normalise,
  rootIdentifier,
  unwrap,
} from './expressions';
import type { ArmFacts, FunctionIr, ParameterIr, Step, VarKind } from './ir';
import { firstUsesOfNonLocals } from './pointer-uses';
import { findUncheckedShadowUses } from './shadow-uses';
import { lastingWrites, type WriterScope } from './writing-callees';

/** Macros and helpers that store into their first argument: writes, not calls of unknown effect. */
const STORE_CALLS = new Set([
  'WRITE_ONCE',
  'smp_store_release',
  'rcu_assign_pointer',
  'atomic_set',
  'atomic_inc',
  'atomic_dec',
  'atomic_add',
  'atomic_sub',
  'atomic64_set',
  'atomic64_inc',
  'atomic64_dec',
  'atomic64_add',
  'atomic64_sub',
]);

const STATUS_TYPES = /^(int|long|bool|_Bool|ssize_t|s32|s64|unsigned int|unsigned long)$/;

/** The declarator of a function definition, through any pointer declarators. */
export function functionDeclarator(definition: Node): Node | null {
  let declarator = definition.childForFieldName('declarator');
  while (declarator && declarator.type !== 'function_declarator') {
    declarator = declarator.childForFieldName('declarator');
  }
  return declarator;
}

export function buildFunctionIr(definition: Node): FunctionIr | null {
  const declarator = functionDeclarator(definition);
  const nameNode = declarator?.childForFieldName('declarator');
  const body = definition.childForFieldName('body');
  if (!declarator || !nameNode || nameNode.type !== 'identifier' || !body) return null;
  const builder = new IrBuilder();
  const params: string[] = [];
  const parameters: ParameterIr[] = [];
  for (const param of declarator.childForFieldName('parameters')?.namedChildren ?? []) {
    if (param.type === 'comment') continue;
    if (param.type === 'ERROR') {
      // `T * __attribute__((unused)) name`: the grammar leaves the name outside the parameter.
      const previous = parameters[parameters.length - 1];
      if (previous && previous.name === null && /^\w+$/.test(param.text)) {
        previous.name = param.text;
        params.push(param.text);
      }
      continue;
    }
    const paramDeclarator = param.childForFieldName('declarator');
    const name = declaredName(paramDeclarator);
    if (name) params.push(name);
    parameters.push({ type: typeText(param, paramDeclarator), name });
  }
  builder.params = new Set(params);
  const steps = builder.statements(body);
  const pointerResult = definition.childForFieldName('declarator')?.type === 'pointer_declarator';
  const returnType = definition.childForFieldName('type')?.text ?? '';
  return {
    name: nameNode.text,
    range: nodeRange(definition),
    nameRange: nodeRange(nameNode),
    returnKind: pointerResult ? 'pointer' : returnType === 'void' ? 'void' : varKind(returnType, false),
    locals: builder.locals,
    params,
    returnType: typeText(definition, definition.childForFieldName('declarator')),
    parameters,
    body: steps,
    uncheckedShadowUses: findUncheckedShadowUses(body),
    firstUses: firstUsesOfNonLocals(body, new Set(Object.keys(builder.locals))),
  };
}

function varKind(type: string, pointer: boolean): VarKind {
  if (pointer) return 'pointer';
  return STATUS_TYPES.test(type.trim()) ? 'status' : 'other';
}

/** A declaration's type as written, with the declarator's `*`s: `struct klp_object *`, `const char *`. */
function typeText(declaration: Node, declarator: Node | null): string {
  const qualifiers = declaration.namedChildren
    .filter((child) => child.type === 'type_qualifier')
    .map((child) => child.text);
  const base = declaration.childForFieldName('type')?.text ?? '';
  let stars = '';
  for (let d = declarator; d; d = d.childForFieldName('declarator')) {
    if (d.type === 'pointer_declarator' || d.type === 'abstract_pointer_declarator') stars += '*';
    if (d.type === 'function_declarator') break;
  }
  return [...qualifiers, base].join(' ').replace(/\s+/g, ' ').trim() + (stars ? ` ${stars}` : '');
}

function declaredName(declarator: Node | null): string | null {
  let current = declarator;
  while (current && current.type !== 'identifier') current = current.childForFieldName('declarator');
  return current?.text ?? null;
}

class IrBuilder {
  locals: Record<string, VarKind> = {};
  params = new Set<string>();
  private guards: string[] = [];
  /** What writes through calls need to know about the function's variables. */
  private readonly scope: WriterScope = {
    pointerLocal: (name) => (name in this.locals ? this.locals[name] === 'pointer' : undefined),
    isParameter: (name) => this.params.has(name),
    outlives: (lvalue) => this.outlivesFunction(lvalue),
  };

  statements(node: Node): Step[] {
    const steps: Step[] = [];
    for (const child of node.namedChildren) appendAll(steps, this.statement(child));
    return steps;
  }

  private statement(node: Node): Step[] {
    switch (node.type) {
      case 'compound_statement':
        return this.statements(node);
      case 'declaration':
        return this.declaration(node);
      case 'expression_statement':
        return node.namedChild(0) ? this.expression(node.namedChild(0) as Node) : [];
      case 'if_statement':
        return this.branch(node);
      case 'while_statement':
      case 'for_statement':
      case 'do_statement':
        return this.loop(node);
      case 'switch_statement':
        return this.switchStatement(node);
      case 'return_statement': {
        const value = node.namedChild(0);
        const steps = value ? this.expression(value, '$return') : [];
        steps.push({ kind: 'return', value: value ? returnedValue(value) : null, range: nodeRange(node) });
        return steps;
      }
      case 'goto_statement':
        return [{ kind: 'goto', label: node.childForFieldName('label')?.text ?? '', range: nodeRange(node) }];
      case 'labeled_statement': {
        const label = node.childForFieldName('label');
        const steps: Step[] = [{ kind: 'label', label: label?.text ?? '', range: nodeRange(node) }];
        for (const child of node.namedChildren) {
          if (child.type !== 'statement_identifier') appendAll(steps, this.statement(child));
        }
        return steps;
      }
      case 'break_statement':
        return [{ kind: 'break' }];
      case 'continue_statement':
        return [{ kind: 'continue' }];
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef':
        return this.preprocessorBranch(node);
      case 'preproc_else':
        return this.statements(node);
      case 'comment':
      case 'preproc_call':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_include':
        return [];
      default:
        return this.expression(node);
    }
  }

  /** Either arm of an #if may be the one compiled: both are walked, as a branch nobody tests. */
  private preprocessorBranch(node: Node): Step[] {
    const alternative = node.childForFieldName('alternative');
    const condition = node.childForFieldName('condition') ?? node.childForFieldName('name');
    const then: Step[] = [];
    for (const child of node.namedChildren) {
      if (alternative && child.equals(alternative)) continue;
      if (condition && child.equals(condition)) continue;
      appendAll(then, this.statement(child));
    }
    const otherwise = alternative ? this.statement(alternative) : [];
    const none: ArmFacts = { facts: [], maybe: [] };
    return [
      { kind: 'branch', then, else: otherwise, thenFacts: none, elseFacts: none, range: nodeRange(node) },
    ];
  }

  private declaration(node: Node): Step[] {
    const steps: Step[] = [];
    const type = node.childForFieldName('type')?.text ?? '';
    for (const declarator of node.childrenForFieldName('declarator')) {
      const target =
        declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator;
      const name = declaredName(target);
      if (!name) continue;
      const pointer = target?.type === 'pointer_declarator' || type.endsWith('*');
      this.locals[name] = varKind(type, pointer);
      const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
      if (value) {
        appendAll(steps, this.expression(value, name));
        steps.push({ kind: 'assign', target: name, errorValue: isErrorValue(value) });
      }
    }
    return steps;
  }

  private branch(node: Node): Step[] {
    const condition = node.childForFieldName('condition');
    const consequence = node.childForFieldName('consequence');
    const alternative = node.childForFieldName('alternative');
    if (!condition) return [];
    const facts = readCondition(condition);
    const steps = this.calls(condition, (call) => facts.callResults.get(call.id) ?? null);
    const mentioned = mentionedIdentifiers(condition);
    appendAll(this.guards, mentioned);
    const then = consequence ? this.statement(consequence) : [];
    const otherwise = alternative ? this.statements(alternative) : [];
    this.guards.length -= mentioned.length;
    steps.push({
      kind: 'branch',
      then,
      else: otherwise,
      thenFacts: facts.then,
      elseFacts: facts.else,
      range: nodeRange(node),
    });
    return steps;
  }

  private loop(node: Node): Step[] {
    const steps: Step[] = [];
    for (const field of ['initializer', 'condition']) {
      const part = node.childForFieldName(field);
      if (part)
        appendAll(steps, part.type === 'declaration' ? this.declaration(part) : this.expression(part));
    }
    const body = node.childForFieldName('body');
    const inner = body ? this.statement(body) : [];
    const update = node.childForFieldName('update');
    if (update) appendAll(inner, this.expression(update));
    steps.push({ kind: 'loop', body: inner });
    return steps;
  }

  private switchStatement(node: Node): Step[] {
    const condition = node.childForFieldName('condition');
    const steps = condition ? this.expression(condition) : [];
    const cases: Step[][] = [];
    for (const item of node.childForFieldName('body')?.namedChildren ?? []) {
      if (item.type !== 'case_statement') continue;
      const value = item.childForFieldName('value');
      const body: Step[] = [];
      for (const child of item.namedChildren)
        if (!value || !child.equals(value)) appendAll(body, this.statement(child));
      cases.push(body);
    }
    steps.push({ kind: 'switch', cases });
    return steps;
  }

  /** Calls (innermost first) and writes to non-local storage in an expression. */
  private expression(node: Node, resultOfTopCall: string | null = null): Step[] {
    const inner = unwrap(node);
    if (inner.type === 'assignment_expression') {
      const left = inner.childForFieldName('left');
      const right = inner.childForFieldName('right');
      if (!left || !right) return [];
      const target = normalise(left);
      const steps = this.expression(right, target);
      if (this.outlivesFunction(left)) {
        const value = unwrap(right);
        steps.push({
          kind: 'write',
          target,
          value: value.type === 'identifier' ? value.text : null,
          range: nodeRange(inner),
          ...(isNullLiteral(value) ? { clears: true } : {}),
        });
      } else if (unwrap(left).type === 'identifier') {
        steps.push({ kind: 'assign', target, errorValue: isErrorValue(right) });
      }
      return steps;
    }
    if (inner.type === 'update_expression') {
      const argument = inner.childForFieldName('argument');
      if (argument && this.outlivesFunction(argument)) {
        return [{ kind: 'write', target: normalise(argument), value: null, range: nodeRange(inner) }];
      }
      return [];
    }
    const top = inner.type === 'call_expression' ? inner : null;
    return this.calls(node, (call) => (top && call.equals(top) ? resultOfTopCall : null));
  }

  private calls(node: Node, resultOf: (call: Node) => string | null): Step[] {
    const steps: Step[] = [];
    const visit = (n: Node) => {
      if (n.type === 'assignment_expression' || n.type === 'update_expression') {
        appendAll(steps, this.expression(n));
        return;
      }
      for (const child of n.namedChildren) visit(child);
      if (n.type !== 'call_expression') return;
      const callee = calleeName(n);
      if (!callee) return;
      const stored = STORE_CALLS.has(callee) ? callArguments(n)[0] : undefined;
      if (stored) {
        if (this.outlivesFunction(stored)) {
          steps.push({ kind: 'write', target: normalise(stored), value: null, range: nodeRange(n) });
        }
        return;
      }
      appendAll(steps, lastingWrites(n, callee, this.scope));
      steps.push({
        kind: 'call',
        callee,
        args: callArguments(n).map(normalise),
        result: resultOf(n),
        range: nodeRange(n),
        guards: [...new Set(this.guards)],
      });
    };
    visit(node);
    return steps;
  }

  /** Assignments to globals, or through pointers and fields of anything but a local struct. */
  private outlivesFunction(lvalue: Node): boolean {
    const root = rootIdentifier(lvalue);
    if (!root) return true;
    if (root in this.locals) return unwrap(lvalue).type !== 'identifier' && this.locals[root] === 'pointer';
    if (this.params.has(root)) return unwrap(lvalue).type !== 'identifier';
    return true;
  }
}

/** `-ENOMEM`, `-1`, `PTR_ERR(p)`: a value that makes `return var;` an error return. */
function isErrorValue(value: Node): boolean {
  const inner = unwrap(value);
  if (inner.type === 'unary_expression' && inner.childForFieldName('operator')?.type === '-') return true;
  if (inner.type === 'number_literal') return inner.text.startsWith('-');
  return inner.type === 'call_expression' && /^(PTR_ERR|PTR_ERR_OR_ZERO)$/.test(calleeName(inner) ?? '');
}

function returnedValue(value: Node): string {
  const inner = unwrap(value);
  return inner.type === 'call_expression' ? '$return' : normalise(inner);
}
