// SPDX-License-Identifier: GPL-2.0
/*
 * A livepatch for the klp-callbacks oracle: every callback on every object prints one
 * parseable line, and pre_patch returns a per-object module parameter, so a scenario can make
 * any object refuse. The harness copies this file under the names it loads it as
 * (oracle-patch-a.c, oracle-patch-b.c): the patch name is the module name.
 *
 * Objects: vmlinux and oracle_target carry all four callbacks and patch nothing; oracle_busy
 * has no callbacks and replaces oracle_busy_wait(), so a task sleeping in that function can
 * hold a transition open (see oracle-busy.c).
 */
#define pr_fmt(fmt) "klp_oracle: " fmt

#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>

static int pre_patch_ret_vmlinux;
module_param(pre_patch_ret_vmlinux, int, 0644);
MODULE_PARM_DESC(pre_patch_ret_vmlinux, "What pre_patch returns for vmlinux");

static int pre_patch_ret_oracle_target;
module_param(pre_patch_ret_oracle_target, int, 0644);
MODULE_PARM_DESC(pre_patch_ret_oracle_target, "What pre_patch returns for oracle_target");

static int replace = -1;
module_param(replace, int, 0444);
MODULE_PARM_DESC(replace, "Override klp_patch.replace when 0 or 1");

static bool hold;
module_param(hold, bool, 0644);
MODULE_PARM_DESC(hold, "Keep callers of the new oracle_busy_wait() sleeping in it");

static bool waiting;
module_param(waiting, bool, 0444);
MODULE_PARM_DESC(waiting, "Whether a task sleeps in the new oracle_busy_wait() now");

static const char *object_state(struct klp_object *obj)
{
	if (!obj->mod)
		return "";
	switch (obj->mod->state) {
	case MODULE_STATE_LIVE:
		return " LIVE";
	case MODULE_STATE_COMING:
		return " COMING";
	case MODULE_STATE_GOING:
		return " GOING";
	default:
		return " UNFORMED";
	}
}

static void report(const char *callback, struct klp_object *obj, const char *fn)
{
	pr_info("%s: %s %s%s fn=%s\n", KBUILD_MODNAME, callback, obj->name ? obj->name : "vmlinux",
		object_state(obj), fn);
}

static int report_pre_patch(struct klp_object *obj, const char *fn, int ret)
{
	pr_info("%s: pre_patch %s%s fn=%s ret=%d\n", KBUILD_MODNAME,
		obj->name ? obj->name : "vmlinux", object_state(obj), fn, ret);
	return ret;
}

static int pre_patch_vmlinux(struct klp_object *obj)
{
	return report_pre_patch(obj, __func__, pre_patch_ret_vmlinux);
}

static void post_patch_vmlinux(struct klp_object *obj)
{
	report("post_patch", obj, __func__);
}

static void pre_unpatch_vmlinux(struct klp_object *obj)
{
	report("pre_unpatch", obj, __func__);
}

static void post_unpatch_vmlinux(struct klp_object *obj)
{
	report("post_unpatch", obj, __func__);
}

static int pre_patch_target(struct klp_object *obj)
{
	return report_pre_patch(obj, __func__, pre_patch_ret_oracle_target);
}

static void post_patch_target(struct klp_object *obj)
{
	report("post_patch", obj, __func__);
}

static void pre_unpatch_target(struct klp_object *obj)
{
	report("pre_unpatch", obj, __func__);
}

static void post_unpatch_target(struct klp_object *obj)
{
	report("post_unpatch", obj, __func__);
}

/* Replaces oracle_busy_wait(): sleeping here holds an unpatching transition open. */
static void livepatch_oracle_busy_wait(void)
{
	while (READ_ONCE(hold)) {
		WRITE_ONCE(waiting, true);
		msleep(20);
	}
	WRITE_ONCE(waiting, false);
}

static struct klp_func no_funcs[] = {
	{ }
};

static struct klp_func busy_funcs[] = {
	{
		.old_name = "oracle_busy_wait",
		.new_func = livepatch_oracle_busy_wait,
	},
	{ }
};

static struct klp_object objs[] = {
	{
		.name = NULL,
		.funcs = no_funcs,
		.callbacks = {
			.pre_patch = pre_patch_vmlinux,
			.post_patch = post_patch_vmlinux,
			.pre_unpatch = pre_unpatch_vmlinux,
			.post_unpatch = post_unpatch_vmlinux,
		},
	},
	{
		.name = "oracle_target",
		.funcs = no_funcs,
		.callbacks = {
			.pre_patch = pre_patch_target,
			.post_patch = post_patch_target,
			.pre_unpatch = pre_unpatch_target,
			.post_unpatch = post_unpatch_target,
		},
	},
	{
		.name = "oracle_busy",
		.funcs = busy_funcs,
	},
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int oracle_livepatch_init(void)
{
	if (replace >= 0)
		patch.replace = replace;
	return klp_enable_patch(&patch);
}

static void oracle_livepatch_exit(void)
{
}

module_init(oracle_livepatch_init);
module_exit(oracle_livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klp-callbacks oracle livepatch: reports every callback");
MODULE_INFO(livepatch, "Y");
