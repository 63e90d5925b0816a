// SPDX-License-Identifier: GPL-2.0-only
/*
 * broken-tables.c - BUGGY on purpose: a livepatch for vmlinux and two modules whose tables are
 * wrong in every way the kernel cares about. Each planted bug is marked `expect:` on the line
 * where it is reported.
 *
 * Planted bugs:
 *   - vmlinux-name: the kernel object is named "vmlinux", so the kernel waits for a module of
 *     that name and never patches anything in it.
 *   - missing-terminator: the funcs array of the usb_helper object has no { } at its end.
 *   - missing-funcs: the callback-only object for "sound_helper" has no .funcs at all.
 *   - duplicate-object: "usb_helper" is listed twice.
 *   - callback-signature: the usb_helper pre_patch returns void, so enabling succeeds or fails
 *     depending on a stale register.
 *   - undefined-callback: sound_helper's post_unpatch names a function that does not exist.
 *   - state-id-zero: the first klp_state has id 0, which ends the states array.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>

#define USB_QUIRK_STATE 0

static int livepatch_cmdline_show(struct seq_file *m, void *v)
{
	seq_puts(m, "patched\n");
	return 0;
}

static int livepatch_usb_probe(void *intf)
{
	return -ENODEV;
}

static int livepatch_usb_resume(void *intf)
{
	return 0;
}

static void usb_pre_patch(struct klp_object *obj)
{
	pr_info("broken-tables: patching %s\n", obj->name);
}

static int sound_pre_patch(struct klp_object *obj)
{
	pr_info("broken-tables: patching %s\n", obj->name);
	return 0;
}

static struct klp_func vmlinux_funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = livepatch_cmdline_show },
	{ }
};

static struct klp_func usb_funcs[] = {
	{ .old_name = "usb_probe_interface", .new_func = livepatch_usb_probe },
	{ .old_name = "usb_resume_interface", .new_func = livepatch_usb_resume }, /* expect: missing-terminator */
};

static struct klp_object objs[] = {
	{
		.name = "vmlinux", /* expect: vmlinux-name */
		.funcs = vmlinux_funcs,
	},
	{
		.name = "usb_helper",
		.funcs = usb_funcs,
		.callbacks = {
			.pre_patch = usb_pre_patch, /* expect: callback-signature */
		},
	},
	{
		.name = "sound_helper", /* expect: missing-funcs */
		.callbacks = {
			.pre_patch = sound_pre_patch,
			.post_unpatch = sound_post_unpach, /* expect: undefined-callback */
		},
	},
	{
		.name = "usb_helper", /* expect: duplicate-object */
		.funcs = usb_funcs,
	},
	{ }
};

static struct klp_state states[] = {
	{ .id = USB_QUIRK_STATE, .version = 1 }, /* expect: state-id-zero */
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.states = states,
};

static int broken_tables_init(void)
{
	return klp_enable_patch(&patch);
}

static void broken_tables_exit(void)
{
}

module_init(broken_tables_init);
module_exit(broken_tables_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
