// Applies run-time registrations (`objs[0].callbacks.pre_patch = fn;`, `obj->callbacks = cbs;`) to built objects.
import type { ModelContext } from './context';
import type { AssignmentFact, ExprChain } from './facts';
import { applyEntry, copyCallbacks } from './objects';
import { resolveObjects } from './places';
import { CALLBACK_KINDS, type ObjectModel } from './types';

export function applyRuntimeRegistrations(ctx: ModelContext, allObjects: () => ObjectModel[]): void {
  for (const assignment of ctx.assignments) {
    const target = callbacksTarget(assignment);
    if (!target) continue;
    let objects = resolveObjects(ctx, target.object, assignment.scope);
    if (!objects || objects.length === 0) {
      // `cbs.pre_patch = fn;` on a struct klp_callbacks variable is read where that variable is copied.
      const variable = ctx.variable(target.object.base, assignment.scope);
      if (variable?.type === 'klp_callbacks') continue;
      // A write to other members (the core's own `post_unpatch_enabled`) registers nothing: no note.
      if (target.member !== null && !(CALLBACK_KINDS as readonly string[]).includes(target.member)) continue;
      const receiver = receiverType(ctx, assignment, target.object);
      if (receiver !== undefined && !OBJECT_TYPES.has(receiver) && /^(struct|union) /.test(receiver)) {
        // The per-state callbacks proposal puts callbacks in struct klp_state: not an object's.
        ctx.problems.push({
          message: `'${describe(target.object)}' is a ${receiver}, not a struct klp_object: callbacks there are not modelled, so this registration is not analysed`,
          range: assignment.range,
          kind: 'unresolved',
        });
        continue;
      }
      const candidates = allObjects();
      ctx.problems.push({
        message:
          candidates.length === 1
            ? `cannot tell which object '${describe(target.object)}' is; assuming the only object`
            : `cannot tell which object '${describe(target.object)}' is; this registration is not attached`,
        range: assignment.range,
        kind: 'unresolved',
      });
      if (candidates.length !== 1) continue;
      objects = candidates;
    }
    for (const object of objects) {
      if (target.member === null) {
        const source = assignment.right.chain;
        if (source && !source.addressOf && source.steps.length === 0) {
          copyCallbacks(ctx, object, source.base, assignment.range, 'assignment');
        }
        continue;
      }
      applyEntry(
        ctx,
        object,
        { member: target.member, rest: [], value: assignment.right, range: assignment.range },
        'assignment',
      );
    }
  }
}

/** `X.callbacks.kind = v` → (X, kind); `X.callbacks = v` → (X, null); anything else → null. */
function callbacksTarget(assignment: AssignmentFact): { object: ExprChain; member: string | null } | null {
  const steps = assignment.left.steps;
  const last = steps[steps.length - 1];
  const beforeLast = steps[steps.length - 2];
  if (last && 'field' in last && last.field === 'callbacks') {
    return { object: { ...assignment.left, steps: steps.slice(0, -1) }, member: null };
  }
  if (beforeLast && 'field' in beforeLast && beforeLast.field === 'callbacks' && last && 'field' in last) {
    return { object: { ...assignment.left, steps: steps.slice(0, -2) }, member: last.field };
  }
  return null;
}

/**
 * mainline's object and kpatch's typedef of it. Another struct is evidence the receiver is not an
 * object; another typedef name is not (it may be an alias of either), so it counts as unknown.
 */
const OBJECT_TYPES = new Set(['struct klp_object', 'patch_object']);

/**
 * What the receiver in front of `.callbacks` is, as far as the file says: the member it is taken
 * from (`->objs[i]`, `->states[i]`), its declared type (cast, container_of, parameter, local,
 * global). Undefined when nothing says.
 */
function receiverType(
  ctx: ModelContext,
  assignment: AssignmentFact,
  receiver: ExprChain,
): string | undefined {
  const fields = receiver.steps.flatMap((step) => ('field' in step ? [step.field] : []));
  const member = fields[fields.length - 1];
  if (member === 'objs') return 'struct klp_object';
  if (member === 'states') return 'struct klp_state';
  if (receiver.steps.length > 0) return undefined;
  const variable = ctx.variable(receiver.base, assignment.scope);
  return (
    assignment.receiverType ??
    (variable ? `struct ${variable.type}` : undefined) ??
    ctx.globalType(receiver.base)
  );
}

function describe(chain: ExprChain): string {
  return (
    chain.base +
    chain.steps
      .map((step) => ('index' in step ? `[${step.index}]` : `${step.arrow ? '->' : '.'}${step.field}`))
      .join('')
  );
}
