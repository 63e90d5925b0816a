// SPDX-License-Identifier: GPL-2.0-only
/*
 * klp-build-callbacks.c - a source file patched with upstream klp-build (v6.19+), registering
 * the object's callbacks with the KLP_*_CALLBACK macros of <linux/livepatch_helpers.h>.
 * klp-build patches replace the installed ones (atomic replace), so these callbacks set up and
 * tear down everything they rely on themselves.
 */
#include <linux/kernel.h>
#include <linux/livepatch_helpers.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

static char *banner;
static bool banner_shown;

static int version_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "Linux version (klp-build)\n");
	if (READ_ONCE(banner_shown))
		seq_printf(m, "%s\n", banner);
	return 0;
}

static int banner_pre_patch(struct klp_object *obj)
{
	banner = kasprintf(GFP_KERNEL, "patched by %s", THIS_MODULE->name);
	if (!banner)
		return -ENOMEM;
	return 0;
}

static void banner_post_patch(struct klp_object *obj)
{
	WRITE_ONCE(banner_shown, true);
}

static void banner_pre_unpatch(struct klp_object *obj)
{
	WRITE_ONCE(banner_shown, false);
}

static void banner_post_unpatch(struct klp_object *obj)
{
	kfree(banner);
	banner = NULL;
}

KLP_PRE_PATCH_CALLBACK(banner_pre_patch);
KLP_POST_PATCH_CALLBACK(banner_post_patch);
KLP_PRE_UNPATCH_CALLBACK(banner_pre_unpatch);
KLP_POST_UNPATCH_CALLBACK(banner_post_unpatch);
