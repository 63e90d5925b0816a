// SPDX-License-Identifier: GPL-2.0-only
/*
 * thread-watchdog.c - BUGGY on purpose: a livepatch for a driver module that starts a watchdog
 * thread once the driver is patched. Each planted bug is marked `expect:` where it is reported.
 *
 * Planted bugs:
 *   - lock-across-callbacks: pre_patch takes the driver's config mutex and only post_patch
 *     releases it; when the enable is cancelled, post_patch never runs and the mutex stays held.
 *   - asymmetric-pair: post_patch starts the watchdog and enables a static key, and there is no
 *     pre_unpatch to undo that when the patch is disabled.
 *   - post-unpatch-assumes-post-patch: post_unpatch stops the watchdog thread that only
 *     post_patch starts; after a cancelled enable (a later object's pre_patch failing) it calls
 *     kthread_stop() on a thread that never existed.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/livepatch.h>
#include <linux/delay.h>
#include <linux/jump_label.h>

static DEFINE_MUTEX(wd_config_lock);
static DEFINE_STATIC_KEY_FALSE(wd_fast_reset);
static struct task_struct *wd_thread;

static int livepatch_wd_reset(struct device *dev)
{
	if (static_branch_likely(&wd_fast_reset))
		return 0;
	return -EAGAIN;
}

static int wd_main(void *data)
{
	while (!kthread_should_stop())
		msleep_interruptible(500);
	return 0;
}

static int wd_pre_patch(struct klp_object *obj)
{
	mutex_lock(&wd_config_lock); /* expect: lock-across-callbacks */
	pr_info("thread-watchdog: %s is being patched\n", obj->name);
	return 0;
}

static void wd_post_patch(struct klp_object *obj)
{
	wd_thread = kthread_run(wd_main, NULL, "klp-watchdog");
	static_branch_enable(&wd_fast_reset);
	mutex_unlock(&wd_config_lock);
}

static void wd_post_unpatch(struct klp_object *obj)
{
	kthread_stop(wd_thread); /* expect: post-unpatch-assumes-post-patch */
	wd_thread = NULL;
}

static struct klp_func funcs[] = {
	{
		.old_name = "wd_hw_reset",
		.new_func = livepatch_wd_reset,
	}, { }
};

static struct klp_object objs[] = {
	{
		.name = "wd_driver",
		.funcs = funcs,
		.callbacks = {
			.pre_patch = wd_pre_patch,
			.post_patch = wd_post_patch, /* expect: asymmetric-pair */
			.post_unpatch = wd_post_unpatch,
		},
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int thread_watchdog_init(void)
{
	return klp_enable_patch(&patch);
}

static void thread_watchdog_exit(void)
{
}

module_init(thread_watchdog_init);
module_exit(thread_watchdog_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
