// SPDX-License-Identifier: GPL-2.0-only
/*
 * task-accounting.c - BUGGY on purpose: a livepatch that keeps per-task accounting in shadow
 * variables, attaching one to every existing task before the patch takes effect. Each planted bug
 * is marked `expect:` where it is reported.
 *
 * Planted bugs:
 *   - sleep-in-atomic: pre_patch walks every thread under read_lock(&tasklist_lock) and
 *     task_lock(), and allocates each shadow variable with GFP_KERNEL there: the allocation may
 *     sleep in atomic context ("BUG: sleeping function called from invalid context").
 *   - sleep-in-atomic: post_unpatch resets the totals through a helper that takes a mutex, and calls
 *     it under the same read lock.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#define SV_ACCT 0x61636374

struct task_acct {
	u64 runtime;
	u64 wakeups;
};

static DEFINE_MUTEX(acct_totals_lock);
static u64 acct_totals;

static void livepatch_account_wakeup(struct task_struct *p)
{
	struct task_acct *acct = klp_shadow_get(p, SV_ACCT);

	if (acct)
		acct->wakeups++;
}

static int acct_pre_patch(struct klp_object *obj)
{
	struct task_struct *g, *t;
	struct task_acct *acct;
	int ret = 0;

	read_lock(&tasklist_lock);
	for_each_process_thread(g, t) {
		task_lock(t);
		acct = klp_shadow_get_or_alloc(t, SV_ACCT, sizeof(*acct), GFP_KERNEL, NULL, NULL); /* expect: sleep-in-atomic */
		task_unlock(t);
		if (!acct) {
			ret = -ENOMEM;
			break;
		}
	}
	read_unlock(&tasklist_lock);
	if (ret)
		klp_shadow_free_all(SV_ACCT, NULL);
	return ret;
}

static void acct_reset_totals(void)
{
	mutex_lock(&acct_totals_lock);
	acct_totals = 0;
	mutex_unlock(&acct_totals_lock);
}

static void acct_post_unpatch(struct klp_object *obj)
{
	read_lock(&tasklist_lock);
	acct_reset_totals(); /* expect: sleep-in-atomic */
	read_unlock(&tasklist_lock);
	klp_shadow_free_all(SV_ACCT, NULL);
}

static struct klp_func funcs[] = {
	{ .old_name = "account_wakeup", .new_func = livepatch_account_wakeup },
	{ }
};

static struct klp_object objs[] = {
	{
		.funcs = funcs,
		.callbacks = {
			.pre_patch = acct_pre_patch,
			.post_unpatch = acct_post_unpatch,
		},
	},
	{ }
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
