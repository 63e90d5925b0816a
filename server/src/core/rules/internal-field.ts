// internal-field: the author sets `post_unpatch_enabled`, the kernel's own bookkeeping.
import type { Node } from 'web-tree-sitter';
import { unitRange } from '../flow/syntax-units';
import type { Range } from '../model/types';
import type { Rule, RuleFinding } from './types';

const FIELD = 'post_unpatch_enabled';

export const internalField: Rule = {
  id: 'internal-field',
  defaultSeverity: 'error',
  docs: {
    summary: '`post_unpatch_enabled` is set by the module.',
    description: [
      "`struct klp_callbacks.post_unpatch_enabled` is the kernel's record of whether `pre_patch`",
      'succeeded: it decides whether `post_unpatch` runs, and the core overwrites it each time',
      '`pre_patch` runs. A value set by hand survives only for objects whose `pre_patch` never ran,',
      'the ones after an object whose `pre_patch` failed: `true` makes `post_unpatch` undo work that',
      'was never done there; otherwise the assignment has no effect.',
      '',
      'Remove the assignment; return an error from `pre_patch` to prevent `post_unpatch`.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const lines = new Set<number>();
    const report = (range: Range) => {
      if (lines.has(range.start.line)) return;
      lines.add(range.start.line);
      findings.push({
        message: `${FIELD} is the livepatch core's own bookkeeping (it records whether pre_patch succeeded and decides whether post_unpatch runs): a value set here makes post_unpatch run for objects whose pre_patch never ran (after another object's pre_patch failed), or is overwritten. Remove it.`,
        range,
      });
    };
    for (const unit of ctx.units) {
      // A substring search is far cheaper than walking the tree, and almost always fails.
      if (!unit.root.text.includes(FIELD)) continue;
      for (const field of unit.root.descendantsOfType('field_identifier')) {
        if (field.text === FIELD && isWrite(field)) report(unitRange(unit, field.parent ?? field));
      }
    }
    for (const patch of ctx.model.patches) {
      for (const object of patch.objects)
        if (object.postUnpatchEnabledRange) report(object.postUnpatchEnabledRange);
    }
    return findings;
  },
};

function isWrite(field: Node): boolean {
  const parent = field.parent;
  if (!parent) return false;
  if (parent.type === 'field_designator') return true;
  if (parent.type !== 'field_expression') return false;
  const assignment = parent.parent;
  return (
    assignment?.type === 'assignment_expression' &&
    assignment.childForFieldName('left')?.equals(parent) === true
  );
}
