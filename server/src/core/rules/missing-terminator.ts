// missing-terminator: an objs[], funcs[] or states[] array without its all-zero `{ }` last element.
import type { Range } from '../model/types';
import { objectLabel } from './callbacks';
import type { Fix, Rule, RuleFinding } from './types';

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
    const report = (range: Range, array: string, owner: string, lastElement: Range | undefined) => {
      const id = `${range.start.line}:${range.start.character}:${array}`;
      if (seen.has(id)) return;
      seen.add(id);
      findings.push({
        message: `the ${array} array of ${owner} does not end with { }: the kernel walks it until an all-zero element and reads past its end (an oops, or patching garbage). Add { } as the last element.`,
        range,
        ...(lastElement ? { fixes: [terminatorFix(ctx.text, lastElement)] } : {}),
      });
    };
    // Each finding sits on the array's last element, where the terminator belongs after.
    for (const patch of ctx.model.patches) {
      if (patch.objectsTerminated === false) {
        const lastObject = last(patch.objects);
        // An object written as a variable of its own has its range there, not in objs[].
        const element = lastObject?.variable === undefined ? lastObject?.range : undefined;
        report(lastObject?.range ?? patch.range, 'objs', `patch '${patch.name}'`, element);
      }
      if (patch.statesTerminated === false) {
        const element = last(patch.states ?? [])?.range;
        report(element ?? patch.range, 'states', `patch '${patch.name}'`, element);
      }
      for (const object of patch.objects) {
        if (object.funcsSet && object.funcsTerminated === false) {
          const element = last(object.funcs)?.range;
          report(element ?? object.range, 'funcs', `object ${objectLabel(object)}`, element);
        }
      }
    }
    return findings;
  },
};

/** `{ }` on a line of its own after the last element, indented like it; a trailing comma stays valid C. */
function terminatorFix(text: string, element: Range): Fix {
  const lines = text.split('\n');
  const indent = /^\s*/.exec(lines[element.start.line] ?? '')?.[0] ?? '';
  return {
    title: 'Add the { } terminator',
    edits: [{ range: { start: element.end, end: element.end }, newText: `,\n${indent}{ }` }],
  };
}

function last<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}
