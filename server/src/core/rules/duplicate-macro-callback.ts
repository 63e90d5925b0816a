// duplicate-macro-callback: two kpatch / klp-build callback macros of one kind for one object.
import type { Rule, RuleFinding } from './types';

export const duplicateMacroCallback: Rule = {
  id: 'duplicate-macro-callback',
  defaultSeverity: 'error',
  docs: {
    summary: 'Two `KPATCH_*_CALLBACK` / `KLP_*_CALLBACK` macros of the same kind for one object.',
    description: [
      'kpatch and klp-build collect callback macros into one `struct klp_callbacks` per object, with',
      'one slot per kind. A second macro of a kind is a build error (kpatch-build refuses it) or',
      'silently replaces the first: one of the two functions never runs.',
      '',
      'Keep one macro per kind and call both functions from it.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const patch of ctx.model.patches) {
      for (const object of patch.objects) {
        for (const duplicate of object.duplicateCallbacks) {
          if (duplicate.via !== 'kpatch-macro' && duplicate.via !== 'klp-macro') continue;
          const first = object.callbacks[duplicate.kind];
          findings.push({
            message: `a second ${duplicate.kind} callback macro (${duplicate.function}) for the same object: there is one ${duplicate.kind} slot per object, so the build fails or one of the two functions never runs. Use one macro and call both from its function.`,
            range: duplicate.range,
            related: first
              ? [{ range: first.range, message: `the first ${duplicate.kind} macro (${first.function})` }]
              : [],
          });
        }
      }
    }
    return findings;
  },
};
