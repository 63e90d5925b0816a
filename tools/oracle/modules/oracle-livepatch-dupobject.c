// SPDX-License-Identifier: GPL-2.0
/*
 * A broken livepatch for the klp-callbacks oracle (copied as oracle-patch-dupobject.c): two
 * objects name the same module, oracle_target.
 */
#define pr_fmt(fmt) "klp_oracle: " fmt

#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>

static int pre_patch_vmlinux(struct klp_object *obj)
{
	pr_info("%s: pre_patch vmlinux fn=%s ret=0\n", KBUILD_MODNAME, __func__);
	return 0;
}

static void post_unpatch_vmlinux(struct klp_object *obj)
{
	pr_info("%s: post_unpatch vmlinux fn=%s\n", KBUILD_MODNAME, __func__);
}

static int pre_patch_target(struct klp_object *obj)
{
	pr_info("%s: pre_patch oracle_target %s fn=%s ret=0\n", KBUILD_MODNAME,
		obj->mod->state == MODULE_STATE_COMING ? "COMING" : "LIVE", __func__);
	return 0;
}

static int pre_patch_target_again(struct klp_object *obj)
{
	pr_info("%s: pre_patch oracle_target %s fn=%s ret=0\n", KBUILD_MODNAME,
		obj->mod->state == MODULE_STATE_COMING ? "COMING" : "LIVE", __func__);
	return 0;
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
			.post_unpatch = post_unpatch_vmlinux,
		},
	},
	{
		.name = "oracle_target",
		.funcs = no_funcs,
		.callbacks = {
			.pre_patch = pre_patch_target,
		},
	},
	{
		.name = "oracle_target",
		.funcs = no_funcs,
		.callbacks = {
			.pre_patch = pre_patch_target_again,
		},
	},
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int oracle_livepatch_dupobject_init(void)
{
	return klp_enable_patch(&patch);
}

static void oracle_livepatch_dupobject_exit(void)
{
}

module_init(oracle_livepatch_dupobject_init);
module_exit(oracle_livepatch_dupobject_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klp-callbacks oracle livepatch with two objects for one module");
MODULE_INFO(livepatch, "Y");
