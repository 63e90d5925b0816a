// SPDX-License-Identifier: GPL-2.0
/*
 * oracle-livepatch.c without the oracle_busy object (copied as oracle-patch-nobusy.c): the same
 * callbacks on vmlinux and oracle_target, but it replaces no function, so it can sit on top of a
 * patch whose transition a task holds open without taking the held function over.
 */
#define pr_fmt(fmt) "klp_oracle: " fmt

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

static struct klp_func no_funcs[] = {
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
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int oracle_livepatch_nobusy_init(void)
{
	if (replace >= 0)
		patch.replace = replace;
	return klp_enable_patch(&patch);
}

static void oracle_livepatch_nobusy_exit(void)
{
}

module_init(oracle_livepatch_nobusy_init);
module_exit(oracle_livepatch_nobusy_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klp-callbacks oracle livepatch: reports every callback, replaces nothing");
MODULE_INFO(livepatch, "Y");
