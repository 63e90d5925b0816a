// SPDX-License-Identifier: GPL-2.0-only
/*
 * clean-counter.c - an end-to-end test fixture: a vmlinux object whose pre_patch allocates the
 * counter the replacement function uses and whose post_unpatch frees it.
 */
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

static atomic_t *uptime_reads;

static int livepatch_uptime_proc_show(struct seq_file *m, void *v)
{
	atomic_inc(uptime_reads);
	seq_puts(m, "uptime is live patched\n");
	return 0;
}

static int counter_pre_patch(struct klp_object *obj)
{
	uptime_reads = kzalloc(sizeof(*uptime_reads), GFP_KERNEL);
	if (!uptime_reads)
		return -ENOMEM;
	return 0;
}

static void counter_post_unpatch(struct klp_object *obj)
{
	kfree(uptime_reads);
	uptime_reads = NULL;
}

static struct klp_func funcs[] = {
	{
		.old_name = "uptime_proc_show",
		.new_func = livepatch_uptime_proc_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
		.callbacks = {
			.pre_patch = counter_pre_patch,
			.post_unpatch = counter_post_unpatch,
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
