// The completion snippets: a whole livepatch module with its four callbacks, and an objs[] element with callbacks.
import type { KlpStruct } from '../../core/model/facts';

export interface Snippet {
  label: string;
  detail: string;
  /** `top-level`: a new line at file level; `element`: an element of an array of `struct`. */
  site: 'top-level' | 'element';
  struct: KlpStruct;
  /** LSP snippet syntax (`${1:name}`, `$0`). */
  body: string;
  /** The body as inserted with its default placeholders (the completion's documentation). */
  preview: string;
}

const MODULE = `#include <linux/livepatch.h>
#include <linux/module.h>

static int \${1:demo}_new_\${2:function}(void)
{
\treturn 0;
}

static int \${1}_pre_patch(struct klp_object *obj)
{
\t/* Set up what the patched code needs; a negative errno refuses the enable. */
\treturn 0;
}

static void \${1}_post_patch(struct klp_object *obj)
{
\t/* The patch is fully applied: may run twice when a disable is reversed. */
}

static void \${1}_pre_unpatch(struct klp_object *obj)
{
\t/* Undo what post_patch set up. */
}

static void \${1}_post_unpatch(struct klp_object *obj)
{
\t/* Release what pre_patch acquired: also runs after a cancelled enable. */
}

static struct klp_func \${1}_funcs[] = {
\t{ .old_name = "\${2}", .new_func = \${1}_new_\${2} },
\t{ }
};

static struct klp_object \${1}_objs[] = {
\t{
\t\t/* .name unset: vmlinux */
\t\t.funcs = \${1}_funcs,
\t\t.callbacks = {
\t\t\t.pre_patch = \${1}_pre_patch,
\t\t\t.post_patch = \${1}_post_patch,
\t\t\t.pre_unpatch = \${1}_pre_unpatch,
\t\t\t.post_unpatch = \${1}_post_unpatch,
\t\t},
\t},
\t{ }
};

static struct klp_patch \${1}_patch = {
\t.mod = THIS_MODULE,
\t.objs = \${1}_objs,
};

static int \${1}_init(void)
{
\treturn klp_enable_patch(&\${1}_patch);
}

static void \${1}_exit(void)
{
}

module_init(\${1}_init);
module_exit(\${1}_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
$0`;

const OBJECT = `{
\t.name = "\${1:target_module}",
\t.funcs = \${2:funcs},
\t.callbacks = {
\t\t.pre_patch = \${3:\${1}_pre_patch},
\t\t.post_patch = \${4:\${1}_post_patch},
\t\t.pre_unpatch = \${5:\${1}_pre_unpatch},
\t\t.post_unpatch = \${6:\${1}_post_unpatch},
\t},
},$0`;

/** The text a snippet inserts when every placeholder keeps its default (a `${n}` repeats n's default). */
export function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  let text = body;
  // Innermost placeholders first, so `${3:${1}_pre_patch}` sees 1's default.
  for (let guard = 0; guard < 10 && /\$\{\d+(:[^{}]*)?\}/.test(text); guard++) {
    text = text.replace(/\$\{(\d+):([^{}]*)\}/g, (_, n: string, value: string) => {
      if (!defaults.has(n)) defaults.set(n, value);
      return value;
    });
    text = text.replace(/\$\{(\d+)\}/g, (whole, n: string) => defaults.get(n) ?? whole);
  }
  return text.replace(/\$0/g, '');
}

export const SNIPPETS: readonly Snippet[] = [
  {
    label: 'livepatch module with callbacks',
    detail: 'A whole livepatch module: one replaced function, the four callbacks, init and exit',
    site: 'top-level',
    struct: 'klp_patch',
    body: MODULE,
    preview: expandSnippet(MODULE),
  },
  {
    label: 'klp_object with callbacks',
    detail: 'An objs[] element for a target module with the four callbacks',
    site: 'element',
    struct: 'klp_object',
    body: OBJECT,
    preview: expandSnippet(OBJECT),
  },
];
