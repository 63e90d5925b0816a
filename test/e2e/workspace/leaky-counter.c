// SPDX-License-Identifier: GPL-2.0-only
/*
 * leaky-counter.c - an end-to-end test fixture with a planted bug: pre_patch allocates a counter
 * but no post_unpatch is registered to free it, so every disable leaks it (asymmetric-pair).
 */
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

static atomic_t *loadavg_reads;

static int livepatch_loadavg_proc_show(struct seq_file *m, void *v)
{
	atomic_inc(loadavg_reads);
	seq_puts(m, "loadavg is live patched\n");
	return 0;
}

static int counter_pre_patch(struct klp_object *obj)
{
	loadavg_reads = kzalloc(sizeof(*loadavg_reads), GFP_KERNEL);
	if (!loadavg_reads)
		return -ENOMEM;
	return 0;
}

static void counter_post_unpatch(struct klp_object *obj)
{
	kfree(loadavg_reads);
	loadavg_reads = NULL;
}

static struct klp_func funcs[] = {
	{
		.old_name = "loadavg_proc_show",
		.new_func = livepatch_loadavg_proc_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
		.callbacks = {
			.pre_patch = counter_pre_patch,
		},
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_exit(void)
{
}

module_init(livepatch_init);
module_exit(livepatch_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
