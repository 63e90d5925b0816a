// SPDX-License-Identifier: GPL-2.0-only
/*
 * kpatch-callbacks.c - a kpatch source file with the kpatch callback macros. kpatch-build turns
 * the changed functions of this file into the patch; the macros register the callbacks of the
 * object this file belongs to (vmlinux here).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "kpatch-macros.h"

struct meminfo_extra {
	unsigned long reported;
};

static struct meminfo_extra *extra;
static bool extra_enabled;

static int meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "MemTotal:       %8lu kB\n", totalram_pages() << (PAGE_SHIFT - 10));
	if (READ_ONCE(extra_enabled)) {
		extra->reported++;
		seq_printf(m, "Kpatched:       %8lu\n", extra->reported);
	}
	return 0;
}

static int meminfo_pre_patch(patch_object *obj)
{
	extra = kzalloc(sizeof(*extra), GFP_KERNEL);
	if (!extra)
		return -ENOMEM;
	return 0;
}

static void meminfo_post_patch(patch_object *obj)
{
	WRITE_ONCE(extra_enabled, true);
}

static void meminfo_pre_unpatch(patch_object *obj)
{
	WRITE_ONCE(extra_enabled, false);
}

static void meminfo_post_unpatch(patch_object *obj)
{
	kfree(extra);
	extra = NULL;
}

KPATCH_PRE_PATCH_CALLBACK(meminfo_pre_patch);
KPATCH_POST_PATCH_CALLBACK(meminfo_post_patch);
KPATCH_PRE_UNPATCH_CALLBACK(meminfo_pre_unpatch);
KPATCH_POST_UNPATCH_CALLBACK(meminfo_post_unpatch);
