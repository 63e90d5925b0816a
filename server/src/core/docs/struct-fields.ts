// The members of the livepatch structs an author writes in initialisers, with what each means: completion's data.
import type { KlpStruct } from '../model/facts';
import { CALLBACK_TIMING } from './callback-timing';

export interface StructField {
  name: string;
  /** What the member holds, as the author sees it (C type). */
  type: string;
  /** Markdown shown next to the completion. */
  doc: string;
  /** The struct (array) its initialiser holds, for nested `{ }`: completion inside follows it. */
  nested?: { struct: KlpStruct; array: boolean };
}

const callback = (name: 'pre_patch' | 'post_patch' | 'pre_unpatch' | 'post_unpatch'): StructField => ({
  name,
  type: `${name === 'pre_patch' ? 'int' : 'void'} (*)(struct klp_object *)`,
  doc: `${CALLBACK_TIMING[name].when}\n\nCounterpart: \`${CALLBACK_TIMING[name].counterpart}\`.`,
});

export const STRUCT_FIELDS: Record<KlpStruct, readonly StructField[]> = {
  klp_patch: [
    { name: 'mod', type: 'struct module *', doc: 'The livepatch module itself: `THIS_MODULE`.' },
    {
      name: 'objs',
      type: 'struct klp_object *',
      doc: 'The objects to patch (vmlinux and target modules), ended by an empty `{ }` element.',
      nested: { struct: 'klp_object', array: true },
    },
    {
      name: 'states',
      type: 'struct klp_state *',
      doc: 'System states this patch introduces or keeps (non-zero ids), ended by `{ }`; checked for compatibility when patches replace each other.',
      nested: { struct: 'klp_state', array: true },
    },
    {
      name: 'replace',
      type: 'bool',
      doc: 'Atomic replace: this patch replaces every enabled patch, whose callbacks then never run (take their state over).',
    },
  ],
  klp_object: [
    {
      name: 'name',
      type: 'const char *',
      doc: 'The target module\'s name; `NULL` (or absent) for vmlinux — never `"vmlinux"`.',
    },
    {
      name: 'funcs',
      type: 'struct klp_func *',
      doc: 'The functions replaced in this object, ended by `{ }`. Required: a module object without it is refused.',
      nested: { struct: 'klp_func', array: true },
    },
    {
      name: 'callbacks',
      type: 'struct klp_callbacks',
      doc: 'The (un)patch callbacks of this object: `pre_patch`, `post_patch`, `pre_unpatch`, `post_unpatch`.',
      nested: { struct: 'klp_callbacks', array: false },
    },
  ],
  klp_func: [
    { name: 'old_name', type: 'const char *', doc: 'The name of the function to replace, as in kallsyms.' },
    { name: 'new_func', type: 'void *', doc: 'The replacement function.' },
    {
      name: 'old_sympos',
      type: 'unsigned long',
      doc: 'Which of several same-named symbols in the object (1-based); 0 when the name is unique.',
    },
  ],
  klp_callbacks: [
    callback('pre_patch'),
    callback('post_patch'),
    callback('pre_unpatch'),
    callback('post_unpatch'),
  ],
  klp_state: [
    {
      name: 'id',
      type: 'unsigned long',
      doc: "The state's identifier: non-zero, unique among the patch's states.",
    },
    {
      name: 'version',
      type: 'unsigned int',
      doc: "The state's version: a replacing patch must have the same or a higher one.",
    },
  ],
};
