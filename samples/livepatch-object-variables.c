// SPDX-License-Identifier: GPL-2.0-only
/*
 * livepatch-object-variables.c - each object is a const variable of its own, listed by name in
 * objs[]: vmlinux (loadavg) and the demo_cache module. GCC accepts a const object as an
 * initializer element of a static array.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#define CACHE_ENTRY_SHADOW_ID 2

static unsigned long *loadavg_samples;
static bool sampling;

static int livepatch_loadavg_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "0.00 0.00 0.00 1/1 1\n");
	if (READ_ONCE(sampling))
		loadavg_samples[0]++;
	return 0;
}

static void *livepatch_demo_cache_lookup(void *entry)
{
	unsigned int *hits;

	hits = klp_shadow_get_or_alloc(entry, CACHE_ENTRY_SHADOW_ID, sizeof(*hits), GFP_ATOMIC, NULL, NULL);
	if (hits)
		(*hits)++;
	return entry;
}

static int loadavg_pre_patch(struct klp_object *obj)
{
	loadavg_samples = kcalloc(1, sizeof(*loadavg_samples), GFP_KERNEL);
	if (!loadavg_samples)
		return -ENOMEM;
	return 0;
}

static void loadavg_post_patch(struct klp_object *obj)
{
	WRITE_ONCE(sampling, true);
}

static void loadavg_pre_unpatch(struct klp_object *obj)
{
	WRITE_ONCE(sampling, false);
}

static void loadavg_post_unpatch(struct klp_object *obj)
{
	kfree(loadavg_samples);
	loadavg_samples = NULL;
}

static int cache_pre_patch(struct klp_object *obj)
{
	pr_info("counting lookups in %s\n", obj->name);
	return 0;
}

static void cache_post_unpatch(struct klp_object *obj)
{
	klp_shadow_free_all(CACHE_ENTRY_SHADOW_ID, NULL);
}

static struct klp_func loadavg_funcs[] = {
	{
		.old_name = "loadavg_proc_show",
		.new_func = livepatch_loadavg_proc_show,
	},
	{ }
};

static struct klp_func cache_funcs[] = {
	{
		.old_name = "demo_cache_lookup",
		.new_func = livepatch_demo_cache_lookup,
	},
	{ }
};

static const struct klp_object vmlinux_object = {
	.name = NULL,
	.funcs = loadavg_funcs,
	.callbacks = {
		.pre_patch = loadavg_pre_patch,
		.post_patch = loadavg_post_patch,
		.pre_unpatch = loadavg_pre_unpatch,
		.post_unpatch = loadavg_post_unpatch,
	},
};

static const struct klp_object cache_object = {
	.name = "demo_cache",
	.funcs = cache_funcs,
	.callbacks = {
		.pre_patch = cache_pre_patch,
		.post_unpatch = cache_post_unpatch,
	},
};

static struct klp_object objs[] = { vmlinux_object, cache_object, { } };

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_object_variables_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_object_variables_exit(void)
{
}

module_init(livepatch_object_variables_init);
module_exit(livepatch_object_variables_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("Livepatch whose objects are variables of their own");
