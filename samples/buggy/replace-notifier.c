// SPDX-License-Identifier: GPL-2.0-only
/*
 * replace-notifier.c - BUGGY on purpose: a cumulative (atomic replace) livepatch that tracks
 * network devices with a notifier and per-device shadow data. Each planted bug is marked
 * `expect:` on the line where it is reported.
 *
 * Planted bugs:
 *   - replace-without-takeover (info): the patch replaces older versions, whose pre_unpatch will
 *     never run, yet post_patch registers the notifier without klp_get_prev_state(): an older
 *     version's notifier stays registered and points into a module that can now be unloaded.
 *   - internal-field: the module arms post_unpatch_enabled itself, so post_unpatch also runs
 *     after a failed pre_patch.
 *   - enable-from-callback: pre_unpatch re-enables a fallback patch through a helper; every
 *     callback runs under klp_mutex, which klp_enable_patch() takes again: a self-deadlock.
 *   - shadow-free-in-exit: module_exit frees the per-device shadow data, which the patch that
 *     replaced this one has inherited and is still using.
 *   - shadow-ctor-sleeps: the shadow constructor copies the device name with a GFP_KERNEL
 *     allocation, but constructors run under the shadow variables' spinlock.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/netdevice.h>

#define SV_NETDEV_STATS 0x4e44

struct netdev_extra {
	unsigned long resets;
	char *name;
};

static struct klp_patch fallback_patch;

static int netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	return NOTIFY_DONE;
}

static struct notifier_block netdev_nb = {
	.notifier_call = netdev_event,
};

static int netdev_extra_ctor(void *obj, void *shadow_data, void *ctor_data)
{
	struct netdev_extra *extra = shadow_data;
	struct net_device *dev = ctor_data;

	extra->name = kasprintf(GFP_KERNEL, "%s", dev->name);
	return extra->name ? 0 : -ENOMEM;
}

static int livepatch_dev_reset(struct net_device *dev)
{
	struct netdev_extra *extra;

	extra = klp_shadow_get_or_alloc(dev, SV_NETDEV_STATS, sizeof(*extra), GFP_KERNEL, /* expect: shadow-ctor-sleeps */
					netdev_extra_ctor, dev);
	if (extra)
		extra->resets++;
	return 0;
}

static int enable_fallback(void)
{
	return klp_enable_patch(&fallback_patch);
}

static void netdev_post_patch(struct klp_object *obj)
{
	if (register_netdevice_notifier(&netdev_nb))
		pr_warn("replace-notifier: no netdev notifier\n");
}

static void netdev_pre_unpatch(struct klp_object *obj)
{
	unregister_netdevice_notifier(&netdev_nb);
	if (enable_fallback()) /* expect: enable-from-callback */
		pr_warn("replace-notifier: fallback patch not enabled\n");
}

static struct klp_func funcs[] = {
	{
		.old_name = "dev_reset",
		.new_func = livepatch_dev_reset,
	}, { }
};

static struct klp_object objs[] = {
	{
		.funcs = funcs,
		.callbacks = {
			.post_patch = netdev_post_patch,
			.pre_unpatch = netdev_pre_unpatch,
			.post_unpatch_enabled = true, /* expect: internal-field */
		},
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
	.replace = true, /* expect: replace-without-takeover */
};

static int replace_notifier_init(void)
{
	return klp_enable_patch(&patch);
}

static void replace_notifier_exit(void)
{
	klp_shadow_free_all(SV_NETDEV_STATS, NULL); /* expect: shadow-free-in-exit */
}

module_init(replace_notifier_init);
module_exit(replace_notifier_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
