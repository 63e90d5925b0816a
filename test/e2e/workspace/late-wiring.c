// SPDX-License-Identifier: GPL-2.0-only
/*
 * late-wiring.c - an end-to-end fixture: its pre_patch is only declared here; the test writes the
 * file that defines it while VS Code runs, and the undefined-callback error must go away.
 */
#include <linux/livepatch.h>
#include <linux/module.h>

int late_pre_patch(struct klp_object *obj);

static void late_post_unpatch(struct klp_object *obj)
{
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = late_cmdline_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		.funcs = funcs,
		.callbacks = {
			.pre_patch = late_pre_patch,
			.post_unpatch = late_post_unpatch,
		},
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int late_init(void)
{
	return klp_enable_patch(&patch);
}

module_init(late_init);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
