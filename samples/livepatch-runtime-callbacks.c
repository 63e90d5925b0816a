// SPDX-License-Identifier: GPL-2.0-only
/*
 * livepatch-runtime-callbacks.c - callbacks wired at run time in module_init, before
 * klp_enable_patch(): through the objs[] array, through a pointer, and by copying a
 * const struct klp_callbacks into the module's object.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#define UPTIME_BUF_LEN 64

static char *uptime_note;
static bool show_note;
static bool probing;

static int livepatch_uptime_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "0.00 0.00\n");
	if (READ_ONCE(show_note))
		seq_printf(m, "%s\n", uptime_note);
	return 0;
}

static int livepatch_probe_device(unsigned int id)
{
	if (READ_ONCE(probing))
		pr_debug("probing device %u with the patched code\n", id);
	return 0;
}

static int uptime_pre_patch(struct klp_object *obj)
{
	uptime_note = kstrdup("uptime is live patched", GFP_KERNEL);
	if (!uptime_note)
		return -ENOMEM;
	return 0;
}

static void uptime_post_patch(struct klp_object *obj)
{
	WRITE_ONCE(show_note, true);
}

static void uptime_pre_unpatch(struct klp_object *obj)
{
	WRITE_ONCE(show_note, false);
}

static void uptime_post_unpatch(struct klp_object *obj)
{
	kfree(uptime_note);
	uptime_note = NULL;
}

static void probe_post_patch(struct klp_object *obj)
{
	WRITE_ONCE(probing, true);
}

static void probe_pre_unpatch(struct klp_object *obj)
{
	WRITE_ONCE(probing, false);
}

static const struct klp_callbacks probe_callbacks = {
	.post_patch = probe_post_patch,
	.pre_unpatch = probe_pre_unpatch,
};

static struct klp_func uptime_funcs[] = {
	{
		.old_name = "uptime_proc_show",
		.new_func = livepatch_uptime_proc_show,
	},
	{ }
};

static struct klp_func probe_funcs[] = {
	{
		.old_name = "demo_probe_device",
		.new_func = livepatch_probe_device,
	},
	{ }
};

static struct klp_object objs[] = {
	{
		.name = NULL,
		.funcs = uptime_funcs,
	}, {
		.name = "demo_probe",
		.funcs = probe_funcs,
	},
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_runtime_callbacks_init(void)
{
	struct klp_object *vmlinux = &objs[0];

	objs[0].callbacks.pre_patch = uptime_pre_patch;
	objs[0].callbacks.post_unpatch = uptime_post_unpatch;
	vmlinux->callbacks.post_patch = uptime_post_patch;
	vmlinux->callbacks.pre_unpatch = uptime_pre_unpatch;
	objs[1].callbacks = probe_callbacks;

	return klp_enable_patch(&patch);
}

static void livepatch_runtime_callbacks_exit(void)
{
}

module_init(livepatch_runtime_callbacks_init);
module_exit(livepatch_runtime_callbacks_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("Livepatch whose callbacks are assigned before klp_enable_patch()");
