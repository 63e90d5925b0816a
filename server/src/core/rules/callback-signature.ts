// callback-signature: pre_patch returns int, the others void; each takes one `struct klp_object *`.
import type { FunctionIr } from '../flow/ir';
import type { CallbackKind, FunctionModel } from '../model/types';
import { describeCallback, registeredCallbacks } from './callbacks';
import type { Rule, RuleFinding } from './types';

/** `struct klp_object *`, kpatch's `patch_object *` (a typedef of it). */
export const OBJECT_POINTER = /^(struct klp_object|patch_object|struct patch_object) \*$/;

export const callbackSignature: Rule = {
  id: 'callback-signature',
  defaultSeverity: 'error',
  docs: {
    summary: 'A callback whose return type or parameter does not match `struct klp_callbacks`.',
    description: [
      '`pre_patch` is `int (*)(struct klp_object *)` and returns 0 or a negative errno; `post_patch`,',
      '`pre_unpatch` and `post_unpatch` are `void (*)(struct klp_object *)` (since v6.19 the',
      '`klp_pre_patch_t` ... typedefs; kpatch passes `patch_object *`, a typedef of the same struct).',
      'A function of another type is called through the wrong function-pointer type: its return value',
      'is garbage (a `void` pre_patch makes the enable fail or succeed at random) and its argument is',
      'not what it expects. Compilers warn; with CFI the call traps.',
      '',
      'Declare the callback with exactly the expected signature.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const callback of registeredCallbacks(ctx.model)) {
      const ir = callback.functionName ? ctx.flow.functions.get(callback.functionName) : undefined;
      if (!ir) continue;
      const expectedReturn = callback.kind === 'pre_patch' ? 'int' : 'void';
      const problems = signatureProblems(ir, expectedReturn);
      if (problems.length === 0) continue;
      findings.push({
        message: `${describeCallback(callback)} ${problems.join(' and ')}: the kernel calls it as \`${expectedReturn} (*)(struct klp_object *)\`, so ${consequence(callback.kind, problems)}. Declare it as \`${expectedReturn} ${ir.name}(struct klp_object *obj)\`.`,
        range: callback.registration.range,
        related: [{ range: ir.nameRange, message: `${ir.name} is defined here` }],
      });
    }
    return findings;
  },
};

function signatureProblems(ir: FunctionIr, expectedReturn: string): string[] {
  const problems: string[] = [];
  const returnType = ir.returnType.replace(/^(static|inline|extern|notrace|__\w+)\s+/g, '').trim();
  if (returnType !== expectedReturn && isPlainType(returnType)) problems.push(`returns \`${returnType}\``);
  const params = ir.parameters.filter((p) => !(p.type === 'void' && p.name === null));
  if (params.length !== 1) {
    problems.push(params.length === 0 ? 'takes no parameter' : `takes ${params.length} parameters`);
  } else if (!OBJECT_POINTER.test(params[0].type) && !mayBeAlias(params[0].type)) {
    problems.push(`takes \`${params[0].type}\``);
  }
  return problems;
}

/** Builtin types and structs can be judged; an unknown typedef might be an alias of the right type. */
function isPlainType(type: string): boolean {
  return (
    /^(void|int|long|short|char|bool|_Bool|unsigned( \w+)?|signed( \w+)?|u8|u16|u32|u64|s8|s16|s32|s64|size_t|ssize_t)( \*+)?$/.test(
      type,
    ) || type.startsWith('struct ')
  );
}

function mayBeAlias(type: string): boolean {
  return /^\w+ \*$/.test(type) && !isPlainType(type);
}

function consequence(kind: string, problems: string[]): string {
  if (kind === 'pre_patch' && problems.some((p) => p.startsWith('returns'))) {
    return 'whatever is left in the return register decides whether enabling the patch fails';
  }
  return 'the call goes through an incompatible function-pointer type (a CFI-enabled kernel traps on it)';
}

/** Whether the kernel can call `fn` as a `kind` callback: `int` for pre_patch, `void` for the others, one object pointer. */
export function fitsCallback(fn: FunctionModel, kind: CallbackKind): boolean {
  const returns = fn.returnType.replace(/^(?:static|inline|notrace|__\w+)\s+/g, '').trim();
  const params = fn.parameters.filter((p) => !(p.type === 'void' && p.name === null));
  return (
    returns === (kind === 'pre_patch' ? 'int' : 'void') &&
    params.length === 1 &&
    OBJECT_POINTER.test(params[0].type)
  );
}
