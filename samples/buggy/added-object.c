// SPDX-License-Identifier: GPL-2.0-only
/*
 * added-object.c - BUGGY on purpose: a livepatch that patches vmlinux through objs[] and adds an
 * object for the module demo_cache later, through a klp_add_object() call of a proposed API that
 * mainline does not have. Each planted bug is marked `expect:` on the line where it is reported.
 *
 * Planted bugs:
 *   - unanalysed-callbacks (info): the added object's callbacks are in no objs[], so neither the
 *     lifecycle simulation nor the rules see them: in objs[], asymmetric-pair would report its
 *     post_patch without a pre_unpatch; outside it, only this note says it was not checked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/slab.h>

static void *cache_stats;

static int livepatch_cmdline_show(struct seq_file *m, void *v)
{
	seq_puts(m, "patched\n");
	return 0;
}

static int livepatch_demo_cache_lookup(int key)
{
	return key;
}

static void cache_post_patch(struct klp_object *obj)
{
	cache_stats = kzalloc(64, GFP_KERNEL);
}

static void cache_post_unpatch(struct klp_object *obj)
{
	kfree(cache_stats);
	cache_stats = NULL;
}

static struct klp_func vmlinux_funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = livepatch_cmdline_show },
	{ }
};

static struct klp_func cache_funcs[] = {
	{ .old_name = "demo_cache_lookup", .new_func = livepatch_demo_cache_lookup },
	{ }
};

static struct klp_object cache_obj = { /* expect: unanalysed-callbacks */
	.name = "demo_cache",
	.funcs = cache_funcs,
	.callbacks = {
		.post_patch = cache_post_patch,
		.post_unpatch = cache_post_unpatch,
	},
};

static struct klp_object objs[] = {
	{ .funcs = vmlinux_funcs },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_added_object_init(void)
{
	int ret = klp_enable_patch(&patch);

	if (ret)
		return ret;
	return klp_add_object(&patch, &cache_obj);
}

static void livepatch_added_object_exit(void)
{
}

module_init(livepatch_added_object_init);
module_exit(livepatch_added_object_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("Livepatch that adds an object through a proposed API");
