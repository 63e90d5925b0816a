// SPDX-License-Identifier: GPL-2.0
/*
 * A vmlinux-only livepatch for the klp-callbacks oracle that declares one system state (id 1).
 * The harness copies it as oracle-patch-state-vN.c with the state's version set to N, to see
 * which patches the kernel lets in next to (or in place of) an installed state.
 */
#define pr_fmt(fmt) "klp_oracle: " fmt

#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>

static int pre_patch_ret_vmlinux;
module_param(pre_patch_ret_vmlinux, int, 0644);
MODULE_PARM_DESC(pre_patch_ret_vmlinux, "What pre_patch returns for vmlinux");

static int replace = -1;
module_param(replace, int, 0444);
MODULE_PARM_DESC(replace, "Override klp_patch.replace when 0 or 1");

static int pre_patch_vmlinux(struct klp_object *obj)
{
	pr_info("%s: pre_patch vmlinux fn=%s ret=%d\n", KBUILD_MODNAME, __func__, pre_patch_ret_vmlinux);
	return pre_patch_ret_vmlinux;
}

static void post_patch_vmlinux(struct klp_object *obj)
{
	pr_info("%s: post_patch vmlinux fn=%s\n", KBUILD_MODNAME, __func__);
}

static void pre_unpatch_vmlinux(struct klp_object *obj)
{
	pr_info("%s: pre_unpatch vmlinux fn=%s\n", KBUILD_MODNAME, __func__);
}

static void post_unpatch_vmlinux(struct klp_object *obj)
{
	pr_info("%s: post_unpatch vmlinux fn=%s\n", KBUILD_MODNAME, __func__);
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
	{ }
};

static struct klp_state states[] = {
	{
		.id = 1,
		.version = 1,
	},
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.states = states,
};

static int oracle_livepatch_state_init(void)
{
	if (replace >= 0)
		patch.replace = replace;
	return klp_enable_patch(&patch);
}

static void oracle_livepatch_state_exit(void)
{
}

module_init(oracle_livepatch_state_init);
module_exit(oracle_livepatch_state_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klp-callbacks oracle livepatch with a system state");
MODULE_INFO(livepatch, "Y");
