// SPDX-License-Identifier: GPL-2.0-only
/*
 * leaky-probe.c - BUGGY on purpose: a livepatch that counts open() calls per file with a kprobe
 * and a shadow variable. Each planted bug is marked `expect:` on the line where it is reported.
 *
 * Planted bugs:
 *   - pre-patch-partial-cleanup: when the histogram allocation fails, pre_patch returns -ENOMEM
 *     with the kprobe still registered; post_unpatch will not run, so it stays registered and
 *     calls into this module after it is unloaded.
 *   - unpaired-resource: post_unpatch frees the histogram but never unregisters the kprobe.
 *   - shadow-unchecked-alloc: the patched function dereferences klp_shadow_get_or_alloc()'s
 *     result without a NULL check (GFP_ATOMIC allocations do fail).
 *   - init-partial-cleanup: module_init creates the /sys/kernel/leaky_probe kobject and then
 *     returns klp_enable_patch()'s result; when the enable fails (pre_patch returning -ENOMEM is
 *     enough) the module is not loaded, module_exit never runs and the kobject stays behind.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/kobject.h>
#include <linux/livepatch.h>
#include <linux/slab.h>
#include <linux/fs.h>

#define SV_OPEN_COUNT 0x4f50

static unsigned long *histogram;

static int open_pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	if (histogram)
		histogram[smp_processor_id() % 64]++;
	return 0;
}

static struct kprobe open_probe = {
	.symbol_name = "do_filp_open",
	.pre_handler = open_pre_handler,
};

static int livepatch_file_open(struct inode *inode, struct file *file)
{
	unsigned int *count;

	count = klp_shadow_get_or_alloc(file, SV_OPEN_COUNT, sizeof(*count), GFP_ATOMIC, NULL, NULL);
	(*count)++; /* expect: shadow-unchecked-alloc */
	return 0;
}

static int probe_pre_patch(struct klp_object *obj)
{
	int ret;

	ret = register_kprobe(&open_probe); /* expect: unpaired-resource */
	if (ret < 0) {
		pr_err("leaky-probe: register_kprobe failed: %d\n", ret);
		return ret;
	}
	histogram = kcalloc(64, sizeof(*histogram), GFP_KERNEL);
	if (!histogram)
		return -ENOMEM; /* expect: pre-patch-partial-cleanup */
	return 0;
}

static void probe_post_unpatch(struct klp_object *obj)
{
	kfree(histogram);
	histogram = NULL;
	klp_shadow_free_all(SV_OPEN_COUNT, NULL);
}

static struct klp_func funcs[] = {
	{
		.old_name = "generic_file_open",
		.new_func = livepatch_file_open,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
		.callbacks = {
			.pre_patch = probe_pre_patch,
			.post_unpatch = probe_post_unpatch,
		},
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static struct kobject *leaky_probe_kobj;

static int leaky_probe_init(void)
{
	leaky_probe_kobj = kobject_create_and_add("leaky_probe", kernel_kobj);
	if (!leaky_probe_kobj)
		return -ENOMEM;
	return klp_enable_patch(&patch); /* expect: init-partial-cleanup */
}

static void leaky_probe_exit(void)
{
	kobject_put(leaky_probe_kobj);
}

module_init(leaky_probe_init);
module_exit(leaky_probe_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
