/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * counter-objects.h - an end-to-end fixture: a header that declares a livepatch's objects, with the
 * kernel's own object written as "vmlinux" instead of NULL (vmlinux-name): VS Code opens it as C++.
 */
#include <linux/livepatch.h>

static struct klp_func header_funcs[] = {
	{
		.old_name = "uptime_proc_show",
		.new_func = header_uptime_show,
	}, { }
};

static struct klp_object header_objs[] = {
	{
		.name = "vmlinux",
		.funcs = header_funcs,
	}, { }
};
