// duplicate-object: two objects of one patch name the same target (module, or vmlinux).
import { objectLabel } from './callbacks';
import type { ObjectModel } from '../model/types';
import type { Rule, RuleFinding } from './types';

export const duplicateObject: Rule = {
  id: 'duplicate-object',
  defaultSeverity: 'error',
  docs: {
    summary: 'Two objects of one patch target the same module (or both target vmlinux).',
    description: [
      'Every object gets a directory named after its target under /sys/kernel/livepatch/<patch>/.',
      'A second object for the same target cannot create its directory, so `klp_enable_patch()`',
      'fails with -EEXIST before any callback runs (the kernel also dumps a "duplicate filename"',
      'warning) and the livepatch module does not load, whether the target is loaded or not. Even',
      'where that check did not apply, a module that loads later is patched through the first',
      'object of its name only.',
      '',
      'Merge the two objects: one object per target, holding all its functions and callbacks.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const patch of ctx.model.patches) {
      // Earlier objects grouped by name: only those can be the same target (linear in objs[]'s length).
      const earlierByName = new Map<string | null, ObjectModel[]>();
      patch.objects.forEach((object) => {
        const sameName = earlierByName.get(object.name) ?? [];
        earlierByName.set(object.name, sameName);
        const earlier = sameName.find((other) => sameTarget(other, object));
        sameName.push(object);
        if (!earlier) return;
        findings.push({
          message: `patch '${patch.name}' has a second object for ${objectLabel(object)}: its sysfs directory already exists, so klp_enable_patch() fails with -EEXIST and the livepatch module does not load. Merge it into the first object.`,
          range: object.nameRange ?? object.range,
          related: [
            {
              range: earlier.nameRange ?? earlier.range,
              message: `the first object for ${objectLabel(object)}`,
            },
          ],
        });
      });
    }
    return findings;
  },
};

/** Objects under two different #if conditions may be alternatives that never coexist. */
function sameTarget(a: ObjectModel, b: ObjectModel): boolean {
  if (a.name !== b.name) return false;
  return !(a.condition && b.condition && a.condition !== b.condition);
}
