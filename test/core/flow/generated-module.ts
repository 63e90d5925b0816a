// Builds small livepatch modules around callback bodies, to exercise one table entry at a time.
import { analyzeText } from '../../../server/src/core/analyze';
import type { Rule } from '../../../server/src/core/rules/types';
import { engine } from '../../helpers';

export interface Bodies {
  init?: string;
  pre_patch?: string;
  post_patch?: string;
  pre_unpatch?: string;
  post_unpatch?: string;
}

/** Marks the line a test expects a finding on; `findingLines` reports lines 1-based. */
export const HERE = '/* here */';

const GLOBALS = `static DEFINE_SPINLOCK(demo_lock);
static DEFINE_SPINLOCK(other_lock);
static DEFINE_SPINLOCK(outer_lock);
static struct task_struct *demo_task;
static unsigned long flags;
static int idx;
static char *buffer;`;

/** A module registering all four callbacks on vmlinux, with the given bodies. */
export function livepatchModule(bodies: Bodies, helpers = ''): string {
  const body = (text = '') => text.replace(/^/gm, '\t');
  return `#include <linux/livepatch.h>
${GLOBALS}
${helpers}
static int demo_pre_patch(struct klp_object *obj)
{
${body(bodies.pre_patch)}
	return 0;
}
static void demo_post_patch(struct klp_object *obj)
{
${body(bodies.post_patch)}
}
static void demo_pre_unpatch(struct klp_object *obj)
{
${body(bodies.pre_unpatch)}
}
static void demo_post_unpatch(struct klp_object *obj)
{
${body(bodies.post_unpatch)}
}
static struct klp_func funcs[] = { { .old_name = "f", .new_func = demo_f }, { } };
static struct klp_object objs[] = {
	{
		.funcs = funcs,
		.callbacks = {
			.pre_patch = demo_pre_patch,
			.post_patch = demo_post_patch,
			.pre_unpatch = demo_pre_unpatch,
			.post_unpatch = demo_post_unpatch,
		},
	}, { }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
static int demo_init(void)
{
${body(bodies.init)}
	return klp_enable_patch(&patch);
}
module_init(demo_init);
`;
}

/** The 1-based lines of the `HERE` markers. */
export function markedLines(text: string): number[] {
  return text.split('\n').flatMap((line, index) => (line.includes(HERE) ? [index + 1] : []));
}

/** The 1-based lines of one rule's findings on the text. */
export async function findingLines(text: string, rule: Rule): Promise<number[]> {
  const { findings } = analyzeText(await engine(), 'generated.c', text, { check: { rules: [rule] } });
  return findings.map((f) => f.range.start.line + 1).sort((a, b) => a - b);
}

/** Example C arguments for the parameter names the lock table uses. */
const EXAMPLE_ARGUMENTS: Record<string, string> = {
  lock: '&demo_lock',
  task: 'demo_task',
  flags: 'flags',
  subclass: 'SINGLE_DEPTH_NESTING',
  nest: '&outer_lock',
  idx: 'idx',
  bitnum: '0',
  timeout: 'HZ',
};

/** `spin_lock_irqsave(&demo_lock, flags)` for a table call; `identity` replaces the lock argument. */
export function exampleCall(
  call: { name: string; params: readonly string[]; key: unknown },
  identity?: string,
): string {
  const args = call.params.map((param, index) => {
    const example = identity !== undefined && index === call.key ? identity : EXAMPLE_ARGUMENTS[param];
    if (example === undefined)
      throw new Error(`no example argument for parameter '${param}' of ${call.name}`);
    return example;
  });
  return `${call.name}(${args.join(', ')})`;
}
