// unanalysed-callbacks: an object with callbacks that no struct klp_patch's objs[] holds, so nothing checked them.
import type { UnanalysedObject } from '../model/types';
import type { Rule, RuleFinding } from './types';

export const unanalysedCallbacks: Rule = {
  id: 'unanalysed-callbacks',
  defaultSeverity: 'info',
  docs: {
    summary:
      'An object has callbacks, but no `struct klp_patch` this tool reads holds it: they are not analysed.',
    description: [
      'The kernel runs the callbacks of the objects in `klp_patch.objs[]`. An object that is in no',
      'such array is added some other way: a proposed API such as `klp_add_object(&obj)`, or a',
      'single-object `.obj = &obj` in the patch, which mainline does not have. The lifecycle and',
      'the rules only follow `objs[]`, so these callbacks are not simulated or checked; no finding',
      'about them does not mean they are right.',
      '',
      'List the object in `objs[]` if the kernel you target expects that, or review its callbacks',
      'by hand.',
    ].join('\n'),
  },
  check(ctx) {
    return (ctx.model.unanalysedObjects ?? []).map(findingFor);
  },
};

function findingFor(object: UnanalysedObject): RuleFinding {
  const kinds = object.callbacks.map((callback) => callback.kind);
  const callbacks = `${kinds.length === 1 ? 'callback' : 'callbacks'} ${kinds.join(', ')}`;
  const were = kinds.length === 1 ? 'was' : 'were';
  const how =
    object.patchWithObj !== undefined
      ? `struct klp_patch '${object.patchWithObj}' takes '${object.variable}' as .obj, which mainline's struct klp_patch does not have (it takes an objs[] array)`
      : `no struct klp_patch's objs[] holds the object '${object.variable}' (is it added through an API this tool does not model, such as klp_add_object()?)`;
  return {
    message: `${how}: its ${callbacks} ${were} not analysed.`,
    range: object.range,
    related: object.callbacks.map((callback) => ({
      range: callback.range,
      message: `${callback.kind} '${callback.function}' is registered here`,
    })),
  };
}
