// SPDX-License-Identifier: GPL-2.0-only
/*
 * config-callbacks.c - BUGGY on purpose: the callbacks of a livepatch for the module demo_trace
 * are chosen by a kernel config option, and the branch for the rarely built configuration does
 * not compile. Each planted bug is marked `expect:` on the line where it is reported.
 *
 * Planted bugs:
 *   - broken-declaration: under CONFIG_DEMO_TRACE_EVENTS the struct klp_callbacks variable is
 *     written without '=' before its initializer, so every build with that option fails. The
 *     callbacks are still read as meant, so the rest of the module is checked as usual.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>

static bool tracing;

static int livepatch_demo_trace_emit(int event)
{
	return READ_ONCE(tracing) ? event : 0;
}

static int trace_pre_patch(struct klp_object *obj)
{
	pr_info("preparing %s\n", obj->name);
	return 0;
}

static void trace_post_patch(struct klp_object *obj)
{
	WRITE_ONCE(tracing, true);
}

static void trace_pre_unpatch(struct klp_object *obj)
{
	WRITE_ONCE(tracing, false);
}

static void trace_post_unpatch(struct klp_object *obj)
{
	pr_info("%s is back to its own code\n", obj->name);
}

#ifdef CONFIG_DEMO_TRACE_EVENTS
static const struct klp_callbacks trace_callbacks { /* expect: broken-declaration */
	.pre_patch = trace_pre_patch,
	.post_patch = trace_post_patch,
	.pre_unpatch = trace_pre_unpatch,
	.post_unpatch = trace_post_unpatch,
};
#else
static const struct klp_callbacks trace_callbacks = {
	.pre_patch = trace_pre_patch,
	.post_unpatch = trace_post_unpatch,
};
#endif

static struct klp_func trace_funcs[] = {
	{
		.old_name = "demo_trace_emit",
		.new_func = livepatch_demo_trace_emit,
	},
	{ }
};

static struct klp_object objs[] = {
	{
		.name = "demo_trace",
		.funcs = trace_funcs,
		.callbacks = trace_callbacks,
	},
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_config_callbacks_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_config_callbacks_exit(void)
{
}

module_init(livepatch_config_callbacks_init);
module_exit(livepatch_config_callbacks_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("Livepatch whose callbacks depend on a config option");
