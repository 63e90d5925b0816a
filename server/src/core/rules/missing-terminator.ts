// missing-terminator: an objs[], funcs[] or states[] array without its all-zero `{ }` last element.
import type { Range } from '../model/types';
import { objectLabel } from './callbacks';
import type { Rule, RuleFinding } from './types';

export const missingTerminator: Rule = {
  id: 'missing-terminator',
  defaultSeverity: 'error',
  docs: {
    summary: 'An objs[], funcs[] or states[] array does not end with `{ }`.',
    description: [
      'The livepatch core walks these arrays until it meets an all-zero element (`klp_for_each_object`,',
      '`klp_for_each_func`, `klp_for_each_state`); it does not know their length. Without the `{ }`',
      'terminator it reads past the end of the array into whatever follows: garbage objects and',
      'functions, an oops or a patch applied to random addresses.',
      '',
      'End the array with `{ }`.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    const report = (range: Range, array: string, owner: string) => {
      const id = `${range.start.line}:${range.start.character}:${array}`;
      if (seen.has(id)) return;
      seen.add(id);
      findings.push({
        message: `the ${array} array of ${owner} does not end with { }: the kernel walks it until an all-zero element and reads past its end (an oops, or patching garbage). Add { } as the last element.`,
        range,
      });
    };
    // Each finding sits on the array's last element, where the terminator belongs after.
    for (const patch of ctx.model.patches) {
      if (patch.objectsTerminated === false)
        report(last(patch.objects)?.range ?? patch.range, 'objs', `patch '${patch.name}'`);
      if (patch.statesTerminated === false)
        report(last(patch.states ?? [])?.range ?? patch.range, 'states', `patch '${patch.name}'`);
      for (const object of patch.objects) {
        if (object.funcsSet && object.funcsTerminated === false) {
          report(last(object.funcs)?.range ?? object.range, 'funcs', `object ${objectLabel(object)}`);
        }
      }
    }
    return findings;
  },
};

function last<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}
