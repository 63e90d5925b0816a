// SPDX-License-Identifier: GPL-2.0
/*
 * A broken livepatch for the klp-callbacks oracle: its oracle_target object has callbacks
 * but no .funcs (copied as oracle-patch-nofuncs-module.c).
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

static void post_unpatch_target(struct klp_object *obj)
{
	pr_info("%s: post_unpatch oracle_target %s fn=%s\n", KBUILD_MODNAME,
		obj->mod->state == MODULE_STATE_GOING ? "GOING" : "LIVE", __func__);
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
		.callbacks = {
			.pre_patch = pre_patch_target,
			.post_unpatch = post_unpatch_target,
		},
	},
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int oracle_livepatch_nofuncs_module_init(void)
{
	return klp_enable_patch(&patch);
}

static void oracle_livepatch_nofuncs_module_exit(void)
{
}

module_init(oracle_livepatch_nofuncs_module_init);
module_exit(oracle_livepatch_nofuncs_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klp-callbacks oracle livepatch with an object lacking .funcs");
MODULE_INFO(livepatch, "Y");
