// Reads a branch condition: which values it tests, how, and which calls' results it tests directly.
import type { Node } from 'web-tree-sitter';
import type { ArmFacts, Fact, Sense } from './ir';
import { isNullLiteral, normalise, operatorOf, unwrap } from './expressions';

export interface ConditionFacts {
  then: ArmFacts;
  else: ArmFacts;
  /** Calls whose result is tested (directly or through an assignment), by node id → subject name. */
  callResults: Map<number, string>;
}

export function readCondition(condition: Node): ConditionFacts {
  const callResults = new Map<number, string>();
  const result = analyse(condition, callResults);
  return { ...result, callResults };
}

function analyse(node: Node, calls: Map<number, string>): { then: ArmFacts; else: ArmFacts } {
  const inner = unwrap(node);
  const none = { then: empty(), else: empty() };
  if (inner.type === 'unary_expression' && operatorOf(inner) === '!') {
    const argument = inner.childForFieldName('argument');
    if (!argument) return none;
    const negated = analyse(argument, calls);
    return { then: negated.else, else: negated.then };
  }
  if (inner.type === 'binary_expression') {
    const operator = operatorOf(inner);
    const left = inner.childForFieldName('left');
    const right = inner.childForFieldName('right');
    if (!left || !right) return none;
    if (operator === '&&' || operator === '||') {
      const a = analyse(left, calls);
      const b = analyse(right, calls);
      const subjects = [...allSubjects(a), ...allSubjects(b)];
      // Only the arm where both sides are known to hold says something about each side.
      return operator === '&&'
        ? { then: merge(a.then, b.then), else: { facts: [], maybe: subjects } }
        : { then: { facts: [], maybe: subjects }, else: merge(a.else, b.else) };
    }
    if (operator === '==' || operator === '!=') {
      const tested = isNullLiteral(right) ? left : isNullLiteral(left) ? right : null;
      if (!tested) return none;
      const subject = subjectOf(tested, calls);
      if (!subject) return none;
      const isNull = one({ subject, sense: 'falsy' });
      const notNull = one({ subject, sense: 'truthy' });
      return operator === '==' ? { then: isNull, else: notNull } : { then: notNull, else: isNull };
    }
    if (operator === '<' && isNullLiteral(right)) {
      const subject = subjectOf(left, calls);
      return subject ? { then: one({ subject, sense: 'negative' }), else: empty() } : none;
    }
    return none;
  }
  if (inner.type === 'call_expression') {
    const callee = inner.childForFieldName('function');
    const args = inner.childForFieldName('arguments')?.namedChildren ?? [];
    if (callee?.type === 'identifier' && /^IS_ERR(_OR_NULL)?$/.test(callee.text) && args.length === 1) {
      const subject = subjectOf(args[0], calls);
      if (!subject) return none;
      const facts = one({ subject, sense: 'is_err' });
      if (callee.text === 'IS_ERR_OR_NULL') facts.facts.push({ subject, sense: 'falsy' });
      return { then: facts, else: empty() };
    }
  }
  const subject = subjectOf(inner, calls);
  if (!subject) return none;
  return { then: one({ subject, sense: 'truthy' }), else: one({ subject, sense: 'falsy' }) };
}

/** The name a tested expression goes by: a variable, a field path, or a synthetic name for a call. */
function subjectOf(node: Node, calls: Map<number, string>): string | null {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'identifier':
    case 'field_expression':
    case 'subscript_expression':
      return normalise(inner);
    case 'assignment_expression': {
      const left = inner.childForFieldName('left');
      const right = inner.childForFieldName('right');
      if (!left) return null;
      const name = normalise(left);
      const call = right ? unwrap(right) : null;
      if (call?.type === 'call_expression') calls.set(call.id, name);
      return name;
    }
    case 'call_expression': {
      const name = `$cond@${inner.startPosition.row}:${inner.startPosition.column}`;
      calls.set(inner.id, name);
      return name;
    }
    default:
      return null;
  }
}

function empty(): ArmFacts {
  return { facts: [], maybe: [] };
}

function one(fact: Fact): ArmFacts {
  return { facts: [fact], maybe: [] };
}

function merge(a: ArmFacts, b: ArmFacts): ArmFacts {
  return { facts: [...a.facts, ...b.facts], maybe: [...a.maybe, ...b.maybe] };
}

function allSubjects(arms: { then: ArmFacts; else: ArmFacts }): string[] {
  return [arms.then, arms.else].flatMap((arm) => [...arm.facts.map((f) => f.subject), ...arm.maybe]);
}

/** Whether a test in this sense means a value of this kind failed. */
export function meansFailure(kind: string, sense: Sense): boolean {
  switch (kind) {
    case 'pointer':
    case 'truth':
      return sense === 'falsy' || sense === 'is_err';
    case 'err-pointer':
      return sense === 'is_err' || sense === 'falsy';
    case 'status':
      return sense === 'truthy' || sense === 'negative';
    default:
      return false;
  }
}
