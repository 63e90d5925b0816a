// SPDX-License-Identifier: GPL-2.0
/*
 * The klp-callbacks oracle's busy module: a kernel thread calls oracle_busy_wait() over and
 * over. While the `hold` parameter is set, the thread stays asleep inside that function, so a
 * livepatch replacing it cannot finish a patching transition (the thread is on the old code);
 * the livepatch's own `hold` does the same for an unpatching transition (new code).
 */
#define pr_fmt(fmt) "klp_oracle: " fmt

#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/module.h>

static bool hold;
module_param(hold, bool, 0644);
MODULE_PARM_DESC(hold, "Keep the thread sleeping in oracle_busy_wait()");

static bool waiting;
module_param(waiting, bool, 0444);
MODULE_PARM_DESC(waiting, "Whether the thread sleeps in oracle_busy_wait() now");

static struct task_struct *thread;

noinline void oracle_busy_wait(void)
{
	while (READ_ONCE(hold)) {
		WRITE_ONCE(waiting, true);
		msleep(20);
	}
	WRITE_ONCE(waiting, false);
}

static int oracle_busy_thread(void *unused)
{
	while (!kthread_should_stop()) {
		oracle_busy_wait();
		msleep(20);
	}
	return 0;
}

static int __init oracle_busy_init(void)
{
	thread = kthread_run(oracle_busy_thread, NULL, "oracle_busy");
	if (IS_ERR(thread))
		return PTR_ERR(thread);
	pr_info("%s: init\n", KBUILD_MODNAME);
	return 0;
}

static void __exit oracle_busy_exit(void)
{
	WRITE_ONCE(hold, false);
	kthread_stop(thread);
	pr_info("%s: exit\n", KBUILD_MODNAME);
}

module_init(oracle_busy_init);
module_exit(oracle_busy_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klp-callbacks oracle busy module: a thread that can be held in a function");
