// SPDX-License-Identifier: GPL-2.0-only
/*
 * kpatch-double-callback.c - BUGGY on purpose: a kpatch source file with two pre-patch macros
 * and a post-unpatch hook of the wrong type. Each planted bug is marked `expect:` on the line
 * where it is reported.
 *
 * Planted bugs:
 *   - duplicate-macro-callback: a second KPATCH_PRE_PATCH_CALLBACK for the same object; there
 *     is one pre_patch slot, so kpatch-build refuses the file (or one check never runs).
 *   - callback-signature: the post-unpatch callback returns int; the kernel calls it as void.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include "kpatch-macros.h"

static bool quirk_applied;

static int check_cpu_model(patch_object *obj)
{
	if (boot_cpu_data.x86_model == 0)
		return -ENODEV;
	return 0;
}

static int check_no_rt(patch_object *obj)
{
	if (IS_ENABLED(CONFIG_PREEMPT_RT))
		return -EOPNOTSUPP;
	return 0;
}

static void quirk_post_patch(patch_object *obj)
{
	WRITE_ONCE(quirk_applied, true);
}

static void quirk_pre_unpatch(patch_object *obj)
{
	WRITE_ONCE(quirk_applied, false);
}

static int quirk_post_unpatch(patch_object *obj)
{
	pr_info("kpatch-double-callback: quirk removed\n");
	return 0;
}

KPATCH_PRE_PATCH_CALLBACK(check_cpu_model);
KPATCH_PRE_PATCH_CALLBACK(check_no_rt); /* expect: duplicate-macro-callback */
KPATCH_POST_PATCH_CALLBACK(quirk_post_patch);
KPATCH_PRE_UNPATCH_CALLBACK(quirk_pre_unpatch);
KPATCH_POST_UNPATCH_CALLBACK(quirk_post_unpatch); /* expect: callback-signature */
