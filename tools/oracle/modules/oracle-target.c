// SPDX-License-Identifier: GPL-2.0
/* The klp-callbacks oracle's target module: its init and exit each print one line. */
#define pr_fmt(fmt) "klp_oracle: " fmt

#include <linux/kernel.h>
#include <linux/module.h>

static int __init oracle_target_init(void)
{
	pr_info("%s: init\n", KBUILD_MODNAME);
	return 0;
}

static void __exit oracle_target_exit(void)
{
	pr_info("%s: exit\n", KBUILD_MODNAME);
}

module_init(oracle_target_init);
module_exit(oracle_target_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klp-callbacks oracle target module");
