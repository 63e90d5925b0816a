// Resolves run-time lvalues (`obj->callbacks`, `patch.objs[1]`, `p->replace`) to the objects or patch they name.
import { appendAll } from '../append';
import { indexKey, type ModelContext } from './context';
import type { ExprChain, Step } from './facts';
import type { ObjectModel } from './types';

const MAX_DEPTH = 6;

/**
 * Follows local pointers to what they point at: `struct klp_object *obj = &objs[1]` makes
 * `obj->x` mean `objs[1].x`; a pointer walked with ++ means every element of its array.
 */
function followPointer(ctx: ModelContext, chain: ExprChain, scope: string | null): ExprChain | null {
  const variable = ctx.variable(chain.base, scope);
  if (!variable || variable.shape !== 'pointer') return null;
  const binding =
    ctx.pointerAssignment(scope, chain.base) ?? (variable.init?.kind === 'expr' ? variable.init.chain : null);
  if (!binding) return null;
  const target: Step[] = binding.addressOf ? [...binding.steps] : [...binding.steps, { index: '0' }];
  if (variable.scope !== null && ctx.isStepped(scope, chain.base)) {
    const last = target[target.length - 1];
    if (last && 'index' in last) target[target.length - 1] = { index: '?' };
  }
  const [first, ...rest] = chain.steps;
  const steps: Step[] = [...target];
  if (first && 'index' in first) {
    const last = steps[steps.length - 1];
    const offset = indexKey(first);
    if (last && 'index' in last && offset === '0') steps[steps.length - 1] = last;
    else if (last && 'index' in last) steps[steps.length - 1] = { index: '?' };
    appendAll(steps, rest);
  } else if (first) {
    steps.push({ field: first.field, arrow: false }, ...rest);
  }
  return { addressOf: false, base: binding.base, steps };
}

/** Whether `chain` (minus its last member) denotes the patch variable `name`, directly or through a pointer. */
export function resolvesToVariable(
  ctx: ModelContext,
  chain: ExprChain,
  scope: string | null,
  name: string,
): boolean {
  let current: ExprChain | null = chain;
  for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
    const owner = current.addressOf ? current.steps : current.steps.slice(0, -1);
    if (current.base === name && owner.length === 0) return true;
    current = followPointer(ctx, current, scope);
  }
  return false;
}

/** The objects an lvalue such as `objs[1]`, `obj` (pointer), `patch.objs[0]` or `vmlinux_obj` denotes. */
export function resolveObjects(
  ctx: ModelContext,
  chain: ExprChain,
  scope: string | null,
): ObjectModel[] | null {
  let current: ExprChain | null = chain;
  for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
    const variable = ctx.variable(current.base, scope);
    if (!variable) return null;
    if (variable.shape === 'pointer') {
      current = followPointer(ctx, current, scope);
      continue;
    }
    const steps = current.steps;
    if (variable.type === 'klp_patch') {
      const first = steps[0];
      const index = indexKey(steps[1]);
      const prefix = ctx.objsOf.get(variable.name);
      if (
        !first ||
        !('field' in first) ||
        first.field !== 'objs' ||
        index === null ||
        !prefix ||
        steps.length !== 2
      )
        return null;
      return ctx.objectsFor(`${prefix}[${index}]`);
    }
    if (variable.type !== 'klp_object') return null;
    if (variable.shape === 'array') {
      const index = indexKey(steps[0]);
      return index !== null && steps.length === 1 ? ctx.objectsFor(`${variable.name}[${index}]`) : null;
    }
    return steps.length === 0 ? ctx.objectsFor(variable.name) : null;
  }
  return null;
}
