// SPDX-License-Identifier: GPL-2.0-only
/*
 * livepatch-callbacks-demo.c - all four callbacks on two objects, written in the objs[] initializer.
 *
 * vmlinux:      /proc/cmdline is replaced; pre_patch allocates the read counter the new function
 *               uses, post_patch turns reporting on, pre_unpatch turns it off, post_unpatch frees.
 * demo_target:  the module's demo_target_work() is replaced; its state is allocated before the
 *               module's code is patched and freed after it is unpatched.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#define TARGET_MODULE "demo_target"
#define TARGET_SLOTS 64

struct cmdline_stats {
	atomic_t reads;
};

struct target_state {
	unsigned long *busy;
	atomic_t calls;
};

static struct cmdline_stats *stats;
static struct target_state *target;
static bool report_reads;
static bool count_calls;

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	if (READ_ONCE(report_reads))
		atomic_inc(&stats->reads);
	seq_printf(m, "%s\n", "this has been live patched");
	return 0;
}

static int livepatch_demo_target_work(unsigned int slot)
{
	if (slot >= TARGET_SLOTS)
		return -EINVAL;
	if (READ_ONCE(count_calls))
		atomic_inc(&target->calls);
	set_bit(slot, target->busy);
	return 0;
}

static int vmlinux_pre_patch(struct klp_object *obj)
{
	stats = kzalloc(sizeof(*stats), GFP_KERNEL);
	if (!stats)
		return -ENOMEM;
	return 0;
}

static void vmlinux_post_patch(struct klp_object *obj)
{
	WRITE_ONCE(report_reads, true);
}

static void vmlinux_pre_unpatch(struct klp_object *obj)
{
	WRITE_ONCE(report_reads, false);
}

static void vmlinux_post_unpatch(struct klp_object *obj)
{
	if (!stats)
		return;
	pr_info("/proc/cmdline was read %d times while patched\n", atomic_read(&stats->reads));
	kfree(stats);
	stats = NULL;
}

static int target_pre_patch(struct klp_object *obj)
{
	target = kzalloc(sizeof(*target), GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	target->busy = bitmap_zalloc(TARGET_SLOTS, GFP_KERNEL);
	if (!target->busy) {
		kfree(target);
		target = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void target_post_patch(struct klp_object *obj)
{
	WRITE_ONCE(count_calls, true);
}

static void target_pre_unpatch(struct klp_object *obj)
{
	WRITE_ONCE(count_calls, false);
}

static void target_post_unpatch(struct klp_object *obj)
{
	if (!target)
		return;
	bitmap_free(target->busy);
	kfree(target);
	target = NULL;
}

static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
	},
	{ }
};

static struct klp_func target_funcs[] = {
	{
		.old_name = "demo_target_work",
		.new_func = livepatch_demo_target_work,
	},
	{ }
};

static struct klp_object objs[] = {
	{
		.name = NULL,	/* vmlinux */
		.funcs = vmlinux_funcs,
		.callbacks = {
			.pre_patch = vmlinux_pre_patch,
			.post_patch = vmlinux_post_patch,
			.pre_unpatch = vmlinux_pre_unpatch,
			.post_unpatch = vmlinux_post_unpatch,
		},
	}, {
		.name = TARGET_MODULE,
		.funcs = target_funcs,
		.callbacks = {
			.pre_patch = target_pre_patch,
			.post_patch = target_post_patch,
			.pre_unpatch = target_pre_unpatch,
			.post_unpatch = target_post_unpatch,
		},
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_callbacks_demo_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_callbacks_demo_exit(void)
{
}

module_init(livepatch_callbacks_demo_init);
module_exit(livepatch_callbacks_demo_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("Livepatch with (un)patch callbacks on vmlinux and on a module");
