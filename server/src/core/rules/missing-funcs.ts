// missing-funcs: an object without `.funcs`, which the kernel refuses.
import { conditionNote, objectLabel } from './callbacks';
import type { Rule, RuleFinding } from './types';

export const missingFuncs: Rule = {
  id: 'missing-funcs',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `klp_object` has no `.funcs` array.',
    description: [
      'The livepatch core rejects a module object whose `.funcs` is NULL: `klp_enable_patch()` fails',
      'with -EINVAL and the livepatch module does not load. A vmlinux object (`.name` NULL) without',
      '`.funcs` is worse: the core walks objs[] while `funcs || name` is set, so that object reads as',
      "the array's terminator: it and every object after it are silently ignored (no function",
      'patched, no callback run) and the patch enables doing nothing. An object that only carries',
      'callbacks still needs an empty, `{ }`-terminated funcs array.',
      '',
      'Add `.funcs = no_funcs` with `static struct klp_func no_funcs[] = { { } };`.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const patch of ctx.model.patches) {
      if (patch.source !== 'klp_patch') continue;
      for (const object of patch.objects) {
        if (object.funcsSet) continue;
        const consequence =
          object.name === null
            ? 'with .name also NULL the kernel reads it as the end of objs[], so it and every later object are silently ignored: nothing is patched and no callback runs'
            : 'klp_enable_patch() rejects it with -EINVAL and the livepatch module fails to load';
        findings.push({
          message: `object ${objectLabel(object)}${conditionNote(object.condition)} has no .funcs: ${consequence}. Give it a { }-terminated funcs array, empty if the object only has callbacks.`,
          range: object.nameRange ?? object.range,
        });
      }
    }
    return findings;
  },
};
