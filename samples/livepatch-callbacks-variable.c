// SPDX-License-Identifier: GPL-2.0-only
/*
 * livepatch-callbacks-variable.c - callbacks kept in a const struct klp_callbacks and copied into
 * the object with `.callbacks = shadow_callbacks`; the new function attaches shadow variables.
 *
 * demo_conn is a module whose connections get a per-connection request counter. The counter is a
 * shadow variable allocated on first use; every one of them is freed in post_unpatch, once no task
 * can run the new code any more.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/module.h>
#include <linux/slab.h>

#define CONN_REQUESTS_SHADOW_ID 1

/* Mirrors the target module's definition. */
struct demo_conn {
	int id;
	unsigned long flags;
};

static bool accounting;

static int livepatch_demo_conn_request(struct demo_conn *conn)
{
	unsigned long *requests;

	if (!READ_ONCE(accounting))
		return 0;
	requests = klp_shadow_get_or_alloc(conn, CONN_REQUESTS_SHADOW_ID, sizeof(*requests),
					   GFP_ATOMIC, NULL, NULL);
	if (!requests)
		return -ENOMEM;
	(*requests)++;
	return 0;
}

static void livepatch_demo_conn_release(struct demo_conn *conn)
{
	klp_shadow_free(conn, CONN_REQUESTS_SHADOW_ID, NULL);
	kfree(conn);
}

static int conn_pre_patch(struct klp_object *obj)
{
	pr_info("preparing request accounting for %s\n", obj->name);
	return 0;
}

static void conn_post_patch(struct klp_object *obj)
{
	WRITE_ONCE(accounting, true);
}

static void conn_pre_unpatch(struct klp_object *obj)
{
	WRITE_ONCE(accounting, false);
}

static void conn_post_unpatch(struct klp_object *obj)
{
	klp_shadow_free_all(CONN_REQUESTS_SHADOW_ID, NULL);
}

static const struct klp_callbacks shadow_callbacks = {
	.pre_patch = conn_pre_patch,
	.post_patch = conn_post_patch,
	.pre_unpatch = conn_pre_unpatch,
	.post_unpatch = conn_post_unpatch,
};

static struct klp_func conn_funcs[] = {
	{
		.old_name = "demo_conn_request",
		.new_func = livepatch_demo_conn_request,
	}, {
		.old_name = "demo_conn_release",
		.new_func = livepatch_demo_conn_release,
	},
	{ }
};

static struct klp_object objs[] = {
	{
		.name = "demo_conn",
		.funcs = conn_funcs,
		.callbacks = shadow_callbacks,
	},
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int livepatch_callbacks_variable_init(void)
{
	return klp_enable_patch(&patch);
}

static void livepatch_callbacks_variable_exit(void)
{
}

module_init(livepatch_callbacks_variable_init);
module_exit(livepatch_callbacks_variable_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("Livepatch whose callbacks live in a struct klp_callbacks variable");
