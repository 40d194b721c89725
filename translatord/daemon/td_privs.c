/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capabilities, thread by thread: see td_privs.h.
 */
#include <zebra.h>

#include <linux/capability.h>
#include <sys/syscall.h>

#include "frrcu.h"
#include "log.h"

#include "td_privs.h"

bool td_privs_thread_keep(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	bool permitted = false;
	uint32_t bit = cap >= 0 ? 1u << (cap % 32) : 0;

	memset(d, 0, sizeof(d));
	if (cap >= 0 && syscall(SYS_capget, &hdr, d) == 0)
		permitted = d[cap / 32].permitted & bit;
	memset(d, 0, sizeof(d));
	if (permitted)
		d[cap / 32].permitted = d[cap / 32].effective = bit;
	if (syscall(SYS_capset, &hdr, d) != 0)
		zlog_warn("cannot set this thread's capabilities: %s",
			  safe_strerror(errno));
	return permitted;
}

/* What rcu_call() would set up: libfrr 8.4's macro does not compile
 * (it declares fptype and assigns _fptype). */
static struct {
	struct rcu_head rcu;
} rcu_drop;

static void rcu_drop_caps(void *arg)
{
	/* libfrr runs the action at once, in the caller, while no other
	 * thread has started RCU: never in the FRR thread. */
	if (syscall(SYS_gettid) != getpid())
		td_privs_thread_keep(-1);
}

static const struct rcu_action rcu_drop_action = {
	.type = RCUA_CALL,
	.u.call = {.fptr = rcu_drop_caps, .offset = 0},
};

void td_privs_drop_in_rcu_thread(void)
{
	rcu_enqueue(&rcu_drop.rcu, &rcu_drop_action);
}
