// internal-field: the author sets `post_unpatch_enabled`, the kernel's own bookkeeping.
import type { Node } from 'web-tree-sitter';
import { unitRange } from '../flow/syntax-units';
import { rangeContains } from '../text';
import type { FileModel, Range } from '../model/types';
import type { Rule, RuleFinding } from './types';

const FIELD = 'post_unpatch_enabled';

/** The livepatch structs whose definition makes a file a livepatch module (rather than, say, the core). */
const LIVEPATCH_DEFINITION_TYPES = /^(klp_patch|klp_object|klp_callbacks|patch_object)$/;

export const internalField: Rule = {
  id: 'internal-field',
  defaultSeverity: 'error',
  docs: {
    summary: '`post_unpatch_enabled` is set by the module.',
    description: [
      "`struct klp_callbacks.post_unpatch_enabled` is the kernel's record of whether `pre_patch`",
      'succeeded: it decides whether `post_unpatch` runs, and the core overwrites it each time',
      '`pre_patch` runs. A value set by hand survives only for objects whose `pre_patch` never ran,',
      'the ones after an object whose `pre_patch` failed: `true` (or any value not known to be',
      'false) makes `post_unpatch` undo work that was never done there, an error; `false` is what',
      'the kernel would have recorded anyway, so it changes nothing: still not the module’s to',
      'write, reported as info.',
      '',
      'Only writes in a livepatch module are judged: a file that defines a `klp_patch`,',
      '`klp_object` or `klp_callbacks` (the livepatch core itself keeps this field), or a write on',
      'an object the extractor tied to one of its patches.',
      '',
      'Remove the assignment; return an error from `pre_patch` to prevent `post_unpatch`.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    const tied = tiedRanges(ctx.model);
    for (const unit of ctx.units) {
      // A substring search is far cheaper than walking the tree, and almost always fails.
      if (!unit.root.text.includes(FIELD)) continue;
      const livepatch = definesLivepatch(unit.root);
      for (const field of unit.root.descendantsOfType('field_identifier')) {
        if (!field || field.text !== FIELD) continue;
        const value = writtenValue(field);
        if (value === undefined) continue;
        const range = unitRange(unit, field);
        if (!livepatch && !tied.some((written) => rangeContains(written, range))) continue;
        findings.push(findingFor(value, range));
      }
    }
    return findings;
  },
};

/** Where the model attached a `post_unpatch_enabled` write to one of the file's objects. */
function tiedRanges(model: FileModel): Range[] {
  return model.patches.flatMap((patch) =>
    patch.objects.flatMap((object) =>
      object.postUnpatchEnabledRange ? [object.postUnpatchEnabledRange] : [],
    ),
  );
}

function findingFor(value: string | null, range: Range): RuleFinding {
  if (value !== null && /^(false|0)$/.test(value)) {
    return {
      message: `${FIELD} is the livepatch core's own bookkeeping: the core sets it each time pre_patch runs, and false is what it records for an object whose pre_patch never ran, so this write changes nothing. Remove it.`,
      range,
      severity: 'info',
    };
  }
  const written = value === null ? 'this value' : `'${value}'`;
  return {
    message: `${FIELD} is the livepatch core's own bookkeeping (it records whether pre_patch succeeded and decides whether post_unpatch runs): ${written} survives for objects whose pre_patch never ran (after another object's pre_patch failed), so post_unpatch runs there and undoes work that was never done. Remove it; return an error from pre_patch to prevent post_unpatch.`,
    range,
    severity: 'error',
  };
}

/** The text written to the field (null when it is written some other way); undefined for a read. */
function writtenValue(field: Node): string | null | undefined {
  const parent = field.parent;
  if (!parent) return undefined;
  if (parent.type === 'field_designator') {
    const pair = parent.parent;
    return pair?.type === 'initializer_pair' ? (pair.childForFieldName('value')?.text.trim() ?? null) : null;
  }
  if (parent.type !== 'field_expression') return undefined;
  const assignment = parent.parent;
  if (assignment?.type !== 'assignment_expression') return undefined;
  if (assignment.childForFieldName('left')?.equals(parent) !== true) return undefined;
  if (assignment.childForFieldName('operator')?.text !== '=') return null;
  return assignment.childForFieldName('right')?.text.trim() ?? null;
}

/** Whether the tree defines (not just points at) a klp_patch, klp_object or klp_callbacks variable. */
function definesLivepatch(root: Node): boolean {
  for (const declaration of root.descendantsOfType('declaration')) {
    if (!declaration) continue;
    const type = declaration.childForFieldName('type');
    const name = type?.type === 'struct_specifier' ? type.childForFieldName('name') : type;
    if (!name || !LIVEPATCH_DEFINITION_TYPES.test(name.text)) continue;
    if (
      declaration.children.some(
        (child) => child?.type === 'storage_class_specifier' && child.text === 'extern',
      )
    )
      continue;
    const declarators = declaration.childrenForFieldName('declarator');
    if (declarators.some((declarator) => declarator !== null && !isPointerOrFunction(declarator)))
      return true;
  }
  return false;
}

function isPointerOrFunction(declarator: Node): boolean {
  let current: Node | null = declarator;
  while (current?.type === 'init_declarator' || current?.type === 'parenthesized_declarator')
    current =
      current.type === 'init_declarator' ? current.childForFieldName('declarator') : current.namedChild(0);
  return current?.type === 'pointer_declarator' || current?.type === 'function_declarator';
}
